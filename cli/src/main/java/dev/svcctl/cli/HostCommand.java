package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.WindowsPaths;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.SpecError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What init systems run, hidden from the usage help because nobody else does. On Windows, {@code host --name NAME}
 * is the service host: the binary path of every service svcctl installs runs this, and it hands the installed spec
 * to {@code ServiceHostMain} (JNA from there on). On systemd, {@code host [--user]} is the shared host
 * ({@link SharedHost}, unit {@code svcctl-host.service}): it routes the logs and runs the health checks of every
 * service systemd supervises natively that needs it (docs/supervisor.md, "The shared host"). The OS is checked
 * before anything else, so the wrong form fails at once without loading JNA.
 */
final class HostCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Options.command(this, "host",
                        "Run what an init system starts, not meant to be run by hand: on Windows (--name NAME) an"
                                + " installed service as the Service Control Manager's service; on systemd (no --name)"
                                + " the shared host, svcctl-host.service.",
                        "Windows: reads C:\\ProgramData\\svcctl\\services\\NAME.yaml and runs the program under"
                                + " the svcctl supervisor. systemd: serves every installed spec of its scope with"
                                + " supervisor: auto that needs rotated file logs, a health check or probe readiness"
                                + " (their programs are systemd's own units); SIGHUP rereads the specs, SIGTERM ends it"
                                + " without touching any program.",
                        "Exit 0 after the service (or the shared host) stopped, the program's exit code (or 3) when the"
                                + " restart policy gave up, 69 for the form this OS has not.")
                .addOption(Options.valued(String.class, "NAME", "The installed service's name (Windows).", "--name")
                        .build())
                .addOption(Options.valued(String.class, "GROUP", "The shared service group whose installed services"
                        + " this process runs (Windows, platform.windows.serviceHost: shared).", "--group").build())
                .addOption(ScopeOption.spec());
        spec.usageMessage().hidden(true);
        return spec;
    }

    @Override
    public int run(Invocation call) throws Exception {
        String name = call.option("--name");
        String group = call.option("--group");
        if (group != null) {
            return runGroup(group, name);
        }
        if (name == null) {
            return SharedHostRun.run(ScopeOption.user(call));
        }
        if (!Host.CURRENT.osName().startsWith("Windows")) {
            throw new BackendException(ExitCode.UNAVAILABLE, "'svcctl host' runs only on Windows, started by the"
                    + " Service Control Manager (this is " + Host.CURRENT.osName() + ")",
                    "use 'svcctl run --name " + name + "' to supervise a program in the foreground");
        }
        Path specFile = Path.of(WindowsPaths.specFile(name));
        ServiceSpec spec;
        try {
            spec = load(name, specFile);
        } catch (BackendException | InvalidSpecException e) {
            // Started by the SCM, nobody reads stderr: tell the SCM (a service-specific exit code) and the Event Log.
            int code = e instanceof BackendException failure ? failure.exitCode().code() : ExitCode.INVALID_SPEC.code();
            String message = e instanceof InvalidSpecException invalid
                    ? invalid.errors().stream().map(SpecError::format).collect(Collectors.joining("; "))
                    : e.getMessage();
            if (WindowsHost.fail(name, code, message) == WindowsHost.NOT_STARTED_BY_SCM) {
                throw e;
            }
            return code;
        }
        int result = WindowsHost.run(spec);
        if (result == WindowsHost.NOT_STARTED_BY_SCM) {
            throw new BackendException(ExitCode.FAILED, "'svcctl host' must be started by the Service Control Manager"
                    + " (StartServiceCtrlDispatcher: error " + result + ")", "start the service with 'svcctl start "
                    + name + "'");
        }
        return result == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    /**
     * {@code host --group GROUP}: the shared host process of a Windows service group, whose dispatcher table is
     * every installed service of the group (docs/windows.md, "Shared service hosts").
     */
    private static int runGroup(String group, String name) throws Exception {
        if (name != null) {
            throw new BackendException(ExitCode.USAGE, "'svcctl host' takes --name or --group, not both", null);
        }
        if (!Host.CURRENT.osName().startsWith("Windows")) {
            throw new BackendException(ExitCode.UNAVAILABLE, "'svcctl host --group' runs only on Windows, started by"
                    + " the Service Control Manager (this is " + Host.CURRENT.osName() + ")", null);
        }
        if (!dev.svcctl.windows.ServiceGroup.isName(group)) {
            throw new BackendException(ExitCode.USAGE, "'" + group + "' is not a service group name",
                    "render --backend windows shows a shared service's serviceGroup");
        }
        java.util.List<String> members = dev.svcctl.windows.host.ServiceGroupHost.installed(
                Path.of(WindowsPaths.SERVICES_DIR), group);
        if (members.isEmpty()) {
            throw new BackendException(ExitCode.NOT_INSTALLED, "no installed service is in group " + group,
                    "install a spec with platform.windows.serviceHost: shared");
        }
        int result = WindowsHost.runGroup(group, members);
        if (result == WindowsHost.NOT_STARTED_BY_SCM) {
            throw new BackendException(ExitCode.FAILED, "'svcctl host' must be started by the Service Control Manager"
                    + " (StartServiceCtrlDispatcher: error " + result + ")", "start one of its services with"
                    + " 'svcctl start NAME'");
        }
        return result == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    private static ServiceSpec load(String name, Path specFile) throws BackendException, InvalidSpecException {
        if (!Files.exists(specFile)) {
            throw new BackendException(ExitCode.NOT_INSTALLED, "'" + name + "' is not installed (no " + specFile + ")",
                    "install it with 'svcctl install FILE'");
        }
        ServiceSpec spec = SpecLoader.load(specFile).spec();
        if (!spec.name().equals(name)) {
            throw new BackendException(ExitCode.FAILED, "the installed spec for '" + name + "' names the service '"
                    + spec.name() + "'", "reinstall the service with 'svcctl install'");
        }
        return spec;
    }

    /** A class of its own so that HostCommand's code never names a JNA-loading class before the OS check. */
    private static final class WindowsHost {
        static final int NOT_STARTED_BY_SCM = 1063;

        static int run(ServiceSpec spec) {
            return dev.svcctl.windows.jna.ServiceHostMain.run(spec);
        }

        static int runGroup(String group, java.util.List<String> members) {
            return dev.svcctl.windows.jna.ServiceHostMain.runGroup(group, members);
        }

        static int fail(String name, int code, String message) {
            return dev.svcctl.windows.jna.ServiceHostMain.fail(name, code, message);
        }
    }
}
