package dev.svcctl.supervisor;

import dev.svcctl.logs.LogFileNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One stream's log files in its directory, as the writer sees them: the names are {@link LogFileNames}' (shared
 * with {@code svcctl logs}, which reads them), found and touched only through the directory's handle.
 */
final class RotatedFiles {
    private final LogDir dir;
    private final LogFileNames names;

    RotatedFiles(LogDir dir, String base) {
        this.dir = dir;
        this.names = new LogFileNames(base);
    }

    LogDir dir() {
        return dir;
    }

    String active() {
        return names.active();
    }

    String rotatedName(Instant when, long seq) {
        return names.rotatedName(when, seq);
    }

    /** The names of the rotated files, oldest first (whoever made them: see {@link LogDir#isOwnFile}). */
    List<String> list() throws IOException {
        return names.rotatedOldestFirst(dir.names());
    }

    long seq(String rotatedFile) {
        return names.seq(rotatedFile);
    }

    static boolean compressed(String name) {
        return LogFileNames.compressed(name);
    }

    static boolean compressed(Path file) {
        return compressed(file.getFileName().toString());
    }

    /** Half-written compressed copies left by an interrupted compression. */
    List<String> leftovers() throws IOException {
        return dir.names().stream().filter(names::isLeftover).toList();
    }
}
