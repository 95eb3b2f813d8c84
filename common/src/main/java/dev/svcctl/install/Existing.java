package dev.svcctl.install;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What lies at an artifact's path before svcctl touches it.
 *
 * @param mode the permission bits of a file (0 when unknown or not a file)
 * @param owner the name of the account that owns the file, where the file system tells
 */
public record Existing(Kind kind, byte[] bytes, int mode, Optional<Instant> modified, Optional<String> owner) {
    public enum Kind { ABSENT, FILE, LINK, OTHER }

    public static final Existing ABSENT = new Existing(Kind.ABSENT, new byte[0], 0, Optional.empty(),
            Optional.empty());
    public static final Existing OTHER = new Existing(Kind.OTHER, new byte[0], 0, Optional.empty(), Optional.empty());

    public static Existing file(byte[] bytes, int mode, Optional<Instant> modified) {
        return new Existing(Kind.FILE, bytes, mode, modified, Optional.empty());
    }

    public static Existing file(byte[] bytes, int mode, Optional<Instant> modified, Optional<String> owner) {
        return new Existing(Kind.FILE, bytes, mode, modified, owner);
    }

    /** A symbolic link; {@link #text} is where it points. */
    public static Existing link(String target) {
        return new Existing(Kind.LINK, target.getBytes(StandardCharsets.UTF_8), 0, Optional.empty(),
                Optional.empty());
    }

    public boolean absent() {
        return kind == Kind.ABSENT;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
