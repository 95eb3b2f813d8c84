package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.spec.LoadedSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check spec files; with --backend also check that the backend can honour them.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Service spec files (YAML).")
    List<Path> files;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Backend backend = backendOption.backend == null ? null : backendOption.select();
        List<LoadedSpec> specs = SpecFiles.load(files, backend);
        for (LoadedSpec loaded : specs) {
            spec.commandLine().getOut().println(loaded.sources().file() + ": ok (" + loaded.spec().name() + ")");
        }
        return 0;
    }
}
