package dev.svcctl.importer.systemd;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** systemd's spellings of time spans, sizes and booleans (systemd.time(7), systemd.resource-control(5)). */
final class Values {
    private static final Pattern SPAN_PART = Pattern.compile("\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*([A-Za-zµ]*)");
    private static final Map<String, Long> MICROS = Map.ofEntries(
            Map.entry("us", 1L), Map.entry("usec", 1L), Map.entry("µs", 1L),
            Map.entry("ms", 1_000L), Map.entry("msec", 1_000L),
            Map.entry("", 1_000_000L), Map.entry("s", 1_000_000L), Map.entry("sec", 1_000_000L),
            Map.entry("second", 1_000_000L), Map.entry("seconds", 1_000_000L),
            Map.entry("m", 60_000_000L), Map.entry("min", 60_000_000L), Map.entry("minute", 60_000_000L),
            Map.entry("minutes", 60_000_000L),
            Map.entry("h", 3_600_000_000L), Map.entry("hr", 3_600_000_000L), Map.entry("hour", 3_600_000_000L),
            Map.entry("hours", 3_600_000_000L),
            Map.entry("d", 86_400_000_000L), Map.entry("day", 86_400_000_000L), Map.entry("days", 86_400_000_000L),
            Map.entry("w", 604_800_000_000L), Map.entry("week", 604_800_000_000L),
            Map.entry("weeks", 604_800_000_000L),
            Map.entry("M", 2_629_800_000_000L), Map.entry("month", 2_629_800_000_000L),
            Map.entry("months", 2_629_800_000_000L),
            Map.entry("y", 31_557_600_000_000L), Map.entry("year", 31_557_600_000_000L),
            Map.entry("years", 31_557_600_000_000L));

    private Values() {
    }

    /** A time span in microseconds; -1 for {@code infinity}; throws on anything else. */
    static long micros(String text) {
        String t = text.strip();
        if (t.equals("infinity")) {
            return -1;
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("'' is no time span");
        }
        Matcher m = SPAN_PART.matcher(t);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < t.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is no time span");
            }
            Long unit = MICROS.get(m.group(2));
            if (unit == null) {
                throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + m.group(2) + "'");
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        return total.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** A time span as a Duration, when it has whole milliseconds (the spec's finest unit); else null. */
    static Duration millisOnly(long micros) {
        return micros % 1000 == 0 ? Duration.ofMillis(micros / 1000) : null;
    }

    /** A size in bytes (K, M, G, T, P, E are powers of 1024); -1 for {@code infinity}; throws otherwise. */
    static long bytes(String text) {
        String t = text.strip();
        if (t.equals("infinity")) {
            return -1;
        }
        Matcher m = Pattern.compile("(\\d+)\\s*([KMGTPEB]?)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is no size in bytes");
        }
        long factor = switch (m.group(2)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            case "P" -> 1L << 50;
            case "E" -> 1L << 60;
            default -> 1;
        };
        return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
    }

    /** systemd's booleans; null when the text is none. */
    static Boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "y", "true", "t", "on" -> Boolean.TRUE;
            case "0", "no", "n", "false", "f", "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
