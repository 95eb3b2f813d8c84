package dev.svcctl.windows;

import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.ShortHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which shared host process a Windows service runs in ({@code platform.windows.serviceHost: shared}): one process
 * has one token, so services share a process only when their account, service SID type and required privileges are
 * the same ({@code hardening} reaches the token only through the last two, so it is not hashed on its own: services
 * with the same token share a group whatever preset gave it). The group's name is derived from exactly those (a hash of them), so every spec computes
 * it alone, the same at render, install and in the host ({@code svcctl host --group NAME} runs the installed specs of
 * that group), and a service whose token differs is in another group without anyone choosing. Pure.
 */
public final class ServiceGroup {
    /** Group names start with this; what follows is a hash of the token the group's process has. */
    public static final String PREFIX = "svcctl-";

    private ServiceGroup() {
    }

    /** The group of a shared service; empty for a service with a host process of its own. */
    public static Optional<String> of(ServiceSpec spec) {
        if (spec.platform().windows().serviceHost() != PlatformSpec.ServiceHost.SHARED) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + ShortHash.of(token(spec)));
    }

    /**
     * What the shared process's token is made of, one line each: the account (compared without case, as Windows
     * does), the SID type and the required privileges in order of name (each as rendered, so after the hardening
     * preset).
     */
    static String token(ServiceSpec spec) {
        PlatformSpec.Windows windows = spec.platform().windows();
        WindowsAccount account = WindowsAccount.of(windows.account(), spec.name(), windows.passwordEnv());
        List<String> privileges = new ArrayList<>(RegistrationRenderer.requiredPrivileges(spec));
        privileges.replaceAll(p -> p.toLowerCase(Locale.ROOT));
        privileges.sort(null);
        return "account " + account.startName().toLowerCase(Locale.ROOT) + "\n"
                + "sidType " + RegistrationRenderer.sidType(spec).key() + "\n"
                + "requiredPrivileges " + String.join(",", privileges) + "\n";
    }

    /** Whether a group name is one {@link #of} can give (what {@code svcctl host --group} accepts). */
    public static boolean isName(String name) {
        return name.startsWith(PREFIX) && name.length() > PREFIX.length()
                && name.substring(PREFIX.length()).chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }
}
