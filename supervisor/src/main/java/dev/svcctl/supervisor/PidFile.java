package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalLong;

/**
 * Reads the pid file of a forking daemon ({@code readiness.pidFile}) with suspicion: a regular file, not a link
 * (never followed), at most {@value #MAX_BYTES} bytes, holding one positive integer and nothing else but blanks.
 */
final class PidFile {
    static final int MAX_BYTES = 64;

    /** The pid, or empty and why not. */
    record Contents(OptionalLong pid, String problem) {
        static Contents problem(Path file, String why) {
            return new Contents(OptionalLong.empty(), "the pid file " + file + " " + why);
        }
    }

    private PidFile() {
    }

    static Contents read(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Contents.problem(file, "does not exist");
        } catch (IOException e) {
            return Contents.problem(file, "cannot be read: " + e.getMessage());
        }
        if (attributes.isSymbolicLink()) {
            return Contents.problem(file, "is a symbolic link (not followed)");
        }
        if (!attributes.isRegularFile()) {
            return Contents.problem(file, "is not a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            return Contents.problem(file, "holds more than " + MAX_BYTES + " bytes: not a pid file");
        }
        ByteBuffer bytes = ByteBuffer.allocate(MAX_BYTES + 1);
        try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.hasRemaining() && in.read(bytes) > 0) {
                // reads at most MAX_BYTES + 1: a file that grew meanwhile is refused below
            }
        } catch (IOException e) {
            return Contents.problem(file, "cannot be read: " + e.getMessage());
        }
        if (bytes.position() > MAX_BYTES) {
            return Contents.problem(file, "holds more than " + MAX_BYTES + " bytes: not a pid file");
        }
        String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            return Contents.problem(file, "is empty");
        }
        if (text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Contents.problem(file, "does not hold a pid (a positive integer)");
        }
        long pid = Long.parseLong(text);
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            return Contents.problem(file, "names pid " + pid + ", which no daemon can have");
        }
        return new Contents(OptionalLong.of(pid), null);
    }
}
