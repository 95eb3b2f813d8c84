package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.spec.LoadedSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

final class ValidateCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "validate",
                        "Check spec files; with --backend also check that the backend can honour them.")
                .addPositional(Options.specFiles())
                .addOption(BackendOption.spec())
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        Backend backend = BackendOption.named(call) == null ? null : BackendOption.select(call);
        List<Path> files = call.parameters(0);
        List<LoadedSpec> specs = SpecFiles.load(files, backend);
        if (JsonOption.isOn(call)) {
            List<Map<String, Object>> valid = new ArrayList<>();
            for (LoadedSpec loaded : specs) {
                Map<String, Object> file = Json.object();
                file.put("file", loaded.sources().file());
                file.put("service", loaded.spec().name());
                valid.add(file);
            }
            Map<String, Object> document = Json.object();
            document.put("files", valid);
            JsonOption.print(call, document);
            return 0;
        }
        for (LoadedSpec loaded : specs) {
            call.out().println(loaded.sources().file() + ": ok (" + loaded.spec().name() + ")");
        }
        return 0;
    }
}
