package dev.svcctl.supervisor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads back a stream's log files in order, for assertions. */
final class LogFiles {
    private LogFiles() {
    }

    static List<Path> rotated(Path dir, String base) throws IOException {
        try (LogDir logDir = Fixtures.logDir(dir)) {
            return new RotatedFiles(logDir, base).list().stream().map(dir::resolve).toList();
        }
    }

    static byte[] content(Path file) throws IOException {
        try (InputStream in = RotatedFiles.compressed(file)
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    /** The rotated files oldest first, then the active one, concatenated. */
    static byte[] all(Path dir, String base) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path p : rotated(dir, base)) {
            out.write(content(p));
        }
        Path active = dir.resolve(base + ".log");
        if (Files.exists(active)) {
            out.write(Files.readAllBytes(active));
        }
        return out.toByteArray();
    }
}
