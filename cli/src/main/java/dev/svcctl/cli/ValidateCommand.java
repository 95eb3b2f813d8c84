package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.spec.LoadedSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

final class ValidateCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "validate",
                        "Check spec files; with --backend also check that the backend can honour them.")
                .addPositional(Options.specFiles())
                .addOption(BackendOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        Backend backend = BackendOption.named(call) == null ? null : BackendOption.select(call);
        List<Path> files = call.parameters(0);
        for (LoadedSpec loaded : SpecFiles.load(files, backend)) {
            call.out().println(loaded.sources().file() + ": ok (" + loaded.spec().name() + ")");
        }
        return 0;
    }
}
