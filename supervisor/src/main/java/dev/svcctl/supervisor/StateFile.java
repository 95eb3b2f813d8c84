package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes the supervisor's state as a small JSON object, replacing the file atomically (write a sibling temporary
 * file, then rename it over the old one) so a reader never sees half a file. The temporary file is created afresh
 * (O_EXCL, which never follows a link): a name planted there is removed, not written through.
 */
final class StateFile {
    static final int FORMAT_VERSION = 1;
    private final Path file;

    StateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void write(SupervisorState s) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try (SeekableByteChannel out = Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(json(s));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String json(SupervisorState s) {
        StringBuilder out = new StringBuilder("{\n");
        field(out, "version", Integer.toString(FORMAT_VERSION));
        field(out, "name", quote(s.name()));
        field(out, "supervisorPid", Long.toString(s.supervisorPid()));
        field(out, "pid", s.pid().isPresent() ? Long.toString(s.pid().getAsLong()) : "null");
        field(out, "state", quote(s.state().label()));
        field(out, "since", quote(s.since().toString()));
        field(out, "restarts", Integer.toString(s.restarts()));
        field(out, "lastExit", s.lastExit().map(e -> "{\"code\": " + e.code() + ", \"signal\": "
                + e.signal().map(sig -> quote(sig.name())).orElse("null") + ", \"at\": "
                + s.lastExitAt().map(at -> quote(at.toString())).orElse("null") + "}").orElse("null"));
        field(out, "health", quote(s.health().name().toLowerCase(java.util.Locale.ROOT)));
        out.append("  \"reason\": ").append(s.reason().map(StateFile::quote).orElse("null")).append("\n}\n");
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
