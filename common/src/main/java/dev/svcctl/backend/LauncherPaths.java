package dev.svcctl.backend;

import java.util.Optional;

/**
 * Whether a svcctl launcher path may be written into a unit or plist that runs {@code svcctl run}: the file must
 * outlive the install. A path in a build tree breaks at the next {@code mvn clean}, a temporary directory at the next
 * boot or clean-up, and a home directory may be unmounted, encrypted or removed while a system service needs it.
 */
public final class LauncherPaths {
    /** The one-line hint of every refusal: what makes the launcher durable, or how to choose one. */
    public static final String HINT = "install svcctl (its .deb or archive) and run that svcctl, or give"
            + " --svcctl-path with a launcher that stays";
    private static final String[] TEMPORARY = {"/tmp/", "/var/tmp/", "/dev/shm/", "/run/"};
    private static final String[] HOMES = {"/home/", "/root/", "/Users/"};

    private LauncherPaths() {
    }

    /** Why {@code launcher} would not last, or empty when it would. */
    public static Optional<String> whyNotDurable(String launcher, boolean systemService) {
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
}
