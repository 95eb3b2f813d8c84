package dev.svcctl.systemd;

import dev.svcctl.os.FileRoot;
import dev.svcctl.os.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small in-memory systemd behind the ProcessRunner port: it loads units from the unit directories under a
 * {@link FileRoot} at daemon-reload, keeps active and enabled states, and records every command it was given.
 */
final class FakeSystemd implements ProcessRunner {
    final List<List<String>> commands = new ArrayList<>();
    final Map<String, String> foreignFragments = new HashMap<>();
    final Set<String> crashOnStart = new HashSet<>();
    final Set<String> refuseStart = new HashSet<>();
    /** Units whose enable (or reenable) fails, as when a file of another package is in the way of a link. */
    final Set<String> refuseEnable = new HashSet<>();
    /**
     * Units whose start job fails as a Type=notify or forking start does, with systemd's job result: {@code timeout}
     * (no READY=1 in time; systemd then kills the program with SIGTERM), {@code exit-code} (it exited with 3 before
     * it was ready) or {@code protocol}.
     */
    final Map<String, String> notReady = new HashMap<>();
    /** The timeout svcctl gave each command, in the order of {@link #commands}. */
    final List<Duration> timeouts = new ArrayList<>();
    private final Map<String, String> results = new HashMap<>();
    final Set<String> knownUsers = new HashSet<>(Set.of("root"));
    private final FileRoot files;
    private final Map<String, String> loadedText = new HashMap<>();
    private final Map<String, Long> pids = new HashMap<>();
    private final Map<String, java.time.Instant> started = new HashMap<>();
    private final Set<String> enabled = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private long nextPid = 1000;
    /** Called with a unit's new main pid when a start or restart gives it one (a test's svcctl run, say). */
    final Map<String, java.util.function.LongConsumer> onStarted = new HashMap<>();

    FakeSystemd(FileRoot files) {
        this.files = files;
    }

    List<List<String>> systemctlCalls() {
        return commands.stream().filter(c -> c.get(0).equals("systemctl")).toList();
    }

    /** The systemctl verbs run, in order, e.g. [show, daemon-reload, reenable, start, show]. */
    List<String> verbs() {
        return systemctlCalls().stream().map(c -> c.get(c.get(1).equals("--user") ? 2 : 1)).toList();
    }

    /**
     * {@link #verbs()} with each run of shows in a row counted once: how often a start is polled depends on how long
     * it is watched (see Settling), not on what install or start does.
     */
    List<String> actions() {
        List<String> actions = new ArrayList<>();
        for (String verb : verbs()) {
            if (!(verb.equals("show") && !actions.isEmpty() && actions.get(actions.size() - 1).equals("show"))) {
                actions.add(verb);
            }
        }
        return actions;
    }

    long pid(String unit) {
        return pids.getOrDefault(unit, 0L);
    }

    boolean enabled(String unit) {
        return enabled.contains(unit);
    }

    /** A unit of another package (see {@link #foreignFragments}) that is enabled and running. */
    void enableForeign(String unit) {
        enabled.add(unit);
        pids.put(unit, nextPid++);
    }

    /** A service as if installed and running earlier (its file must exist). */
    void bootWith(String unit, boolean user) {
        loadedText.put(unit, read(unitFile(unit, user)));
        pids.put(unit, nextPid++);
    }

    @Override
    public Result run(List<String> argv, Duration timeout) {
        commands.add(List.copyOf(argv));
        timeouts.add(timeout);
        if (argv.get(0).equals("getent")) {
            return knownUsers.contains(argv.get(2)) ? ok("") : new Result(2, "", "");
        }
        if (argv.get(0).equals("journalctl")) {
            return ok("Nov 21 crash: boom\n");
        }
        boolean user = argv.get(1).equals("--user");
        List<String> args = argv.subList(user ? 2 : 1, argv.size());
        String verb = args.get(0);
        List<String> units = args.stream().skip(1).filter(a -> !a.startsWith("--")).toList();
        switch (verb) {
            case "show" -> {
                StringBuilder out = new StringBuilder();
                for (String unit : units) {
                    out.append(show(unit, user)).append('\n');
                }
                return ok(out.toString());
            }
            case "daemon-reload" -> {
                loadedText.replaceAll((unit, text) -> read(unitFile(unit, user)));
                return ok("");
            }
            // As systemd's: after changing the links, enable, reenable and disable reload the manager.
            case "reenable", "enable" -> {
                for (String unit : units) {
                    if (refuseEnable.contains(unit)) {
                        // systemctl then changes no link and, for enable --now, starts nothing
                        return new Result(1, "", "Failed to enable unit: File /etc/systemd/system/multi-user.target"
                                + ".wants/" + unit + " already exists and is a symlink to /opt/other/" + unit + ".\n");
                    }
                }
                units.forEach(enabled::add);
                loadedText.replaceAll((unit, text) -> read(unitFile(unit, user)));
                if (verb.equals("enable") && args.contains("--now")) {
                    // enable --now: then the start jobs, as 'systemctl start' runs them
                    return jobs("start", units, user);
                }
            }
            case "add-wants" -> units.stream().skip(1).forEach(enabled::add);
            case "disable" -> {
                units.forEach(enabled::remove);
                loadedText.replaceAll((unit, text) -> read(unitFile(unit, user)));
            }
            case "start", "restart" -> {
                return jobs(verb, units, user);
            }
            case "stop" -> {
                units.forEach(pids::remove);
                // PartOf=: a stop of a unit stops the units that are part of it.
                for (String stopped : units) {
                    loadedText.forEach((unit, text) -> {
                        if (directive(text, "PartOf").filter(stopped::equals).isPresent()) {
                            pids.remove(unit);
                        }
                    });
                }
            }
            case "reload", "reset-failed", "try-reload-or-restart" -> units.forEach(failed::remove);
            case "reload-or-restart" -> units.forEach(unit -> {
                failed.remove(unit);
                pids.computeIfAbsent(unit, u -> nextPid++);
            });
            default -> throw new IllegalArgumentException("unexpected systemctl " + verb);
        }
        return ok("");
    }

