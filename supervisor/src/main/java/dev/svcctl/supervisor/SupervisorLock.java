package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One supervisor per service: a lock on {@code NAME.lock} in the runtime directory, held for the supervisor's whole
 * life. The kernel releases it when the process ends, however it ends (kill -9 included), so a stale file never
 * blocks a new supervisor, and a held lock always means a live one, whatever pid a state file names. The file
 * holds its holder's pid, for the message that refuses a second one.
 */
public final class SupervisorLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SupervisorLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock at {@code file}; empty when another supervisor holds it. */
    public static Optional<SupervisorLock> tryAcquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
            return Optional.of(new SupervisorLock(channel, lock));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The pid the current holder wrote; empty when it cannot be read (yet). */
    public static OptionalLong holder(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Releases the lock; the file stays (removing it could race with the next supervisor taking it). */
    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
