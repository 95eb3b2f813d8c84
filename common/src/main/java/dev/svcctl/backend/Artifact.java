package dev.svcctl.backend;

import java.nio.charset.StandardCharsets;

/**
 * One file a backend installs. {@code installPath} is absolute on the target platform ({@code /etc/...},
 * {@code C:\ProgramData\...}), or starts with {@code ~/} for files under the user's home (user scope).
 */
public record Artifact(String installPath, String content, int mode) {
    public static final int MODE_FILE = 0644;

    public byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
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