    /** start or restart: the jobs of the units, waited for, with systemctl's "Job for ... failed" on failure. */
    private Result jobs(String verb, List<String> units, boolean user) {
        StringBuilder jobFailures = new StringBuilder();
        for (String unit : units) {
            if (unit.endsWith(".socket") && !pids.containsKey(unit) && directive(read(unitFile(unit, user)),
                    "Service").map(pids::containsKey).orElse(false)) {
                // systemd: "Socket service svcctl-log-NAME.service already active, refusing." (the service
                // of its Service=). systemctl then names no unit (systemd 252, observed in the sandbox).
                return new Result(1, "", "Job failed. See \"journalctl -xe\" for details.\n");
            }
            if (refuseStart.contains(unit)) {
                return new Result(1, "", "Failed to start " + unit + ": Unit postgresql.service not found.\n");
            }
            loadedText.put(unit, read(unitFile(unit, user)));
            results.remove(unit);
            if (notReady.containsKey(unit)) {
                String result = notReady.get(unit);
                pids.remove(unit);
                failed.add(unit);
                results.put(unit, result);
                jobFailures.append("Job for ").append(unit).append(" failed because ").append(switch (result) {
                    case "timeout" -> "a timeout was exceeded";
                    case "exit-code" -> "the control process exited with error code";
                    default -> "the service did not take the steps required by its unit configuration";
                }).append(".\nSee \"systemctl status ").append(unit).append("\" and \"journalctl -xeu ")
                        .append(unit).append("\" for details.\n");
            } else if (crashOnStart.contains(unit)) {
                pids.remove(unit);
                failed.add(unit);
            } else if (verb.equals("restart") || !pids.containsKey(unit)) {
                long pid = nextPid++;
                pids.put(unit, pid);
                started.put(unit, java.time.Instant.now());
                onStarted.getOrDefault(unit, started -> { }).accept(pid);
            }
        }
        if (jobFailures.length() > 0) {
            return new Result(1, "", jobFailures.toString());
        }
        return ok("");
    }

    private String show(String unit, boolean user) {
        Path file = unitFile(unit, user);
        String fragment = Files.exists(file) ? file.toString() : foreignFragments.getOrDefault(unit, "");
        boolean loaded = !fragment.isEmpty();
        String text = loaded && Files.exists(file) ? read(file) : "";
        boolean active = pids.containsKey(unit);
        return String.join("\n",
                "Id=" + unit,
                "LoadState=" + (loaded ? "loaded" : "not-found"),
                "ActiveState=" + (active ? "active" : failed.contains(unit) ? "failed" : "inactive"),
                "SubState=" + (active ? "running" : failed.contains(unit) ? "failed" : "dead"),
                "MainPID=" + pids.getOrDefault(unit, 0L),
                "ExecMainCode=" + (!failed.contains(unit) ? "0" : "timeout".equals(results.get(unit)) ? "2" : "1"),
                "ExecMainStatus=" + (!failed.contains(unit) ? "0" : "timeout".equals(results.get(unit)) ? "15"
                        : "exit-code".equals(results.get(unit)) ? "3" : results.containsKey(unit) ? "0" : "1"),
                "Result=" + results.getOrDefault(unit, failed.contains(unit) ? "exit-code" : "success"),
                "Type=" + directive(text, "Type").orElse("simple"),
                // systemd's own spelling of a time span, as show prints it.
                "TimeoutStartUSec=" + directive(text, "TimeoutStartSec").map(v -> dev.svcctl.spec.Durations.parse(v)
                        .toMillis() + "ms").orElse("1min 30s"),
                "ActiveEnterTimestamp=" + (active ? "Fri 2025-11-21 04:40:00.000000 UTC" : ""),
                "ExecMainStartTimestamp=" + (started.containsKey(unit) && active ? java.time.format.DateTimeFormatter
                        .ofPattern("'Fri' yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'").withZone(java.time.ZoneOffset.UTC)
                        .format(started.get(unit)) : ""),
                "NRestarts=0",
                "UnitFileState=" + (!loaded ? "" : enabled.contains(unit) ? "enabled" : "disabled"),
                "MemoryCurrent=" + (active ? "4096" : "18446744073709551615"),
                "FragmentPath=" + fragment,
                "NeedDaemonReload=" + (loaded && loadedText.containsKey(unit) && !loadedText.get(unit).equals(text)
                        ? "yes" : "no"),
                "CanReload=" + (text.contains("ExecReload=") ? "yes" : "no"),
                "TimeoutStopUSec=" + directive(text, "TimeoutStopSec").map(v -> dev.svcctl.spec.Durations.parse(v)
                        .toMillis() + "ms").orElse("30s")) + "\n";
    }

    private static java.util.Optional<String> directive(String unitText, String name) {
        for (String line : unitText.split("\n")) {
            if (line.startsWith(name + "=")) {
                return java.util.Optional.of(line.substring(name.length() + 1));
            }
        }
        return java.util.Optional.empty();
    }

    private Path unitFile(String unit, boolean user) {
        return files.resolve((user ? "~/.config/systemd/user/" : "/etc/systemd/system/") + unit);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result ok(String out) {
        return new Result(0, out, "");
    }
}
