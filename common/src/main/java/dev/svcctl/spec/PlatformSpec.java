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

    public enum FailureActions { AUTO, NONE }

    /** SERVICE_SID_INFO's dwServiceSidType, by the spec's names. */
    public enum SidType { NONE, UNRESTRICTED, RESTRICTED }

    /**
     * Windows SCM settings. {@code sidType} and {@code requiredPrivileges} are empty when the spec leaves them to
     * {@code hardening} (the backend derives them); an empty list of privileges written in the spec stays a list.
     */
    public record Windows(
            String account,
            Optional<String> passwordEnv,
            FailureActions failureActions,
            Optional<Duration> preshutdownTimeout,
            boolean eventLog,
            Optional<SidType> sidType,
            Optional<List<String>> requiredPrivileges) {
        public static final Windows DEFAULT =
                new Windows("LocalSystem", Optional.empty(), FailureActions.AUTO, Optional.empty(), true);

        public Windows {
            requiredPrivileges = requiredPrivileges.map(List::copyOf);
        }

        /** Without a SID type or privileges of its own: both follow {@code hardening}. */
        public Windows(String account, Optional<String> passwordEnv, FailureActions failureActions,
                       Optional<Duration> preshutdownTimeout, boolean eventLog) {
            this(account, passwordEnv, failureActions, preshutdownTimeout, eventLog, Optional.empty(),
                    Optional.empty());
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
