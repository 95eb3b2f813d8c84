package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.log.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemctl and journalctl for one scope (the system manager or the user's). Every operation takes all its units in
 * one call, so the number of processes an invocation spawns does not grow with the number of services.
 */
final class Systemctl {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
    static final List<String> STATUS_PROPERTIES = List.of("Id", "LoadState", "ActiveState", "SubState", "MainPID",
            "ActiveEnterTimestamp", "ExecMainStartTimestamp", "NRestarts", "ExecMainCode", "ExecMainStatus",
            "UnitFileState", "MemoryCurrent", "FragmentPath", "NeedDaemonReload", "Result", "CanReload",
            "TimeoutStopUSec", "InactiveEnterTimestamp", "Type", "TimeoutStartUSec", "RestartUSec");

    private final ProcessRunner runner;
    private final boolean user;

    Systemctl(ProcessRunner runner, boolean user) {
        this.runner = runner;
        this.user = user;
    }

    boolean user() {
        return user;
    }

    /** The status properties of each unit, in the order asked, with one {@code systemctl show} call. */
    List<UnitState> show(List<String> units) throws BackendException {
        if (units.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("show", "--timestamp=us+utc",
                "--property=" + String.join(",", STATUS_PROPERTIES)));
        argv.addAll(units);
        String out = systemctl(argv, DEFAULT_TIMEOUT).stdout();
        List<Map<String, String>> blocks = parseShow(out);
        if (blocks.size() != units.size()) {
            throw new BackendException(ExitCode.FAILED, "systemctl show answered " + blocks.size()
                    + " units for " + units.size(), null);
        }
        List<UnitState> states = new ArrayList<>();
        for (Map<String, String> block : blocks) {
            states.add(new UnitState(block));
        }
        return states;
    }

    /** Splits {@code systemctl show} output into one property map per unit (blocks are separated by blank lines). */
    static List<Map<String, String>> parseShow(String out) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                current.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    void daemonReload() throws BackendException {
        systemctl(List.of("daemon-reload"), DEFAULT_TIMEOUT);
    }

    void enable(List<String> units) throws BackendException {
        onUnits("enable", units, DEFAULT_TIMEOUT);
    }

    /** Enables anew: the links follow the unit's current [Install] section. */
    void reenable(List<String> units) throws BackendException {
        onUnits("reenable", units, DEFAULT_TIMEOUT);
    }

    /**
     * Makes a unit without an [Install] section (a spec with {@code startup: manual}) wanted by {@code target}: the
     * link 'systemctl disable' removes again.
     */
    void addWants(String target, List<String> units) throws BackendException {
        if (units.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("add-wants", target));
        argv.addAll(units);
        systemctl(argv, DEFAULT_TIMEOUT);
    }

    void disable(List<String> units) throws BackendException {
        onUnits("disable", units, DEFAULT_TIMEOUT);
    }

    /**
     * Starts and waits for the jobs, at most {@code timeout} (see {@link StartFailures#bound}); answers the units
     * whose start job failed, each with systemd's result. Any other failure is thrown.
     */
    Map<String, String> start(List<String> units, Duration timeout) throws BackendException {
        return jobs("start", units, timeout);
    }

    /** Restarts like {@link #start}. */
    Map<String, String> restart(List<String> units, Duration timeout) throws BackendException {
        return jobs("restart", units, timeout);
    }

    /**
     * {@code enable --now}: links the units, reloads the manager, then starts them like {@link #start} (the same
     * jobs, waited for, with the same "Job for ... failed" on failure), in one systemctl call. When the enable part
     * fails systemctl starts nothing: that is thrown as {@link NotEnabled}, as {@link #reenable} throws it; a start
     * the manager refuses is thrown as {@link #start} throws it.
     */
    Map<String, String> enableAndStart(List<String> units, Duration timeout) throws BackendException {
        return jobs("enable --now", units, timeout);
    }

    /** The enable part of {@link #enableAndStart} failed: nothing was started. */
    static final class NotEnabled extends BackendException {
        private NotEnabled(BackendException e) {
            super(e.exitCode(), e.getMessage(), e.hint().orElse(null));
        }
    }

    private Map<String, String> jobs(String verb, List<String> units, Duration timeout) throws BackendException {
        if (units.isEmpty()) {
            return Map.of();
        }
        List<String> args = new ArrayList<>(List.of(verb.split(" ")));
        args.addAll(units);
        ProcessRunner.Result result = run(command("systemctl", args), timeout);
        if (result.ok()) {
            return Map.of();
        }
        Map<String, String> failed = StartFailures.jobResults(result.stderr());
        if (failed.isEmpty()) {
            BackendException e = failure(args, result);
            if (args.get(0).equals("enable") && e.exitCode() == ExitCode.FAILED && !startReached(result.stderr())) {
                throw new NotEnabled(e);
            }
            throw e;
        }
        return failed;
    }

    /**
     * Whether a failed {@code enable --now} got to its start part: systemctl words a start it could not make
     * "Failed to start UNIT: ..." and a failed job "Job for UNIT failed ..." or "Job failed. ..."; a failure of the
     * enable part ("Failed to enable unit: ...") ends the call before any start.
     */
    private static boolean startReached(String stderr) {
        for (String line : stderr.split("\n")) {
            if (line.startsWith("Failed to start ") || line.startsWith("Job ")) {
                return true;
            }
        }
        return false;
    }

    /** Reloads the running units, starts the others (the shared host: it reads the installed specs again). */
    void reloadOrRestart(List<String> units) throws BackendException {
        onUnits("reload-or-restart", units, DEFAULT_TIMEOUT);
    }

    /** Reloads the units that run, leaves the others stopped. */
    void tryReloadOrRestart(List<String> units) throws BackendException {
        onUnits("try-reload-or-restart", units, DEFAULT_TIMEOUT);
    }

    void reload(List<String> units) throws BackendException {
        onUnits("reload", units, DEFAULT_TIMEOUT);
    }

    /** Stops and waits; {@code timeout} must cover the units' stop timeouts. */
    void stop(List<String> units, Duration timeout) throws BackendException {
        onUnits("stop", units, timeout);
    }

    /** Clears the failed state; units already unloaded are not an error. */
    void resetFailed(List<String> units) throws BackendException {
        if (units.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("reset-failed"));
        argv.addAll(units);
        run(command("systemctl", argv), DEFAULT_TIMEOUT);
    }

    /**
     * The last lines the unit's own processes wrote to the journal (systemd's messages about the unit are left out:
     * the state says that much), or systemd's when the program wrote nothing; empty when journalctl fails.
     */
    String journalTail(String unit, int lines) {
        try {
            List<String> own = List.of("journalctl", (user ? "_SYSTEMD_USER_UNIT=" : "_SYSTEMD_UNIT=") + unit,
                    "--lines", Integer.toString(lines), "--no-pager", "--output", "short-iso");
            ProcessRunner.Result result = run(own, Duration.ofSeconds(20));
            if (result.ok() && !result.stdout().isBlank() && !result.stdout().startsWith("-- No entries --")) {
                return result.stdout();
            }
            result = run(journalctl(unit, lines, false, "short-iso"), Duration.ofSeconds(20));
            return result.ok() ? result.stdout() : "";
        } catch (BackendException e) {
            return "";
        }
    }

    List<String> journalctl(String unit, int lines, boolean follow, String format) {
        List<String> args = new ArrayList<>(List.of(user ? "--user-unit" : "--unit", unit, "--lines",
                Integer.toString(lines), "--no-pager", "--output", format));
        if (follow) {
            args.add("--follow");
        }
        List<String> argv = new ArrayList<>();
        argv.add("journalctl");
        argv.addAll(args);
        return argv;
    }

    private void onUnits(String verb, List<String> units, Duration timeout) throws BackendException {
        if (units.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of(verb));
        argv.addAll(units);
        systemctl(argv, timeout);
    }

    private ProcessRunner.Result systemctl(List<String> args, Duration timeout) throws BackendException {
        ProcessRunner.Result result = run(command("systemctl", args), timeout);
        if (!result.ok()) {
            throw failure(args, result);
        }
        return result;
    }

    private BackendException failure(List<String> args, ProcessRunner.Result result) {
        List<String> argv = command("systemctl", args);
        String err = result.stderr().strip();
        if (err.contains("Failed to connect to bus") || err.contains("System has not been booted with systemd")) {
            return new BackendException(ExitCode.UNAVAILABLE, "cannot reach the " + (user ? "user's " : "")
                    + "systemd manager: " + firstLine(err), user
                    ? "log in with a session that runs 'systemd --user' (or use --root DIR to only write files)"
                    : "on a host without a running systemd use 'svcctl render', '--root DIR' or 'svcctl run'");
        }
        if (err.contains("Access denied") || err.contains("Interactive authentication required")) {
            return new BackendException(ExitCode.PERMISSION_DENIED, "systemctl " + args.get(0)
                    + " was refused: " + firstLine(err), "run with sudo, or use --user for a per-user service");
        }
        return new BackendException(ExitCode.FAILED, "'" + String.join(" ", argv) + "' failed: "
                + (err.isEmpty() ? "exit code " + result.exitCode() : firstLine(err)), null);
    }

    private List<String> command(String program, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        if (user) {
            argv.add("--user");
        }
        argv.addAll(args);
        return argv;
    }

    private ProcessRunner.Result run(List<String> argv, Duration timeout) throws BackendException {
        Log.debug(Systemctl.class, () -> "running " + String.join(" ", argv));
        try {
            return runner.run(argv, timeout);
        } catch (ProcessRunner.TimedOutException e) {
            throw new BackendException(ExitCode.FAILED, e.getMessage(),
                    "systemd may be busy with other jobs: 'systemctl list-jobs' shows them", e);
        } catch (IOException e) {
            throw new BackendException(ExitCode.UNAVAILABLE, "cannot run " + argv.get(0) + ": " + e.getMessage(),
                    "is systemd installed and running on this host?", e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
