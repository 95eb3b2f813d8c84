package dev.svcctl.windows;

import dev.svcctl.spec.Milestone;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Computes the SCM registration of a spec that {@link WindowsSpecCheck} accepted. Pure. */
final class RegistrationRenderer {
    /** SCM keeps a list of actions whose last one repeats; three give a short back-off. */
    static final int FAILURE_ACTION_COUNT = 3;

    private RegistrationRenderer() {
    }

    static ScmRegistration render(ServiceSpec spec, WindowsLaunch launch) {
        java.util.Optional<String> group = ServiceGroup.of(spec);
        String binaryPath = WindowsCommandLine.of(group.map(launch::groupHostArgv)
                .orElseGet(() -> launch.hostArgv(spec.name())));
        PlatformSpec.Windows windows = spec.platform().windows();
        ScmRegistration.StartType startType = switch (spec.startup()) {
            case AUTO, DELAYED -> ScmRegistration.StartType.AUTO;
            case MANUAL -> ScmRegistration.StartType.DEMAND;
            case DISABLED -> ScmRegistration.StartType.DISABLED;
        };
        return new ScmRegistration(
                spec.name(),
                spec.displayName(),
                spec.description().orElse(""),
                binaryPath,
                WindowsCommandLine.of(spec.argv()),
                startType,
                spec.startup() == dev.svcctl.spec.Startup.DELAYED,
                WindowsAccount.of(windows.account(), spec.name(), windows.passwordEnv()),
                dependencies(spec),
                failureActions(spec, group.isPresent()),
                OptionalLong.of(preshutdownTimeout(spec).toMillis()),
                windows.eventLog(),
                sidType(spec),
                requiredPrivileges(spec),
                WindowsPaths.specFile(spec.name()),
                spec.logs().dir().orElse(WindowsPaths.logDirectory(spec.name())),
                launch.svcctlHome(),
                launch.javaHome(),
                JobLimits.of(spec),
                dev.svcctl.windows.host.StopPlan.of(spec).methods(),
                group.isPresent() ? ScmRegistration.ServiceType.SHARE_PROCESS
                        : ScmRegistration.ServiceType.OWN_PROCESS,
                group);
    }

    /**
     * How long SCM waits for the service at shutdown: {@code platform.windows.preshutdownTimeout}, or else the stop
     * timeout plus the margin install also allows a stop ({@link ScmOperations#STOP_MARGIN}). Always set, because the
     * system default differs between versions (180 s before Windows 10, 10 s on Windows Server 2022) and the shorter
     * one would kill a program that takes longer to stop at every reboot. At most what the DWORD of milliseconds holds.
     */
    static Duration preshutdownTimeout(ServiceSpec spec) {
        Duration timeout = spec.platform().windows().preshutdownTimeout()
                .orElse(spec.stop().timeout().plus(ScmOperations.STOP_MARGIN));
        return timeout.compareTo(MAX_PRESHUTDOWN) > 0 ? MAX_PRESHUTDOWN : timeout;
    }

    /**
     * The service SID: {@code platform.windows.sidType}, or else the hardening preset's (basic: unrestricted,
     * strict: restricted). A virtual account (NT SERVICE\NAME) is the service SID itself, so it has at least an
     * unrestricted one (WindowsSpecCheck refuses an explicit none with it).
     */
    static ScmRegistration.SidType sidType(ServiceSpec spec) {
        PlatformSpec.Windows windows = spec.platform().windows();
        ScmRegistration.SidType type = windows.sidType().map(t -> switch (t) {
            case NONE -> ScmRegistration.SidType.NONE;
            case UNRESTRICTED -> ScmRegistration.SidType.UNRESTRICTED;
            case RESTRICTED -> ScmRegistration.SidType.RESTRICTED;
        }).orElse(switch (spec.hardening()) {
            case NONE -> ScmRegistration.SidType.NONE;
            case BASIC -> ScmRegistration.SidType.UNRESTRICTED;
            case STRICT -> ScmRegistration.SidType.RESTRICTED;
        });
        boolean virtual = WindowsAccount.of(windows.account(), spec.name(), windows.passwordEnv()).kind()
                == WindowsAccount.Kind.VIRTUAL;
        return virtual && type == ScmRegistration.SidType.NONE ? ScmRegistration.SidType.UNRESTRICTED : type;
    }

