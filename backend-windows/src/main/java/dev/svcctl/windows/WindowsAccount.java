package dev.svcctl.windows;

import java.util.Locale;
import java.util.Optional;

/**
 * The account a service runs as, from {@code platform.windows.account}: the name SCM is given
 * ({@code lpServiceStartName}) and whether it needs a password.
 *
 * @param startName   the account name as CreateService/ChangeServiceConfig take it
 * @param passwordEnv for user accounts only: the environment variable that holds the password at install time
 */
public record WindowsAccount(Kind kind, String startName, Optional<String> passwordEnv) {

    public enum Kind {
        LOCAL_SYSTEM("localSystem"), LOCAL_SERVICE("localService"), NETWORK_SERVICE("networkService"),
        VIRTUAL("virtual"), GMSA("gmsa"), USER("user");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public static final String LOCAL_SYSTEM = "LocalSystem";
    public static final String LOCAL_SERVICE = "NT AUTHORITY\\LocalService";
    public static final String NETWORK_SERVICE = "NT AUTHORITY\\NetworkService";

    /** Classifies an account value of the spec for the service {@code serviceName}. */
    public static WindowsAccount of(String account, String serviceName, Optional<String> passwordEnv) {
        String lower = account.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "localsystem", "nt authority\\system", ".\\localsystem" ->
                    new WindowsAccount(Kind.LOCAL_SYSTEM, LOCAL_SYSTEM, Optional.empty());
            case "localservice", "nt authority\\localservice" ->
                    new WindowsAccount(Kind.LOCAL_SERVICE, LOCAL_SERVICE, Optional.empty());
            case "networkservice", "nt authority\\networkservice" ->
                    new WindowsAccount(Kind.NETWORK_SERVICE, NETWORK_SERVICE, Optional.empty());
            case "virtual" -> new WindowsAccount(Kind.VIRTUAL, "NT SERVICE\\" + serviceName, Optional.empty());
            default -> {
                if (lower.startsWith("nt service\\")) {
                    yield new WindowsAccount(Kind.VIRTUAL, account, Optional.empty());
                }
                if (account.endsWith("$")) {
                    yield new WindowsAccount(Kind.GMSA, account, Optional.empty());
                }
                // DOMAIN\\user and user@domain are given as written; a bare name is a local account.
                String name = account.contains("\\") || account.contains("@") ? account : ".\\" + account;
                yield new WindowsAccount(Kind.USER, name, passwordEnv);
            }
        };
    }

    /**
     * The name LookupAccountName resolves (for the logon right): the start name without the {@code .\} that
     * CreateService wants for a local account, since LookupAccountName does not take "." for the local computer.
     */
    public String lookupName() {
        return startName.startsWith(".\\") ? startName.substring(2) : startName;
    }

    /** Whether CreateService needs a password for this account (only domain and local users do). */
    public boolean needsPassword() {
        return kind == Kind.USER;
    }

    /**
     * Whether install grants the account SeServiceLogonRight: users and gMSAs do not have it unless someone granted
     * it, and a start without it fails with 1069. Virtual accounts (NT SERVICE\NAME) are not granted it: Windows'
     * default policy gives it to NT SERVICE\ALL SERVICES, which every virtual account belongs to; the built-in
     * accounts have it.
     */
    public boolean needsLogonRight() {
        return kind == Kind.USER || kind == Kind.GMSA;
    }
}
