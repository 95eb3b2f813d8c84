package dev.svcctl.backend;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One file a backend installs. {@code installPath} is absolute on the target platform ({@code /etc/...},
 * {@code C:\ProgramData\...}), or starts with {@code ~/} for files under the user's home (user scope).
 *
 * @param owner the account that must own the file (the service's {@code user}, for a spec copy its supervisor reads
 *              as that user); empty: whoever installs (root for system services, the user for their own)
 * @param shown what output may print instead of {@code content} when the file holds values of {@code env}
 *              (see {@link Secrets}); empty when the content holds none
 */
public record Artifact(String installPath, String content, int mode, Optional<String> owner, Optional<String> shown) {
    public static final int MODE_FILE = 0644;
    /** For files that hold values of {@code env}: only the owner reads them. */
    public static final int MODE_PRIVATE = 0600;

    public Artifact(String installPath, String content, int mode) {
        this(installPath, content, mode, Optional.empty(), Optional.empty());
    }

    public byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** The content as output may print it: secrets masked. */
    public String printable() {
        return shown.orElse(content);
    }

    public Artifact withShown(String masked) {
        return new Artifact(installPath, content, mode, owner, masked.equals(content) ? Optional.empty()
                : Optional.of(masked));
    }

    /** The path below an output root directory: the home-relative part for {@code ~/} paths, else the path
     * without its leading separator or drive. */
    public String relativePath() {
        String p = installPath;
        if (p.startsWith("~/")) {
            return p.substring(2);
        }
        p = p.replace('\\', '/');
        if (p.matches("[A-Za-z]:/.*")) {
            p = p.substring(3);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}
