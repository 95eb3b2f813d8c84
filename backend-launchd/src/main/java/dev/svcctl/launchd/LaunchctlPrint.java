package dev.svcctl.launchd;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text {@code launchctl print} writes. Only the service's own (outermost) block counts: nested blocks
 * (coalitions, environment...) repeat keys such as {@code state}. Older releases indent with spaces, newer ones
 * with tabs; depth is therefore counted by braces, not indentation.
 */
final class LaunchctlPrint {
    private static final Pattern FIELD = Pattern.compile("^\\s*([a-z][a-z ()-]*?) = (.*)$");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(-?\\d+)");
    private static final Pattern SIGNAL_NUMBER = Pattern.compile(":\\s*(\\d+)\\s*$");
    private static final Pattern DISABLED_ENTRY = Pattern.compile("^\\s*\"([^\"]+)\"\\s*=>\\s*(\\S+)\\s*$");
    /** Darwin's signal numbers, which differ from Linux's above 9 (USR1 is 30, not 10). */
    private static final String[] DARWIN_SIGNALS = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE",
        "KILL", "BUS", "SEGV", "SYS", "PIPE", "ALRM", "TERM", "URG", "STOP", "TSTP", "CONT", "CHLD", "TTIN", "TTOU",
        "IO", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "INFO", "USR1", "USR2"};

    private LaunchctlPrint() {
    }

    /** What {@code launchctl print DOMAIN/LABEL} says about a loaded service. */
    record Service(String state, OptionalLong pid, OptionalInt runs, OptionalInt lastExitCode,
                   Optional<String> lastSignal) {
    }

    static Service service(String output) {
        Map<String, String> fields = topLevelFields(output);
        OptionalLong pid = number(fields.get("pid")).stream().asLongStream().findFirst();
        OptionalInt runs = number(fields.get("runs"));
        OptionalInt code = number(fields.get("last exit code"));
        Optional<String> signal = Optional.ofNullable(fields.get("last terminating signal")).flatMap(s -> {
            Matcher m = SIGNAL_NUMBER.matcher(s);
            if (!m.find()) {
                return Optional.of(s);
            }
            int n = Integer.parseInt(m.group(1));
            return Optional.of(n > 0 && n < DARWIN_SIGNALS.length ? "SIG" + DARWIN_SIGNALS[n] : "signal " + n);
        });
        return new Service(fields.getOrDefault("state", "unknown"), pid, runs, code, signal);
    }

    /**
     * The overrides in the {@code disabled services} block of {@code launchctl print DOMAIN}: label to disabled.
     * macOS 14 and later print {@code => disabled|enabled}, older releases {@code => true|false}.
     */
    static Map<String, Boolean> disabledServices(String domainOutput) {
        Map<String, Boolean> disabled = new HashMap<>();
        boolean inside = false;
        for (String line : domainOutput.split("\n")) {
            String trimmed = line.strip();
            if (!inside) {
                inside = trimmed.equals("disabled services = {");
                continue;
            }
            if (trimmed.equals("}")) {
                break;
            }
            Matcher m = DISABLED_ENTRY.matcher(line);
            if (m.matches()) {
                disabled.put(m.group(1), m.group(2).equals("disabled") || m.group(2).equals("true"));
            }
        }
        return disabled;
    }

    private static Map<String, String> topLevelFields(String output) {
        Map<String, String> fields = new HashMap<>();
        int depth = 0;
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.equals("}")) {
                depth--;
                continue;
            }
            if (depth == 1 && !trimmed.endsWith("{")) {
                Matcher m = FIELD.matcher(line);
                if (m.matches()) {
                    fields.putIfAbsent(m.group(1), m.group(2).strip());
                }
            }
            if (trimmed.endsWith("{")) {
                depth++;
            }
        }
        return fields;
    }

    private static OptionalInt number(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        Matcher m = LEADING_NUMBER.matcher(value);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