    /**
     * What hardening: strict leaves the service's token: SeChangeNotifyPrivilege (traversing directories it has no
     * right to list, which nearly every program needs and Windows never removes anyway). The service host itself
     * needs no other: CreateProcess, its job object, console control events, SetServiceStatus and ReportEvent
     * take none.
     */
    static final List<String> STRICT_PRIVILEGES = List.of("SeChangeNotifyPrivilege");

    /**
     * SERVICE_REQUIRED_PRIVILEGES_INFO: {@code platform.windows.requiredPrivileges}, or else the strict preset's;
     * empty (every privilege of the account) for none and basic.
     */
    static List<String> requiredPrivileges(ServiceSpec spec) {
        return spec.platform().windows().requiredPrivileges()
                .orElse(spec.hardening() == dev.svcctl.spec.Hardening.STRICT ? STRICT_PRIVILEGES : List.of());
    }

    /** Kept below Integer.MAX_VALUE ms, as JnaScm writes it into a signed int. */
    static final Duration MAX_PRESHUTDOWN = Duration.ofMillis(Integer.MAX_VALUE);

    /**
     * The services named in dependsOn, then the Windows services that stand for the milestones: network and
     * network-online wait for the TCP/IP driver (network-online also for Network Location Awareness, best effort:
     * SCM has no "online" state), time-sync for W32Time; file systems are always there before services start.
     */
    static List<String> dependencies(ServiceSpec spec) {
        Set<String> names = new LinkedHashSet<>(spec.dependsOn());
        for (Milestone m : spec.after()) {
            switch (m) {
                case NETWORK -> names.add("Tcpip");
                case NETWORK_ONLINE -> {
                    names.add("Tcpip");
                    names.add("NlaSvc");
                }
                case TIME_SYNC -> names.add("W32Time");
                case FILESYSTEMS -> {
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * The host restarts the program itself; SCM's actions come into play when the host gives up (it then ends with
     * a service-specific exit code without reporting STOPPED) or dies. By default ({@code failureActions: auto}) they
     * restart the host after the restart delay, doubled for later failures up to maxDelay; written steps are taken
     * as they are (a run step's command is SCM's one lpCommand; WindowsSpecCheck refuses two different ones). The
     * count resets after {@code failureResetPeriod}, else the restart window. The failure-actions flag stays off: a
     * host that reports STOPPED with its own error (it could not start the program, the spec is unusable) did not
     * crash, and restarting it would only repeat the same failure every few seconds.
     *
     * <p>A shared service ({@code shared}) is the exception: its host process serves other services too, so when its
     * restart policy gives up it reports STOPPED with the program's exit code instead of ending the process; the flag
     * is then on (with actions), or the actions would never run. A shared service that cannot start at all is
     * therefore retried by its failure actions too.
     */
    static ScmRegistration.FailureActions failureActions(ServiceSpec spec, boolean shared) {
        RestartSpec restart = spec.restart();
        PlatformSpec.Windows windows = spec.platform().windows();
        if (windows.failureActions() == PlatformSpec.FailureActions.NONE
                || windows.failureActions() == PlatformSpec.FailureActions.AUTO
                && restart.policy() == RestartPolicy.NEVER) {
            return ScmRegistration.FailureActions.NONE;
        }
        List<ScmRegistration.Action> actions = new ArrayList<>();
        String command = "";
        if (windows.failureActions() == PlatformSpec.FailureActions.STEPS) {
            for (PlatformSpec.FailureStep step : windows.failureSteps()) {
                ScmRegistration.Action.Type type = switch (step.action()) {
                    case RESTART -> ScmRegistration.Action.Type.RESTART;
                    case RUN -> ScmRegistration.Action.Type.RUN_COMMAND;
                    case REBOOT -> ScmRegistration.Action.Type.REBOOT;
                };
                actions.add(new ScmRegistration.Action(type, step.delay().toMillis()));
                if (step.command().isPresent()) {
                    command = step.command().get();
                }
            }
        } else {
            Duration delay = restart.delay();
            for (int i = 0; i < FAILURE_ACTION_COUNT; i++) {
                actions.add(new ScmRegistration.Action(ScmRegistration.Action.Type.RESTART, delay.toMillis()));
                if (restart.maxDelay().isPresent()) {
                    Duration doubled = delay.multipliedBy(2);
                    delay = doubled.compareTo(restart.maxDelay().get()) > 0 ? restart.maxDelay().get() : doubled;
                }
            }
        }
        long resetSeconds = (windows.failureResetPeriod().orElse(restart.window()).toMillis() + 999) / 1000;
        return new ScmRegistration.FailureActions(actions, resetSeconds, shared && !actions.isEmpty(), command);
    }
}
