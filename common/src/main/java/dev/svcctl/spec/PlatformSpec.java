package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Platform-only settings and escape hatches; maps keep the order they were written in. */
public record PlatformSpec(Systemd systemd, Windows windows, Launchd launchd) {

    public static final PlatformSpec DEFAULT = new PlatformSpec(Systemd.NONE, Windows.DEFAULT, Launchd.DEFAULT);

    /** Extra directives per unit section: directive name to its values (one line each). */
    public record Systemd(
            Map<String, List<String>> unit, Map<String, List<String>> service, Map<String, List<String>> install) {
        public static final Systemd NONE = new Systemd(Map.of(), Map.of(), Map.of());

        public Systemd {
            unit = Specs.copyOfMultimap(unit);
            service = Specs.copyOfMultimap(service);
            install = Specs.copyOfMultimap(install);
        }
    }

    /** {@code platform.windows.failureActions}: derived from restart, none, or the steps written in the spec. */
    public enum FailureActions { AUTO, NONE, STEPS }

    /** SERVICE_SID_INFO's dwServiceSidType, by the spec's names. */
    public enum SidType { NONE, UNRESTRICTED, RESTRICTED }

    /** One written failure action: what SCM does after a failure of the host, after {@code delay}. */
    public record FailureStep(FailureAction action, Duration delay, Optional<String> command) {
    }

    /** The kinds of failure step (SC_ACTION_RESTART, SC_ACTION_RUN_COMMAND, SC_ACTION_REBOOT). */
    public enum FailureAction { RESTART, RUN, REBOOT }

    /** How the Windows service host asks the program to stop, tried in order within stop.timeout. */
    public enum StopMethod implements SpecWord {
        CTRL_C("ctrlC"), WM_CLOSE("wmClose"), TERMINATE("terminate");

        private final String key;

        StopMethod(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** What starts a user-scope service at logon on Windows. */
    public enum UserAutostart implements SpecWord {
        TASK("task"), RUN_KEY("runKey");

        private final String key;

        UserAutostart(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /**
     * Which process a Windows service (scope: system) runs in: {@code own}, a service host process of its own
     * (SERVICE_WIN32_OWN_PROCESS), or {@code shared}, one host process with the other shared services of the same
     * account, SID type, required privileges and hardening (SERVICE_WIN32_SHARE_PROCESS, see docs/windows.md).
     */
    public enum ServiceHost implements SpecWord {
        OWN("own"), SHARED("shared");

        private final String key;

        ServiceHost(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /**
     * Windows SCM settings. {@code sidType} and {@code requiredPrivileges} are empty when the spec leaves them to
     * {@code hardening} (the backend derives them); an empty list of privileges written in the spec stays a list.
     * {@code failureSteps} holds the steps exactly when {@code failureActions} is STEPS; {@code failureResetPeriod}
     * empty means restart.window; {@code stopMethods} empty means the default (the stop signal, then terminate).
     */
    public record Windows(
            String account,
            Optional<String> passwordEnv,
            FailureActions failureActions,
            Optional<Duration> preshutdownTimeout,
            boolean eventLog,
            Optional<SidType> sidType,
            Optional<List<String>> requiredPrivileges,
            @OmittedWhenEmpty List<FailureStep> failureSteps,
            @OmittedWhenEmpty Optional<Duration> failureResetPeriod,
            @OmittedWhenEmpty List<StopMethod> stopMethods,
            @OmittedWhenEmpty UserAutostart userAutostart,
            @OmittedWhenEmpty ServiceHost serviceHost) {
        public static final Windows DEFAULT =
                new Windows("LocalSystem", Optional.empty(), FailureActions.AUTO, Optional.empty(), true);

        public Windows {
            requiredPrivileges = requiredPrivileges.map(List::copyOf);
            failureSteps = List.copyOf(failureSteps);
            stopMethods = List.copyOf(stopMethods);
            if ((failureActions == FailureActions.STEPS) == failureSteps.isEmpty()) {
                throw new IllegalArgumentException("failure steps are given exactly with failureActions STEPS");
            }
        }

        /** Without the service host (own). */
        public Windows(String account, Optional<String> passwordEnv, FailureActions failureActions,
                       Optional<Duration> preshutdownTimeout, boolean eventLog, Optional<SidType> sidType,
                       Optional<List<String>> requiredPrivileges, List<FailureStep> failureSteps,
                       Optional<Duration> failureResetPeriod, List<StopMethod> stopMethods,
                       UserAutostart userAutostart) {
            this(account, passwordEnv, failureActions, preshutdownTimeout, eventLog, sidType, requiredPrivileges,
                    failureSteps, failureResetPeriod, stopMethods, userAutostart, ServiceHost.OWN);
        }

        /** Without the keys of the second round (failure steps and reset period, stop methods, user autostart). */
        public Windows(String account, Optional<String> passwordEnv, FailureActions failureActions,
                       Optional<Duration> preshutdownTimeout, boolean eventLog, Optional<SidType> sidType,
                       Optional<List<String>> requiredPrivileges) {
            this(account, passwordEnv, failureActions, preshutdownTimeout, eventLog, sidType, requiredPrivileges,
                    List.of(), Optional.empty(), List.of(), UserAutostart.TASK);
        }

        /** Without a SID type or privileges of its own: both follow {@code hardening}. */
        public Windows(String account, Optional<String> passwordEnv, FailureActions failureActions,
                       Optional<Duration> preshutdownTimeout, boolean eventLog) {
            this(account, passwordEnv, failureActions, preshutdownTimeout, eventLog, Optional.empty(),
                    Optional.empty());
        }

        /** These settings with the failure actions written as steps (none: auto or none as they were). */
        public Windows withFailureSteps(List<FailureStep> steps, Optional<Duration> resetPeriod) {
            FailureActions mode = !steps.isEmpty() ? FailureActions.STEPS
                    : failureActions == FailureActions.STEPS ? FailureActions.AUTO : failureActions;
            return new Windows(account, passwordEnv, mode,
                    preshutdownTimeout, eventLog, sidType, requiredPrivileges, steps, resetPeriod, stopMethods,
                    userAutostart, serviceHost);
        }

        /** These settings with other stop methods and user autostart. */
        public Windows withStop(List<StopMethod> methods, UserAutostart autostart) {
            return new Windows(account, passwordEnv, failureActions, preshutdownTimeout, eventLog, sidType,
                    requiredPrivileges, failureSteps, failureResetPeriod, methods, autostart, serviceHost);
        }

        /** These settings with another service host. */
        public Windows withServiceHost(ServiceHost host) {
            return new Windows(account, passwordEnv, failureActions, preshutdownTimeout, eventLog, sidType,
                    requiredPrivileges, failureSteps, failureResetPeriod, stopMethods, userAutostart, host);
        }
    }

    /**
     * launchd settings; {@code plist} values are String, Long, Double, Boolean, List or Map (string keys), as
     * plist can carry them.
     */
    public record Launchd(Optional<String> label, Map<String, Object> plist) {
        public static final Launchd DEFAULT = new Launchd(Optional.empty(), Map.of());

        public Launchd {
            plist = Specs.copyOfOrdered(plist);
        }
    }
}
