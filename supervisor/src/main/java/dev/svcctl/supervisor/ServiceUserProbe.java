package dev.svcctl.supervisor;

import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * An exec check (health or readiness) as the service's own account. {@code svcctl run} runs as that account, so
 * its checks do too; {@code svcctl host} and {@code svcctl wait-ready} run as root for a system service, so a spec's
 * command is run through {@code setpriv} with the spec's {@code user} and {@code group} (else the user's primary
 * group), never as root unless the service itself runs as root.
 */
final class ServiceUserProbe {
    /** The numeric primary group of an account; empty when there is no such account. */
    @FunctionalInterface
    interface Accounts {
        OptionalInt primaryGroup(String user);

        /** getpwnam(3). */
        static Accounts host() {
            LibC libc = LibC.load();
            return name -> {
                com.sun.jna.Pointer entry = libc.getpwnam(name);
                return entry == null ? OptionalInt.empty() : OptionalInt.of(entry.getInt(LibC.PW_GID_OFFSET));
            };
        }
    }

    private ServiceUserProbe() {
    }

    static HealthCheckSpec of(HealthCheckSpec check, ServiceSpec spec, int selfUid, Accounts accounts) {
        if (check.kind() != HealthCheckSpec.Kind.EXEC || selfUid != 0 || spec.user().isEmpty()
                || spec.user().get().equals("root")) {
            return check;
        }
        String user = spec.user().get();
        String group = spec.group().orElseGet(() -> accounts.primaryGroup(user).stream()
                .mapToObj(Integer::toString).findFirst().orElse(user));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + group,
                "--init-groups", "--"));
        command.addAll(check.command());
        return new HealthCheckSpec(check.kind(), check.target(), command, check.interval(), check.timeout(),
                check.retries(), check.startPeriod());
    }
}
