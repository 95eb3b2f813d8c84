package dev.svcctl.systemd;

import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One unit's properties from {@code systemctl show}, and what they mean for svcctl's status. */
record UnitState(Map<String, String> properties) {
    /** A unit with no process: what {@link Settling} counts as started at its first look. */
    static final UnitState NOT_STARTED = new UnitState(Map.of());

    /** Linux signal numbers, for the signal a program died of. */
    private static final String[] SIGNALS = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
    private static final int CLD_EXITED = 1;

    String get(String property) {
        return properties.getOrDefault(property, "");
    }

    String id() {
        return get("Id");
    }

    boolean loaded() {
        return !get("LoadState").equals("not-found") && !get("LoadState").isEmpty();
    }

    boolean active() {
        return get("ActiveState").equals("active") || get("ActiveState").equals("reloading");
    }

    boolean running() {
        return active() && get("SubState").equals("running");
    }

    /** Still on its way somewhere: starting, stopping, or waiting to be restarted. */
    boolean transient_() {
        String state = get("ActiveState");
        return state.equals("activating") || state.equals("deactivating") || state.equals("reloading");
    }

    boolean enabled() {
        return get("UnitFileState").startsWith("enabled");
    }

    boolean needsDaemonReload() {
        return get("NeedDaemonReload").equals("yes");
    }

    boolean canReload() {
        return get("CanReload").equals("yes");
    }

    String fragmentPath() {
        return get("FragmentPath");
    }

    ServiceState state() {
        if (!loaded()) {
            return ServiceState.NOT_INSTALLED;
        }
        return switch (get("ActiveState")) {
            case "active", "reloading" -> ServiceState.RUNNING;
            case "activating" -> ServiceState.STARTING;
            case "deactivating" -> ServiceState.STOPPING;
            case "failed" -> ServiceState.FAILED;
            default -> ServiceState.STOPPED;
        };
    }

    OptionalLong mainPid() {
        long pid = number(get("MainPID"));
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** Since when the service is in its current state. */
    Optional<Instant> since() {
        String property = active() ? "ActiveEnterTimestamp" : "InactiveEnterTimestamp";
        return timestamp(get(property));
    }

    OptionalInt restarts() {
        String n = get("NRestarts");
        return n.matches("\\d+") ? OptionalInt.of(Integer.parseInt(n)) : OptionalInt.empty();
    }

    Optional<ServiceStatus.LastExit> lastExit() {
        String code = get("ExecMainCode");
        String status = get("ExecMainStatus");
        if (!code.matches("\\d+") || Integer.parseInt(code) == 0 || !status.matches("\\d+")) {
            return Optional.empty();
        }
        int value = Integer.parseInt(status);
        if (Integer.parseInt(code) == CLD_EXITED) {
            return Optional.of(new ServiceStatus.LastExit(OptionalInt.of(value), Optional.empty()));
        }
        String signal = value > 0 && value < SIGNALS.length ? SIGNALS[value] : Integer.toString(value);
        return Optional.of(new ServiceStatus.LastExit(OptionalInt.empty(), Optional.of(signal)));
    }

    OptionalLong memoryBytes() {
        long bytes = number(get("MemoryCurrent"));
        // systemd prints 2^64-1 ("[not set]" on newer versions) when memory accounting has no value.
        return bytes >= 0 && bytes != Long.MAX_VALUE ? OptionalLong.of(bytes) : OptionalLong.empty();
    }

    /** How long systemd gives the unit to stop (TimeoutStopUSec, e.g. {@code 30s} or {@code 1min 30s}). */
    Duration stopTimeout() {
        return timespan(get("TimeoutStopUSec")).orElse(Duration.ofSeconds(90));
    }

    /** How long systemd waits before it restarts the unit's program (RestartUSec); 1s, the spec's default, if unset. */
    Duration restartDelay() {
        return timespan(get("RestartUSec")).orElse(Duration.ofSeconds(1));
    }

    /** How long systemd gives the unit to start, and a Type=notify or forking unit to become ready. */
    Duration startTimeout() {
        return timespan(get("TimeoutStartUSec")).orElse(Systemctl.DEFAULT_TIMEOUT);
    }

    private static long number(String s) {
        if (!s.matches("\\d{1,19}")) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Read by hand rather than with a DateTimeFormatter: building one loads some fifty classes, a good part of what
     * install and status cost beyond the JVM's start (bench/install).
     */
    private static final java.util.regex.Pattern US_UTC =
            java.util.regex.Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{6}) UTC");

    /** When the current main process started. */
    Optional<Instant> mainStarted() {
        return timestamp(get("ExecMainStartTimestamp"));
    }

    /**
     * A timestamp as {@code systemctl show --timestamp=us+utc} prints it ({@code Sat 2026-11-21 19:31:27.123456 UTC}),
     * or as {@code @SECONDS}; empty when unset.
     */
    static Optional<Instant> timestamp(String value) {
        if (value.startsWith("@") && value.substring(1).matches("\\d+")) {
            long seconds = Long.parseLong(value.substring(1));
            return seconds > 0 ? Optional.of(Instant.ofEpochSecond(seconds)) : Optional.empty();
        }
        var m = US_UTC.matcher(value);
        if (m.find()) {
            try {
                long seconds = java.time.LocalDateTime.of(number(m, 1), number(m, 2), number(m, 3), number(m, 4),
                        number(m, 5), number(m, 6)).toEpochSecond(java.time.ZoneOffset.UTC);
                return Optional.of(Instant.ofEpochSecond(seconds, number(m, 7) * 1000L));
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static int number(java.util.regex.Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    /** systemd's time span spelling: {@code 1min 30s}, {@code 250ms}, {@code infinity}. */
    static Optional<Duration> timespan(String value) {
        if (value.isEmpty() || value.equals("infinity")) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        var matcher = java.util.regex.Pattern.compile("(\\d+)(us|ms|s|min|h|d|w)?").matcher(value.replace(" ", ""));
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return Optional.empty();
            }
            end = matcher.end();
            long n = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            total = total.plus(switch (unit) {
                case "us" -> Duration.ofNanos(n * 1000);
                case "ms" -> Duration.ofMillis(n);
                case "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofSeconds(n);
            });
        }
        return end == value.replace(" ", "").length() ? Optional.of(total) : Optional.empty();
    }
}
