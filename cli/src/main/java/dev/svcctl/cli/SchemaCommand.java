package dev.svcctl.cli;

import dev.svcctl.spec.SchemaFile;
import picocli.CommandLine.Model.CommandSpec;

/** {@code svcctl schema}: the spec's JSON Schema, for editors and CI (it is JSON already, with or without --json). */
final class SchemaCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "schema",
                        "Print the JSON Schema of the service spec (for editors and CI validators).",
                        "Example: svcctl schema > service-spec-v1.schema.json")
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) {
        String text = SchemaFile.text();
        call.out().print(text.endsWith("\n") ? text : text + "\n");
        call.out().flush();
        return 0;
    }
}
