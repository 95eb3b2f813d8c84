package dev.svcctl.os;

import java.nio.file.Path;

/**
 * The file-system port: where the host's absolute paths live. Every backend file access resolves its path through
 * here, so {@code --root DIR} (package builds) and tests redirect all of them under one directory.
 *
 * @param root what {@code /} means
 * @param home what {@code ~} means
 */
public record FileRoot(Path root, Path home) {

    /** The real host: {@code /} and the user's home. */
    public static FileRoot host() {
        return new FileRoot(Path.of("/"), Path.of(System.getProperty("user.home")));
    }

    /** Everything under {@code dir}, files under the home included (the home-relative part goes below dir). */
    public static FileRoot under(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return new FileRoot(root, root);
    }

    public boolean isHost() {
        return root.equals(Path.of("/"));
    }

    /** {@code /etc/x} or {@code ~/x} as a path on this machine. */
    public Path resolve(String hostPath) {
        if (hostPath.equals("~")) {
            return home;
        }
        if (hostPath.startsWith("~/")) {
            return home.resolve(hostPath.substring(2));
        }
        String relative = hostPath;
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        return root.resolve(relative);
    }
}
