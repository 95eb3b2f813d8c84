package dev.svcctl.install;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one file port of the install engine: artifacts are addressed by their install path ({@code /etc/...},
 * {@code ~/...}, {@code C:\ProgramData\...}) and the port decides where that is (the host, or a directory given
 * with {@code --root}). Tests substitute a map.
 */
public interface ArtifactFiles {

    /** What is at the path now; a symbolic link is reported as such and never followed. */
    Existing read(String installPath) throws IOException;

    /**
     * Replaces the file so that a crash at any moment leaves the old content or the new one: temp file in the same
     * directory, flushed, given {@code mode}, renamed over the target, directory flushed. Refuses a link at the
     * target. {@code step} names the test hook's pauses ({@code STEP-temp-partial} and so on).
     */
    default void write(String installPath, byte[] content, int mode, String step) throws IOException {
        write(installPath, content, mode, Optional.empty(), step);
    }

    /**
     * As {@link #write(String, byte[], int, String)}, the file owned by {@code owner} when one is given: the
     * temporary file is created with no permission for anyone but its owner, given to {@code owner}, then given
     * {@code mode}, so that no other user can read the content at any moment.
     */
    void write(String installPath, byte[] content, int mode, Optional<String> owner, String step) throws IOException;

    /** Removes the file if there is one (never what a link points at). */
    void delete(String installPath) throws IOException;

    /** Where the path is on this machine, for messages. */
    String describe(String installPath);

    /**
     * Holds an exclusive lock on the file at the path (created if needed) until closed; the operating system drops
     * it when the process dies. Waits up to {@code wait}, then fails with {@link LockTimeoutException}.
     */
    AutoCloseable lock(String installPath, Duration wait) throws IOException;

    /** The directory the path resolves to, for callers that must create a sibling directory (log dirs). */
    Path locate(String installPath) throws IOException;

    /** Thrown when another svcctl holds the lock for longer than the wait. */
    final class LockTimeoutException extends IOException {
        public LockTimeoutException(String message) {
            super(message);
        }
    }
}
