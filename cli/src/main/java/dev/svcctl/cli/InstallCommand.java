package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.spec.LoadedSpec;
import dev.svcctl.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Register, enable and start services from spec files; re-installing updates in place.")
final class InstallCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Service spec files (YAML).")
    List<Path> files;

    @Mixin
    BackendOption backendOption;

    @Mixin
    ScopeOption scope;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--dry-run", description = "Show what would change and change nothing.")
    boolean dryRun;

    @Option(names = "--no-start", description = "Do not start the services.")
    boolean noStart;

    @Option(names = "--no-restart", description = "Do not restart running services whose spec changed.")
    boolean noRestart;

    @Option(names = "--force", description = "Take over an existing service svcctl did not create (keeps a backup).")
    boolean force;

    @Option(names = "--root", paramLabel = "DIR", description = "Write files under DIR and call nothing (packaging).")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Backend backend = backendOption.select();
        List<ServiceSpec> specs = SpecFiles.load(files, backend).stream().map(LoadedSpec::spec).toList();
        List<InstallResult> results = backend.install(specs,
                new InstallOptions(dryRun, noStart, noRestart, force, scope.user, Optional.ofNullable(root)));
        for (InstallResult result : results) {
            spec.commandLine().getOut().println(result.name() + ": " + result.action().name().toLowerCase()
                    + " (" + result.location() + ")");
        }
        return 0;
    }
}
