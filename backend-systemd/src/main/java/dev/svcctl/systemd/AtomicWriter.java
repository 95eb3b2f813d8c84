package dev.svcctl.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new one: the new content goes
 * to a temporary file in the same directory, is flushed to disk, given its mode, and renamed over the target; then
 * the directory is flushed so the rename itself survives a power loss. Temporary names start with a dot and do not
 * end in a unit suffix, so systemd never loads a half-written one.
 */
final class AtomicWriter {
    static final String TEMP_INFIX = ".svcctl-tmp-";

    private final InstallPauses pauses;

    AtomicWriter(InstallPauses pauses) {
        this.pauses = pauses;
    }

    /**
     * Writes {@code content} to {@code target}, refusing to follow a symbolic link at the target. The test hook's
     * pauses are named {@code STEP-temp-partial} and so on, after {@code step}.
     */
    void write(Path target, byte[] content, String mode, String step) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + " is a symbolic link; svcctl does not write through links");
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(target);
        Path temp = dir.resolve("." + target.getFileName() + TEMP_INFIX + ProcessHandle.current().pid());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            int half = content.length / 2;
            writeFully(channel, ByteBuffer.wrap(content, 0, half));
            pauses.at(step + "-temp-partial");
            writeFully(channel, ByteBuffer.wrap(content, half, content.length - half));
            pauses.at(step + "-temp-written");
            channel.force(true);
        }
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
        pauses.at(step + "-temp-synced");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
        pauses.at(step + "-renamed");
    }

    /** Temporaries a killed svcctl left next to {@code target}. */
    static void removeStaleTemporaries(Path target) throws IOException {
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "." + target.getFileName() + TEMP_INFIX + "*")) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot fsync a directory; the rename is still atomic.
        }
    }
}
