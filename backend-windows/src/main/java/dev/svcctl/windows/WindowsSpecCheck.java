package dev.svcctl.windows;

import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.Paths;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.spec.UnitDependencies;
import dev.svcctl.windows.host.StopDelivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What of a spec the Windows SCM backend cannot honour, each named by its key path. */
final class WindowsSpecCheck {
    private static final Set<Signal> STOP_SIGNALS = Set.of(Signal.TERM, Signal.INT, Signal.KILL);
    private static final int MAX_DISPLAY_NAME = 256;

    private WindowsSpecCheck() {
    }

    static List<SpecProblem> check(ServiceSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec.name().indexOf('@') >= 0) {
            problems.add(new SpecProblem("name", "'" + spec.name() + "' is a systemd template instance; Windows"
                    + " services have no templates", "use a name without '@', such as "
                    + spec.name().replace('@', '-')));
        }
        for (int i = 0; i < spec.dependsOn().size(); i++) {
            String dependency = spec.dependsOn().get(i);
            Optional<String> unitSuffix = UnitDependencies.suffix(dependency);
            if (dependency.indexOf('@') >= 0) {
                problems.add(new SpecProblem("dependsOn[" + i + "]", "'" + dependency + "' is a"
                        + " systemd template instance; Windows services have no templates", "name the service"));
            } else if (unitSuffix.isPresent()) {
                // SCM dependencies are services (and load-order groups, which a spec cannot name): a systemd
                // unit of another type has no counterpart, and 'app.service' would name a service of that name.
                String bare = dependency.substring(0, dependency.length() - unitSuffix.get().length());
                problems.add(new SpecProblem("dependsOn[" + i + "]", "'" + dependency + "' names a systemd "
                        + unitSuffix.get().substring(1) + " unit; Windows services depend only on other services",
                        unitSuffix.get().equals(".service") ? "name the service without .service: '" + bare + "'"
                                : "name the Windows service it stands for (e.g. EventLog for syslog.socket,"
                                + " LanmanWorkstation for remote-fs.target), or after: [network] for the network"));
            }
        }
        if (spec.scope() == Scope.USER && spec.platform().windows().serviceHost() == PlatformSpec.ServiceHost.SHARED) {
            problems.add(new SpecProblem("platform.windows.serviceHost", "a shared host process is a service's"
                    + " (scope: system); a user-scope service runs in its own svcctl run", "remove serviceHost, or"
                    + " use scope: system"));
        }
        if (spec.scope() == Scope.USER) {
            userScope(problems, spec);
        } else if (spec.platform().windows().userAutostart() == PlatformSpec.UserAutostart.RUN_KEY) {
            problems.add(new SpecProblem("platform.windows.userAutostart", "the Run key starts a program at a"
                    + " user's logon; a service (scope: system) is started by SCM", "use scope: user, or remove"
                    + " userAutostart"));
        }
        if (spec.supervisor() == SupervisorMode.NATIVE) {
            problems.add(new SpecProblem("supervisor", "SCM cannot run a plain program as a service; on Windows the"
                    + " svcctl service host always runs it", "use supervisor: auto"));
        }
        if (Paths.isPosixAbsolute(spec.exec())) {
            problems.add(new SpecProblem("exec", "'" + spec.exec() + "' is a POSIX path", "give a Windows path such"
                    + " as C:\\app\\app.exe, or a bare command name found on PATH"));
        } else {
            commandLine(problems, spec);
        }
        windowsPath(problems, "workingDirectory", spec.workingDirectory());
        for (int i = 0; i < spec.envFiles().size(); i++) {
            windowsPath(problems, "envFile[" + i + "]", Optional.of(spec.envFiles().get(i).path()));
        }
        windowsPath(problems, "logs.dir", spec.logs().dir());
        if (spec.hooks().isPresent()) {
            hookProgram(problems, "hooks.preStart[0]", spec.hooks().get().preStart());
            hookProgram(problems, "hooks.postStop[0]", spec.hooks().get().postStop());
        }
        if (!STOP_SIGNALS.contains(spec.stop().signal())) {
            problems.add(new SpecProblem("stop.signal", "Windows programs cannot receive " + spec.stop().signal()
                    + "; a stop is Ctrl-C then termination", "use TERM, INT or KILL"));
        }
        if (!spec.reloadExec().isEmpty()) {
            problems.add(new SpecProblem("reload.exec", "the Windows service host takes no reload request, so"
                    + " svcctl reload cannot run this command", "remove reload for Windows, or restart instead"));
        }
        if (spec.stop().mode() == StopMode.PROCESS) {
            // Each program runs in a KILL_ON_JOB_CLOSE job object (JnaProgramControl): when the host closes it, at a
            // stop or when the host itself ends, every process in it dies, children included.
            problems.add(new SpecProblem("stop.mode", "the Windows service host ends the program's whole job"
                    + " object, children included", "use stop.mode: group"));
        }
        spec.reloadSignal().ifPresent(s -> problems.add(new SpecProblem("reload.signal",
                "Windows programs have no signals, so svcctl cannot deliver " + s + " for a reload",
                "remove reload for Windows, or restart instead")));
        readiness(problems, spec);
        journal(problems, "logs.stdout", spec.logs().stdout());
        journal(problems, "logs.stderr", spec.logs().stderr());
        if (spec.limits().openFiles().isPresent()) {
            problems.add(new SpecProblem("limits.openFiles", "Windows has no per-process limit on open files",
                    "remove it for Windows"));
        }
        if (!spec.platform().windows().stopMethods().isEmpty()
                && StopDelivery.of(spec.stop().signal()) == StopDelivery.TERMINATE) {
            problems.add(new SpecProblem("platform.windows.stopMethods", "stop.signal KILL terminates the program"
                    + " at once, so no stop method would be tried", "use stop.signal TERM with stopMethods"));
        }
        failureSteps(problems, spec);
        cpuAffinity(problems, spec);
        account(problems, spec);
        environment(problems, spec);
        if (spec.displayName().length() > MAX_DISPLAY_NAME) {
            problems.add(new SpecProblem("displayName", "SCM display names are at most " + MAX_DISPLAY_NAME
                    + " characters", (String) null));
        }
        return problems;
    }

    /**
     * The service host probes tcp, http and exec readiness (the service stays START_PENDING until then); notify and
     * the watchdog need sd_notify over a Unix datagram socket, and pidFile a program that forks into a daemon.
     */
    private static void readiness(List<SpecProblem> problems, ServiceSpec spec) {
        String probes = "use readiness.tcp, http or exec, which the Windows service host probes";
        if (spec.readiness().isPresent()) {
            switch (spec.readiness().get().kind()) {
                case NOTIFY -> problems.add(new SpecProblem("readiness.notify", "the sd_notify protocol (READY=1"
                        + " over a Unix datagram socket) does not exist on Windows", probes));
                case PID_FILE -> problems.add(new SpecProblem("readiness.pidFile", "Windows programs do not fork"
                        + " into a daemon that writes a pid file", probes));
                default -> {
                }
            }
        }
        if (spec.watchdog().isPresent()) {
            problems.add(new SpecProblem("watchdog", "the watchdog is kept over sd_notify (WATCHDOG=1), which"
                    + " Windows cannot carry", "remove it for Windows; a healthCheck restarts a program that stops"
                    + " answering"));
        }
    }

    /** The longest delay an SC_ACTION holds: a DWORD of milliseconds (about 49.7 days). */
    static final long MAX_ACTION_DELAY_MS = 0xFFFF_FFFFL;

    /** A hook's program is looked up as the program's is (the service host starts both the same way). */
    private static void hookProgram(List<SpecProblem> problems, String key, List<String> command) {
        if (!command.isEmpty() && Paths.isPosixAbsolute(command.get(0))) {
            problems.add(new SpecProblem(key, "'" + command.get(0) + "' is a POSIX path", "give a Windows path such"
                    + " as C:\\app\\tool.exe, or a bare command name found on PATH"));
        }
    }

    /**
     * Written failure steps that SCM cannot hold: SERVICE_FAILURE_ACTIONS has one lpCommand for every run-command
     * action, and each delay is a DWORD of milliseconds.
     */
    private static void failureSteps(List<SpecProblem> problems, ServiceSpec spec) {
        List<PlatformSpec.FailureStep> steps = spec.platform().windows().failureSteps();
        String command = null;
        for (int i = 0; i < steps.size(); i++) {
            PlatformSpec.FailureStep step = steps.get(i);
            String at = "platform.windows.failureActions[" + i + "]";
            if (step.delay().toMillis() > MAX_ACTION_DELAY_MS) {
                problems.add(new SpecProblem(at + ".delay", "SCM holds a failure action's delay in milliseconds up"
                        + " to about 49 days", "use a shorter delay"));
            }
            if (step.command().isPresent()) {
                if (command == null) {
                    command = step.command().get();
                } else if (!command.equals(step.command().get())) {
                    problems.add(new SpecProblem(at + ".command", "Windows keeps one command for all run actions of"
                            + " a service, and an earlier run step names another", "give every run step the same"
                            + " command"));
                }
            }
        }
    }

    private static void cpuAffinity(List<SpecProblem> problems, ServiceSpec spec) {
        if (!spec.cpuAffinity().isEmpty()) {
            problems.add(new SpecProblem("cpuAffinity", "the Windows service host does not limit the program to"
                    + " CPUs yet (it would be the job object's affinity)", "remove it for Windows; svcctl does not"
                    + " apply it there yet"));
        }
    }

    /** A user-scope task runs as the user who logs on: service-only settings cannot apply. */
    private static void userScope(List<SpecProblem> problems, ServiceSpec spec) {
        var windows = spec.platform().windows();
        // Task Scheduler gives a task a service SID and trimmed privileges only when it runs as LocalService or
        // NetworkService; a task at the user's logon runs with the user's own token.
        if (spec.hardening() != Hardening.NONE) {
            problems.add(new SpecProblem("hardening", "a user-scope task runs with the token of the user who logs"
                    + " on: Windows gives it no service SID and no reduced privileges", "use hardening: none for"
                    + " scope: user, or scope: system"));
        }
        if (windows.sidType().isPresent()) {
            problems.add(new SpecProblem("platform.windows.sidType", "only services have a service SID",
                    "remove it for scope: user"));
        }
        if (windows.requiredPrivileges().isPresent()) {
            problems.add(new SpecProblem("platform.windows.requiredPrivileges", "only services can require"
                    + " privileges", "remove it for scope: user"));
        }
        if (!windows.account().equalsIgnoreCase("LocalSystem") || windows.passwordEnv().isPresent()) {
            problems.add(new SpecProblem("platform.windows.account", "a user-scope task runs as the user who logs"
                    + " on", "remove platform.windows.account and passwordEnv, or use scope: system"));
        }
        if (windows.preshutdownTimeout().isPresent()) {
            problems.add(new SpecProblem("platform.windows.preshutdownTimeout", "only services get a preshutdown"
                    + " notification", "remove it for scope: user"));
        }
        if (windows.failureActions() == PlatformSpec.FailureActions.STEPS) {
            problems.add(new SpecProblem("platform.windows.failureActions", "only services have SCM failure"
                    + " actions; at logon, svcctl run's restart policy restarts the program",
                    "remove the steps for scope: user"));
        }
        if (windows.failureResetPeriod().isPresent()) {
            problems.add(new SpecProblem("platform.windows.failureResetPeriod", "only services have SCM failure"
                    + " actions", "remove it for scope: user"));
        }
        if (windows.userAutostart() == PlatformSpec.UserAutostart.RUN_KEY
                && spec.startup() != dev.svcctl.spec.Startup.AUTO) {
            problems.add(new SpecProblem("startup", "a Run key value starts the program at every logon, at once:"
                    + " it has no delay, and no manual or disabled state", "use startup: auto, or"
                    + " userAutostart: task"));
        }
        if (!spec.dependsOn().isEmpty()) {
            problems.add(new SpecProblem("dependsOn", "a scheduled task cannot depend on services",
                    "remove dependsOn for scope: user"));
        }
    }

    private static void commandLine(List<SpecProblem> problems, ServiceSpec spec) {
        List<String> argv = spec.argv();
        String problem = WindowsCommandLine.problem(argv);
        if (problem != null) {
            int index = problem.startsWith("argument ") ? Integer.parseInt(problem.split(" ")[1]) : 0;
            problems.add(new SpecProblem(index == 0 ? "exec" : "args[" + (index - 1) + "]", problem, (String) null));
            return;
        }
        int length = WindowsCommandLine.of(argv).length();
        if (length > WindowsCommandLine.MAX_LENGTH) {
            problems.add(new SpecProblem("args", "the program's command line would be " + length
                    + " characters; Windows allows " + WindowsCommandLine.MAX_LENGTH, "pass long data in a file"));
        }
    }

    private static void windowsPath(List<SpecProblem> problems, String key, Optional<String> path) {
        if (path.isPresent() && !Paths.isWindowsAbsolute(path.get())) {
            problems.add(new SpecProblem(key, "'" + path.get() + "' is not an absolute Windows path",
                    "e.g. C:\\ProgramData\\app"));
        }
    }

    private static void journal(List<SpecProblem> problems, String key, LogTarget target) {
        if (target == LogTarget.JOURNAL) {
            problems.add(new SpecProblem(key, "Windows has no journal", "use file, the default on Windows"));
        }
    }

    private static void account(List<SpecProblem> problems, ServiceSpec spec) {
        var windows = spec.platform().windows();
        WindowsAccount account = WindowsAccount.of(windows.account(), spec.name(), windows.passwordEnv());
        if (account.kind() == WindowsAccount.Kind.LOCAL_SYSTEM) {
            // Running as LocalSystem when the spec asks for an unprivileged user would be a silent escalation.
            spec.user().ifPresent(u -> problems.add(new SpecProblem("user", "Windows services run as"
                    + " platform.windows.account, which is LocalSystem here, not '" + u + "'",
                    "set platform.windows.account, e.g. virtual, or DOMAIN\\user with passwordEnv")));
            spec.group().ifPresent(g -> problems.add(new SpecProblem("group", "Windows services have no group;"
                    + " the account is platform.windows.account", "set platform.windows.account")));
        }
        if (account.kind() == WindowsAccount.Kind.VIRTUAL && spec.scope() == Scope.SYSTEM
                && windows.sidType().equals(Optional.of(PlatformSpec.SidType.NONE))) {
            problems.add(new SpecProblem("platform.windows.sidType", "a virtual account (NT SERVICE\\"
                    + spec.name() + ") is the service SID, so it cannot be none", "use unrestricted or restricted,"
                    + " or leave sidType out"));
        }
        if (account.needsPassword() && windows.passwordEnv().isEmpty()) {
            problems.add(new SpecProblem("platform.windows.account", "the account '" + windows.account()
                    + "' needs a password at install time", "set platform.windows.passwordEnv to the name of an"
                    + " environment variable that holds it"));
        }
        if (!account.needsPassword() && windows.passwordEnv().isPresent()) {
            problems.add(new SpecProblem("platform.windows.passwordEnv", "the account '" + windows.account()
                    + "' (" + account.kind().key() + ") has no password", "remove passwordEnv"));
        }
    }

    private static void environment(List<SpecProblem> problems, ServiceSpec spec) {
        Map<String, String> seen = new HashMap<>();
        for (String name : spec.env().keySet()) {
            String earlier = seen.putIfAbsent(name.toUpperCase(Locale.ROOT), name);
            if (earlier != null) {
                problems.add(new SpecProblem("env." + name, "Windows environment names ignore case, so " + name
                        + " and " + earlier + " are the same variable", "keep one of them"));
            }
        }
    }
}
