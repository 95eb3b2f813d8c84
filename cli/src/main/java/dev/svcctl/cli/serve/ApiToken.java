package dev.svcctl.cli.serve;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.Existing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bearer token of {@code svcctl serve}, kept in a file only the server's user can read: made on first start
 * (32 random bytes as 64 hex digits, mode 0600, written through the install engine's file port, which writes
 * atomically, never through a link, and never lets the content be readable by others), refused when it is a link,
 * not a regular file, someone else's, or readable or writable by group or others.
 */
public final class ApiToken {
    static final int RANDOM_BYTES = 32;
    /** Group and others: no bit may be set. */
    private static final int OTHERS_BITS = 0077;

    private final byte[] secret;

    private ApiToken(byte[] secret) {
        this.secret = secret;
    }

    /** A token from its text, for tests of the comparison. */
    static ApiToken of(String text) {
        return new ApiToken(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The token in {@code file} (an absolute path), made there when absent.
     *
     * @param self the server's user, who must own the file
     */
    public static ApiToken loadOrCreate(ArtifactFiles files, Path file, String self, SecureRandom random)
            throws BackendException {
        String path = file.toAbsolutePath().toString();
        String hint = "chmod 600 " + path + " (as its owner), or remove it and a new token is made";
        Existing existing;
        try {
            existing = files.read(path);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot read the token file " + path + ": " + e.getMessage(),
                    "check the directory's permissions, or give another file with --token-file");
        }
        switch (existing.kind()) {
            case LINK -> throw new BackendException(ExitCode.PERMISSION_DENIED, "the token file " + path
                    + " is a symbolic link (to " + existing.text() + "); svcctl serve does not follow links to its"
                    + " secret", "replace the link with the file itself, or give the real path with --token-file");
            case OTHER -> throw new BackendException(ExitCode.PERMISSION_DENIED, "the token file " + path
                    + " is not a regular file", "give a file with --token-file");
            case ABSENT -> {
                return create(files, path, random);
            }
            default -> {
                // a file: checked below
            }
        }
        if ((existing.mode() & OTHERS_BITS) != 0) {
            throw new BackendException(ExitCode.PERMISSION_DENIED, "the token file " + path + " has mode "
                    + String.format("%04o", existing.mode()) + ": other users may read or change the token; svcctl"
                    + " serve accepts it only with mode 0600 (or stricter)", hint);
        }
        if (existing.owner().isPresent() && !existing.owner().get().equals(self)) {
            throw new BackendException(ExitCode.PERMISSION_DENIED, "the token file " + path + " is owned by "
                    + existing.owner().get() + ", not by " + self + " who runs svcctl serve",
                    "chown " + self + " " + path + ", or remove it and a new token is made");
        }
        String text = existing.text().strip();
        if (text.length() < 32 || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new BackendException(ExitCode.FAILED, "the token file " + path + " holds no usable token (at least"
                    + " 32 printable characters on one line)", "remove it and a new token is made");
        }
        return new ApiToken(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static ApiToken create(ArtifactFiles files, String path, SecureRandom random) throws BackendException {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String text = HexFormat.of().formatHex(bytes);
        try {
            files.write(path, (text + "\n").getBytes(StandardCharsets.US_ASCII), Artifact.MODE_PRIVATE,
                    Optional.empty(), "api-token");
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot create the token file " + path + ": "
                    + e.getMessage(), "run as a user who may write there, or give another file with --token-file");
        }
        return new ApiToken(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code presented} is the token, in time that does not depend on where they differ. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
