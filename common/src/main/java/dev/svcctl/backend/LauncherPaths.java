package dev.svcctl.backend;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a svcctl launcher path may be written into a unit or plist that runs {@code svcctl run}: the file must
 * outlive the install. A path in a build tree breaks at the next {@code mvn clean}, a temporary directory at the next
 * boot or clean-up, and a home directory may be unmounted, encrypted or removed while a system service needs it.
 * Windows paths (the svcctl home and the Java a Windows service's binary path names) follow the same rules: a
 * {@code target\} directory, {@code X:\Windows\Temp} or a profile's {@code AppData\Local\Temp}, and for a system
 * service any user profile ({@code X:\Users\NAME}), which the service's account may not even be allowed to read.
 */
public final class LauncherPaths {
    /** The one-line hint of every refusal: what makes the launcher durable, or how to choose one. */
    public static final String HINT = "install svcctl (its .deb or archive) and run that svcctl, or give"
            + " --svcctl-path with a launcher that stays";
    private static final String[] TEMPORARY = {"/tmp/", "/var/tmp/", "/dev/shm/", "/run/"};
    private static final String[] HOMES = {"/home/", "/root/", "/Users/"};
    private static final Pattern WINDOWS_PROFILE = Pattern.compile("(?i)[a-z]:\\\\users\\\\[^\\\\]+(\\\\.*)?");
    private static final Pattern WINDOWS_TEMP = Pattern.compile(
            "(?i)([a-z]:\\\\windows\\\\temp|.*\\\\appdata\\\\local\\\\temp)(\\\\.*)?");

    private LauncherPaths() {
    }

    /** Why {@code launcher} would not last, or empty when it would. */
    public static Optional<String> whyNotDurable(String launcher, boolean systemService) {
        if (launcher.length() > 2 && launcher.charAt(1) == ':' || launcher.startsWith("\\\\")) {
            return whyNotDurableOnWindows(launcher, systemService);
        }
        if (launcher.contains("/target/")) {
            return Optional.of("it is inside a build tree (a Maven target/ directory), which 'mvn clean' deletes");
        }
        for (String prefix : TEMPORARY) {
            if (launcher.startsWith(prefix)) {
                return Optional.of("it is under " + prefix + ", which is emptied at boot or by clean-ups");
            }
        }
        if (systemService) {
            for (String prefix : HOMES) {
                if (launcher.startsWith(prefix)) {
                    return Optional.of("it is inside a home directory (" + prefix + "), which a system service must"
                            + " not depend on");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> whyNotDurableOnWindows(String path, boolean systemService) {
        if (path.toLowerCase(Locale.ROOT).contains("\\target\\")) {
            return Optional.of("it is inside a build tree (a Maven target\\ directory), which 'mvn clean' deletes");
        }
        if (WINDOWS_TEMP.matcher(path).matches()) {
            return Optional.of("it is in a temporary directory, which clean-ups empty");
        }
        if (systemService && WINDOWS_PROFILE.matcher(path).matches()) {
            return Optional.of("it is inside a user profile (" + path.substring(0, 9) + "), which a service must not"
                    + " depend on: its account may not read it (LocalService, NetworkService, virtual and other"
                    + " accounts cannot), and the user may remove it");
        }
        return Optional.empty();
    }
}
