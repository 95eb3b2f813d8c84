package dev.svcctl.windows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything svcctl registers with the Service Control Manager for one service: what {@code render} shows and what
 * {@code install} applies (CreateService / ChangeServiceConfig, then ChangeServiceConfig2 for the description, the
 * delayed flag, failure actions and their flag, the preshutdown timeout, the SID type, the required privileges).
 *
 * <p>The keys of {@link #toMap()} are part of svcctl's output contract ({@code render --json}); they are documented
 * in the README under "Windows registration" and only ever added to.
 */
public record ScmRegistration(
        String serviceName,
        String displayName,
        String description,
        String binaryPath,
        String programCommandLine,
        StartType startType,
        boolean delayedAutoStart,
        WindowsAccount account,
        List<String> dependencies,
        FailureActions failureActions,
        OptionalLong preshutdownTimeoutMs,
        boolean eventLog,
        SidType sidType,
        List<String> requiredPrivileges,
        String specFile,
        String logDirectory,
        String svcctlHome,
        String javaHome,
        JobLimits jobLimits,
        java.util.List<dev.svcctl.spec.PlatformSpec.StopMethod> stopMethods,
        ServiceType serviceType,
        Optional<String> serviceGroup) {

    public ScmRegistration {
        dependencies = List.copyOf(dependencies);
        requiredPrivileges = List.copyOf(requiredPrivileges);
    }

    /** A Win32 code with the name svcctl's canonical text gives it: the enums of a registration. */
    public interface Coded {
        int win32();

        String key();

        /** The constant of {@code values} with this Win32 code, else {@code unknown}. */
        static <T extends Coded> T ofWin32(T[] values, int win32, T unknown) {
            for (T t : values) {
                if (t.win32() == win32) {
                    return t;
                }
            }
            return unknown;
        }

        /** The constant of {@code values} named {@code key}; {@code what} names the kind in the error. */
        static <T extends Coded> T ofKey(T[] values, String key, String what) {
            for (T t : values) {
                if (t.key().equals(key)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown " + what + " '" + key + "'");
        }
    }

    /**
     * dwServiceType: a host process of the service's own, or one shared by the services of a group (docs/windows.md,
     * "Shared service hosts").
     */
    public enum ServiceType implements Coded {
        OWN_PROCESS(0x10, "own-process"), SHARE_PROCESS(0x20, "share-process");

        private final int win32;
        private final String key;

        ServiceType(int win32, String key) {
            this.win32 = win32;
            this.key = key;
        }

        public int win32() {
            return win32;
        }

        public String key() {
            return key;
        }

        /** The type SCM reports (SERVICE_INTERACTIVE_PROCESS and the like masked off); any other reads as own. */
        public static ServiceType ofWin32(int win32) {
            return Coded.ofWin32(values(), win32 & 0x30, OWN_PROCESS);
        }
    }

    /** SERVICE_SID_INFO's dwServiceSidType. */
    public enum SidType implements Coded {
        NONE(0, "none"), UNRESTRICTED(1, "unrestricted"), RESTRICTED(3, "restricted");

        private final int win32;
        private final String key;

        SidType(int win32, String key) {
            this.win32 = win32;
            this.key = key;
        }

        public int win32() {
            return win32;
        }

        public String key() {
            return key;
        }

        /** The SID type SCM reports; a value svcctl does not know reads as NONE (install then rewrites it). */
        public static SidType ofWin32(int win32) {
            return Coded.ofWin32(values(), win32, NONE);
        }

        /** The name {@link #key()} gives, as the canonical text and render write it. */
        public static SidType ofKey(String key) {
            return Coded.ofKey(values(), key, "service SID type");
        }
    }

    /** The start types svcctl uses (dwStartType). */
    public enum StartType implements Coded {
        AUTO(2, "auto"), DEMAND(3, "demand"), DISABLED(4, "disabled");

        private final int win32;
        private final String key;

        StartType(int win32, String key) {
            this.win32 = win32;
            this.key = key;
        }

        public int win32() {
            return win32;
        }

        public String key() {
            return key;
        }
    }

    /** One SC_ACTION: what SCM does after a failure, and after how long. */
    public record Action(Type type, long delayMs) {
        public enum Type implements Coded {
            NONE(0, "none"), RESTART(1, "restart"), REBOOT(2, "reboot"), RUN_COMMAND(3, "run-command");

            private final int win32;
            private final String key;

            Type(int win32, String key) {
                this.win32 = win32;
                this.key = key;
            }

            public int win32() {
                return win32;
            }

            public String key() {
                return key;
            }

            /**
             * The type of an SC_ACTION as SCM reports it. A code svcctl does not know (another tool's, or a newer
             * Windows' such as 4, SC_ACTION_OWN_RESTART) reads as NONE rather than failing the whole query: svcctl
             * never writes one, and install compares it as a difference.
             */
            public static Type ofWin32(int win32) {
                return Coded.ofWin32(values(), win32, NONE);
            }
        }
    }

    /**
     * SERVICE_FAILURE_ACTIONS plus SERVICE_FAILURE_ACTIONS_FLAG: the actions for the first, second and later
     * failures (the last repeats), the seconds without failure after which the count resets, whether a stop with
     * a non-zero exit code counts as a failure (otherwise only a crash, i.e. the host ending without STOPPED, does),
     * and lpCommand, the one command line every run-command action runs ("" for none: SCM has one per service).
     */
    public record FailureActions(List<Action> actions, long resetPeriodSeconds, boolean onNonCrashFailures,
                                 String command) {
        public static final FailureActions NONE = new FailureActions(List.of(), 0, false, "");

        public FailureActions {
            actions = List.copyOf(actions);
        }

        /** Without a command (no run-command action). */
        public FailureActions(List<Action> actions, long resetPeriodSeconds, boolean onNonCrashFailures) {
            this(actions, resetPeriodSeconds, onNonCrashFailures, "");
        }

        /** Whether SCM may reboot the machine: ChangeServiceConfig2 then needs SE_SHUTDOWN_NAME enabled. */
        public boolean reboots() {
            for (Action a : actions) {
                if (a.type() == Action.Type.REBOOT) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The privilege the installer must hold (and enables) to register a reboot failure action. */
    public static final String REBOOT_PRIVILEGE = "SeShutdownPrivilege";

    /** The registration as plain values for {@code render}: keys in a fixed, documented order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceName", serviceName);
        m.put("displayName", displayName);
        m.put("description", description);
        m.put("serviceType", serviceType.key());
        serviceGroup.ifPresent(g -> m.put("serviceGroup", g));
        m.put("binaryPath", binaryPath);
        m.put("programCommandLine", programCommandLine);
        m.put("startType", startType.key());
        m.put("delayedAutoStart", delayedAutoStart);
        m.put("account", account.startName());
        m.put("accountKind", account.kind().key());
        account.passwordEnv().ifPresent(env -> m.put("passwordEnv", env));
        if (account.needsLogonRight()) {
            m.put("logonRight", "SeServiceLogonRight");
        }
        if (sidType != SidType.NONE) {
            m.put("serviceSidType", sidType.key()); // the older key, kept: present when there is a service SID
        }
        m.put("dependencies", dependencies);
        m.put("failureActions", failureActions.actions().stream().map(a -> {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("action", a.type().key());
            action.put("delayMs", a.delayMs());
            return action;
        }).toList());
        m.put("failureResetPeriodSeconds", failureActions.resetPeriodSeconds());
        m.put("failureActionsOnNonCrashFailures", failureActions.onNonCrashFailures());
        if (!failureActions.command().isEmpty()) {
            m.put("failureCommand", failureActions.command());
        }
        if (failureActions.reboots()) {
            m.put("installerPrivilege", REBOOT_PRIVILEGE);
        }
        if (preshutdownTimeoutMs.isPresent()) {
            m.put("preshutdownTimeoutMs", preshutdownTimeoutMs.getAsLong());
        }
        m.put("eventLog", eventLog);
        m.put("specFile", specFile);
        m.put("logDirectory", logDirectory);
        m.put("ownershipMarker", OWNERSHIP_VALUE_PATH.replace("NAME", serviceName));
        m.put("svcctlHome", svcctlHome);
        m.put("javaHome", javaHome);
        if (eventLog) {
            m.put("eventSource", EVENT_SOURCE_KEY.replace("NAME", serviceName));
        }
        m.put("sidType", sidType.key());
        m.put("requiredPrivileges", requiredPrivileges);
        m.put("jobLimits", jobLimits.toMap());
        jobLimits.priorityClass().ifPresent(p -> m.put("priorityClass", p.key()));
        m.put("stopMethods", stopMethods.stream().map(dev.svcctl.spec.PlatformSpec.StopMethod::key).toList());
        return m;
    }

    /**
     * Where svcctl records that it created a service: a REG_SZ value under the service's own registry key, holding the
     * {@link dev.svcctl.backend.ManagedMarker} text. It disappears with the service when SCM deletes the key.
     */
    public static final String OWNERSHIP_VALUE_NAME = "SvcctlManaged";
    public static final String OWNERSHIP_VALUE_PATH =
            "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NAME\\" + OWNERSHIP_VALUE_NAME;

    /**
     * Where the service's Event Log source is registered when {@code platform.windows.eventLog} is on: its message
     * file is .NET's EventLogMessages.dll, which formats every event id as its one insertion string ("%1").
     */
    public static final String EVENT_MESSAGE_FILE =
            "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";
    /** EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE. */
    public static final int EVENT_TYPES_SUPPORTED = 7;
    public static final String EVENT_SOURCE_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\NAME";

    /** The description as SCM shows it; empty when the spec has none. */
    public Optional<String> descriptionText() {
        return description.isEmpty() ? Optional.empty() : Optional.of(description);
    }
}
