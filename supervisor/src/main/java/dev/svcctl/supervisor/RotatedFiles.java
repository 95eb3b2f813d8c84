package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of one stream's log files in its directory: the active {@code BASE.log} and rotated
 * {@code BASE-YYYYMMDDTHHMMSSZ-SEQ.log}, {@code .log.gz} once compressed. SEQ grows by one per rotation and orders
 * the files (oldest first); the time stamp (UTC) says when the file was rotated.
 */
final class RotatedFiles {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final LogDir dir;
    private final String base;
    private final Pattern rotated;

    RotatedFiles(LogDir dir, String base) {
        this.dir = dir;
        this.base = base;
        this.rotated = Pattern.compile(Pattern.quote(base) + "-\\d{8}T\\d{6}Z-(\\d+)\\.log(\\.gz)?");
    }

    LogDir dir() {
        return dir;
    }

    String active() {
        return base + ".log";
    }

    String rotatedName(Instant when, long seq) {
        // Not String.format: its first use loads the locale machinery (some 90 classes), in the middle of a burst.
        String number = Long.toString(seq);
        String padded = "000000".substring(Math.min(6, number.length())) + number;
        return base + "-" + STAMP.format(when) + "-" + padded + ".log";
    }

    /** The names of the rotated files, oldest first (whoever made them: see {@link LogDir#isOwnFile}). */
    List<String> list() throws IOException {
        return dir.names().stream().filter(name -> rotated.matcher(name).matches())
                .sorted(Comparator.comparingLong(this::seq))
                .toList();
    }

    long seq(String rotatedFile) {
        Matcher m = rotated.matcher(rotatedFile);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    static boolean compressed(String name) {
        return name.endsWith(".gz");
    }

    static boolean compressed(Path file) {
        return compressed(file.getFileName().toString());
    }

    /** Half-written compressed copies left by an interrupted compression. */
    List<String> leftovers() throws IOException {
        return dir.names().stream().filter(name -> name.startsWith(base + "-") && name.endsWith(".gz.tmp")).toList();
    }
}
