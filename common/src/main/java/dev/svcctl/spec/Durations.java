package dev.svcctl.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints spec durations: {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 2h}, {@code 1d}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final String UNITS = "d h m s ms";

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 250ms, 5s, 1m30s, 2h, 1d)");
        }
        Duration total = Duration.ZERO;
        int lastRank = -1;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            String unit = part.group(2);
            int rank = UNITS.indexOf(unit.equals("m") ? "m " : unit);
            if (rank <= lastRank) {
                throw new IllegalArgumentException(
                        "'" + text + "' names its units out of order or twice (write them as d, h, m, s, ms)");
            }
            lastRank = rank;
            long amount;
            try {
                amount = Long.parseLong(part.group(1));
                total = total.plus(switch (unit) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    default -> Duration.ofMillis(amount);
                });
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
        }
        if (total.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than ten years");
        }
        return total;
    }

    /** The shortest spec spelling of a duration, e.g. {@code 1m30s}, {@code 250ms}, {@code 0}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(names[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
