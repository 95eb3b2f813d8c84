package dev.svcctl.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of one stream's log files in its directory, shared by the supervisor that writes them and every reader:
 * the active {@code BASE.log} and rotated {@code BASE-YYYYMMDDTHHMMSSZ-SEQ.log}, {@code .log.gz} once compressed.
 * SEQ grows by one per rotation and orders the files (oldest first); the time stamp (UTC) says when the file was
 * rotated. A compression in progress writes {@code ROTATED.log.gz.tmp}.
 */
public final class LogFileNames {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String base;
    private final Pattern rotated;

    public LogFileNames(String base) {
        this.base = base;
        this.rotated = Pattern.compile(Pattern.quote(base) + "-\\d{8}T\\d{6}Z-(\\d+)\\.log(\\.gz)?");
    }

    public String base() {
        return base;
    }

    /** The file the stream is being written to. */
    public String active() {
        return base + ".log";
    }

    /** The name the active file gets at its {@code seq}-th rotation, made at {@code when}. */
    public String rotatedName(Instant when, long seq) {
        // Not String.format: its first use loads the locale machinery (some 90 classes), in the middle of a burst.
        String number = Long.toString(seq);
        String padded = "000000".substring(Math.min(6, number.length())) + number;
        return base + "-" + STAMP.format(when) + "-" + padded + ".log";
    }

    /** Whether {@code name} is one of this stream's rotated files (compressed or not). */
    public boolean isRotated(String name) {
        return rotated.matcher(name).matches();
    }

    /** The rotation number of a rotated file's name; -1 for any other name. */
    public long seq(String rotatedFile) {
        Matcher m = rotated.matcher(rotatedFile);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The rotated files among {@code names}, oldest first. */
    public List<String> rotatedOldestFirst(Collection<String> names) {
        return names.stream().filter(this::isRotated).sorted(Comparator.comparingLong(this::seq)).toList();
    }

    /** Whether {@code name} is a half-written compressed copy left by an interrupted compression. */
    public boolean isLeftover(String name) {
        return name.startsWith(base + "-") && name.endsWith(".gz.tmp");
    }

    public static boolean compressed(String name) {
        return name.endsWith(".gz");
    }
}
