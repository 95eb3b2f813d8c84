package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of one stream's log files in its directory: the active {@code BASE.log} and rotated
 * {@code BASE-YYYYMMDDTHHMMSSZ-SEQ.log}, {@code .log.gz} once compressed. SEQ grows by one per rotation and orders
 * the files (oldest first); the time stamp (UTC) says when the file was rotated.
 */
final class RotatedFiles {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String base;
    private final Pattern rotated;

    RotatedFiles(Path dir, String base) {
        this.dir = dir;
        this.base = base;
        this.rotated = Pattern.compile(Pattern.quote(base) + "-\\d{8}T\\d{6}Z-(\\d+)\\.log(\\.gz)?");
    }

    Path dir() {
        return dir;
    }

    Path active() {
        return dir.resolve(base + ".log");
    }

    Path rotatedName(Instant when, long seq) {
        // Not String.format: its first use loads the locale machinery (some 90 classes), in the middle of a burst.
        String number = Long.toString(seq);
        String padded = "000000".substring(Math.min(6, number.length())) + number;
        return dir.resolve(base + "-" + STAMP.format(when) + "-" + padded + ".log");
    }

    /** The rotated files, oldest first. */
    List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> rotated.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(this::seq))
                    .toList();
        }
    }

    long seq(Path rotatedFile) {
        Matcher m = rotated.matcher(rotatedFile.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    static boolean compressed(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** Half-written compressed copies left by an interrupted compression. */
    List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(base + "-")
                    && p.getFileName().toString().endsWith(".gz.tmp")).toList();
        }
    }
}
