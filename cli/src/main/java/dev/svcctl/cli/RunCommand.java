package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.supervisor.Outcome;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.supervisor.ProcessPorts;
import dev.svcctl.supervisor.Supervisor;
import dev.svcctl.supervisor.SupervisorEvent;
import dev.svcctl.supervisor.SupervisorSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

final class RunCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "run",
                        "Host a program in the foreground under the svcctl supervisor: restarts with backoff, graceful"
                                + " stop that leaves no process behind, rotated file logs, health checks.",
                        "SIGTERM or SIGINT (Ctrl-C) stops it; SIGHUP sends the program reload.signal.",
                        "Exit 0 after a requested stop or a clean end, 1 when the program failed for good.")
                .addPositional(PositionalParamSpec.builder().paramLabel("FILE").arity("0..1").type(Path.class)
                        .description("Service spec file (YAML).").build())
                .addOption(Options.valued(String.class, "NAME", "Run an installed service by name (its spec in"
                        + " /etc/svcctl/services/NAME.yaml, or with --user in ~/.config/svcctl/services/NAME.yaml).",
                        "--name").build())
                .addOption(ScopeOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        Path file = call.parameter(0);
        String name = call.option("--name");
        boolean user = ScopeOption.user(call);
        if ((file == null) == (name == null)) {
            throw new ParameterException(call.commandLine(), "give either a spec FILE or --name NAME");
        }
        SvcctlPaths paths = SvcctlPaths.current();
        ServiceSpec spec = SpecLoader.load(file != null ? file : installedSpec(paths, name, user)).spec();
        if (name != null && !spec.name().equals(name)) {
            throw new BackendException(ExitCode.FAILED, "the installed spec for '" + name + "' names the service '"
                    + spec.name() + "'", "reinstall the service with 'svcctl install'");
        }
        checkUser(spec);
        ProcessPort port = ProcessPorts.forCurrentOs().orElseThrow(() -> new BackendException(ExitCode.UNAVAILABLE,
                "'svcctl run' is not available on this OS yet", "install the service with 'svcctl install'"));

        PrintWriter err = call.err();
        Supervisor supervisor = new Supervisor(spec, settings(spec, paths), port, event -> report(err, spec, event));
        Runnable restoreSignals = port.onSignals(supervisor::stop, supervisor::reload);
        try {
            supervisor.start();
            Outcome outcome = supervisor.awaitExit();
            return outcome.exitCode() == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot open the log files of " + spec.name() + ": "
                    + describe(e), "set logs.dir to a writable directory, or logs.stdout/logs.stderr to inherit");
        } finally {
            restoreSignals.run();
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + ": " + fs.getFile();
        }
        return e.getMessage();
    }

    private static Path installedSpec(SvcctlPaths paths, String name, boolean user) throws BackendException {
        Path installed = paths.installedSpec(name, user ? Scope.USER : Scope.SYSTEM);
        if (!Files.exists(installed)) {
            throw new BackendException(ExitCode.NOT_INSTALLED, "'" + name + "' is not installed (no " + installed + ")",
                    "install it with 'svcctl install FILE'" + (user ? "" : ", or add --user for a user service"));
        }
        return installed;
    }

    /** The supervisor does not change accounts: the init system does (systemd User=), or the caller runs as it. */
    private static void checkUser(ServiceSpec spec) throws BackendException {
        String current = System.getProperty("user.name", "");
        if (spec.user().isPresent() && !spec.user().get().equals(current)) {
            throw new BackendException(ExitCode.PERMISSION_DENIED, "the spec runs " + spec.name() + " as '"
                    + spec.user().get() + "' but svcctl run is running as '" + current + "'",
                    "run it as that user (e.g. 'sudo -u " + spec.user().get() + " svcctl run ...'), or remove 'user'");
        }
    }

    /** Under systemd (JOURNAL_STREAM set) {@code default} logs go to the journal, elsewhere to files. */
    private static SupervisorSettings settings(ServiceSpec spec, SvcctlPaths paths) {
        LogTarget platformDefault = System.getenv("JOURNAL_STREAM") != null ? LogTarget.JOURNAL : LogTarget.FILE;
        return new SupervisorSettings(platformDefault, paths.defaultLogDir(spec.name(), spec.scope()),
                Optional.of(paths.stateFile(spec.name())), System.getenv(), Clock.systemDefaultZone());
    }

    private static void report(PrintWriter err, ServiceSpec spec, SupervisorEvent event) {
        err.println("svcctl[" + spec.name() + "]: " + event.message());
        err.flush();
    }
}
