package dev.svcctl.cli;

import com.google.gson.JsonParser;
import dev.svcctl.spec.SchemaFile;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code svcctl schema}: the spec's JSON Schema, for editors and CI. It is JSON already and printed as shipped; with
 * {@code --json} it is wrapped in the documents' shape, {@code {"version": 1, "schema": {...}}}, as every command's
 * --json output is (docs/json.md).
 */
final class SchemaCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "schema",
                        "Print the JSON Schema of the service spec (for editors and CI validators).",
                        "Example: svcctl schema > service-spec-v1.schema.json (the file as shipped; --json wraps it as"
                                + " {\"version\": 1, \"schema\": ...} like every command's --json)")
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) {
        String text = SchemaFile.text();
        if (JsonOption.isOn(call)) {
            Map<String, Object> document = Json.object();
            document.put("schema", JsonParser.parseString(text));
            JsonOption.print(call, document);
            return 0;
        }
        call.out().print(text.endsWith("\n") ? text : text + "\n");
        call.out().flush();
        return 0;
    }
}
