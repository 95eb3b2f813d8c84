package dev.svcctl.dist;

import static dev.svcctl.dist.EndToEnd.await;
import static dev.svcctl.dist.EndToEnd.number;
import static dev.svcctl.dist.EndToEnd.onlyService;
import static dev.svcctl.dist.EndToEnd.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * svcctl on a real macOS (GitHub's macOS runner, or by hand by a user with sudo; docs/real-platforms.md): the
 * distribution installs a daemon (system domain, through passwordless sudo) and an agent (the user's gui/UID domain),
 * both run by launchd itself, and a daemon run by the svcctl supervisor; each is started, crashed, stopped, started
 * and uninstalled through svcctl, and checked with launchctl print, ps and svcctl's JSON. Skipped on every other OS.
 */
@EnabledOnOs(OS.MAC)
class MacLaunchdEndToEndIT {
    /** Not the build tree, a temporary directory or a home: svcctl refuses to name such a launcher in a plist. */
    private static final Path HOME = Path.of("/usr/local/svcctl-e2e");
    private static final Pattern PID = Pattern.compile("(?m)^\\s*pid = (\\d+)\\s*$");
    private static final Pattern STATE = Pattern.compile("(?m)^\\s*state = (.+?)\\s*$");
    private static final Pattern RUNS = Pattern.compile("(?m)^\\s*runs = (\\d+)\\s*$");
    /** A shell program: a child in its process group, both pids, a stderr line, then a line every second. */
    private static final String PROGRAM = "sleep 3600 & echo \"svcctl-e2e pid=$$ child=$!\";"
            + " echo 'svcctl-e2e stderr line' >&2; n=0; while :; do n=$((n+1)); echo \"tick $n\"; sleep 1; done";
    private static Path launcher;
    private static String uid;
    private static Path work;
    private final List<String[]> installed = new ArrayList<>();

    @BeforeAll
    static void installTheDistributionUnderUsrLocal() throws Exception {
        Path dist = EndToEnd.distribution();
        work = Files2.freshDirectory("e2e-mac");
        Run sudo = run(List.of("sudo", "-n", "true"));
        assertEquals(0, sudo.exitCode(), "the daemon tests need passwordless sudo (GitHub's macOS runners have it): "
                + sudo);
        launcher = HOME.resolve("svcctl/bin/svcctl");
        if (Files.exists(launcher)) {
            // A run interrupted by hand left its services: remove them before their files.
            svcctl(true, "uninstall", "svcctl-e2e-daemon");
            svcctl(true, "uninstall", "svcctl-e2e-supervised");
            svcctl(false, "uninstall", "--user", "svcctl-e2e-agent");
        }
        for (List<String> step : List.of(List.of("rm", "-rf", HOME.toString()),
                List.of("mkdir", "-p", HOME.toString()),
                List.of("cp", "-R", dist.toString(), HOME.resolve("svcctl").toString()))) {
            List<String> command = new ArrayList<>(List.of("sudo", "-n"));
            command.addAll(step);
            Run r = run(command);
            assertEquals(0, r.exitCode(), r::toString);
        }
        Run id = run(List.of("id", "-u"));
        assertEquals(0, id.exitCode(), id::toString);
        uid = id.out().strip();
    }

    @AfterEach
    void removeWhatATestLeft() throws Exception {
        for (String[] service : installed) {
            if ("system".equals(service[1])) {
                svcctl(true, "uninstall", service[0]);
            } else {
                svcctl(false, "uninstall", "--user", service[0]);
            }
        }
    }

    private static Run run(List<String> command) throws Exception {
        return Run.of(work == null ? Files2.target() : work, command);
    }

    /** The installed launcher on the Java that runs this test; as root through sudo for the system domain. */
    private static Run svcctl(boolean root, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("sudo", "-n", "env", "JAVA_HOME=" + System.getProperty("java.home")));
        }
        command.add(launcher.toString());
        Collections.addAll(command, args);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SVCCTL_JAVA_OPTS", null);
        return Run.of(work, env, command);
    }

    private static Run launchctlPrint(String target) throws Exception {
        return run(List.of("sudo", "-n", "launchctl", "print", target));
    }

    /** Whether a process exists, by ps (which sees root's processes too). */
    private static boolean alive(long pid) throws Exception {
        return run(List.of("ps", "-p", String.valueOf(pid), "-o", "pid=")).exitCode() == 0;
    }

    private static void awaitGone(String what, long... pids) throws Exception {
        await(what + " " + java.util.Arrays.toString(pids), () -> {
            for (long pid : pids) {
                if (alive(pid)) {
                    return Optional.empty();
                }
            }
            return Optional.of(true);
        });
    }

    private static Optional<String> field(Pattern pattern, String print) {
        Matcher m = pattern.matcher(print);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** launchctl print of {@code target} once it says running with a pid that {@code accept} takes. */
    private static String awaitRunning(String target, String what, java.util.function.LongPredicate accept)
            throws Exception {
        return await(target + ": " + what, EndToEnd.SETTLE, () -> {
            Run print = launchctlPrint(target);
            if (print.exitCode() != 0 || !"running".equals(field(STATE, print.out()).orElse(""))) {
                return Optional.empty();
            }
            Optional<String> pid = field(PID, print.out());
            return pid.isPresent() && accept.test(Long.parseLong(pid.get())) ? Optional.of(print.out())
                    : Optional.empty();
        }, () -> Optional.of(launchctlPrint(target).toString()));
    }

    private static JsonObject status(boolean root, String name) throws Exception {
        return root ? onlyService(svcctl(true, "status", name, "--json"))
                : onlyService(svcctl(false, "status", "--user", name, "--json"));
    }

    /** The (pid, child) lines of a log only root may read. */
    private static List<long[]> starts(Path log) throws Exception {
        Run cat = run(List.of("sudo", "-n", "cat", log.toString()));
        List<long[]> starts = new ArrayList<>();
        Matcher m = EndToEnd.STARTED.matcher(cat.exitCode() == 0 ? cat.out() : "");
        while (m.find()) {
            starts.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return starts;
    }

    private static Path spec(String name, String label, String extra) throws Exception {
        Path spec = work.resolve(name + ".yaml");
        String quoted = "'" + PROGRAM.replace("'", "''") + "'";
        Files.writeString(spec, "name: " + name + "\n"
                + "exec: /bin/sh\n"
                + "args: ['-c', " + quoted + "]\n"
                + "restart:\n  policy: always\n  delay: 1s\n"
                + "stop:\n  timeout: 10s\n"
                + extra
                + "platform:\n  launchd:\n    label: " + label + "\n", StandardCharsets.UTF_8);
        return spec;
    }

    @Test
    void aDaemonRunByLaunchdIsBootstrappedRestartedBootedOutAndRemoved() throws Exception {
        launchdLifecycle(true, "svcctl-e2e-daemon", "dev.svcctl.e2e.daemon");
    }

    @Test
    void anAgentRunByLaunchdIsBootstrappedRestartedBootedOutAndRemoved() throws Exception {
        launchdLifecycle(false, "svcctl-e2e-agent", "dev.svcctl.e2e.agent");
    }

    /** supervisor: native, so launchd runs the program itself: launchctl's pid is the program's. */
    private void launchdLifecycle(boolean system, String name, String label) throws Exception {
        installed.add(new String[] {name, system ? "system" : "user"});
        String domain = system ? "system" : "gui/" + uid;
        String target = domain + "/" + label;
        Path plist = system ? Path.of("/Library/LaunchDaemons", label + ".plist")
                : Path.of(System.getProperty("user.home"), "Library/LaunchAgents", label + ".plist");
        Path logs = system ? Path.of("/Library/Logs/svcctl", name)
                : Path.of(System.getProperty("user.home"), "Library/Logs/svcctl", name);
        Path specCopy = system ? Path.of("/etc/svcctl/services", name + ".yaml")
                : Path.of(System.getProperty("user.home"), ".config/svcctl/services", name + ".yaml");
        Path spec = spec(name, label, "supervisor: native\n");
        svcctl(system, system ? new String[] {"uninstall", name} : new String[] {"uninstall", "--user", name});
        // uninstall keeps the logs: an earlier run's lines must not count.
        assertEquals(0, run(List.of("sudo", "-n", "rm", "-rf", logs.toString())).exitCode());

        Run install = system ? svcctl(true, "install", spec.toString())
                : svcctl(false, "install", "--user", spec.toString());
        assertEquals(0, install.exitCode(), install::toString);
        Run lint = run(List.of("sudo", "-n", "plutil", "-lint", plist.toString()));
        assertEquals(0, lint.exitCode(), "launchd's own plist parser takes it: " + lint);

        // Bootstrapped and running; svcctl's status is launchd's.
        String print = awaitRunning(target, "running", pid -> true);
        long pid = Long.parseLong(field(PID, print).orElseThrow());
        int runs = Integer.parseInt(field(RUNS, print).orElse("1"));
        JsonObject running = status(system, name);
        assertEquals("running", text(running, "state"), running::toString);
        assertEquals(pid, number(running, "pid").getAsLong(), running::toString);
        long restarts = number(running, "restarts").orElse(0);
        Path stdout = logs.resolve("stdout.log");
        long[] first = await("the program's line in " + stdout, EndToEnd.SETTLE,
                () -> starts(stdout).stream().reduce((a, b) -> b),
                () -> Optional.of(run(List.of("sudo", "-n", "ls", "-la", logs.toString())).toString()));
        assertEquals(pid, first[0], "launchd's pid is the program that logged");
        assertTrue(alive(first[1]), "the program's child runs");
        Run stderr = run(List.of("sudo", "-n", "cat", logs.resolve("stderr.log").toString()));
        assertTrue(stderr.out().contains("svcctl-e2e stderr line"), stderr::toString);

        // A crash: KeepAlive respawns the job; launchd ends what was left of the old process group.
        Run kill = run(List.of("sudo", "-n", "kill", "-9", String.valueOf(pid)));
        assertEquals(0, kill.exitCode(), kill::toString);
        String respawned = awaitRunning(target, "respawned with a new pid", p -> p != pid);
        long pid2 = Long.parseLong(field(PID, respawned).orElseThrow());
        assertEquals(runs + 1, Integer.parseInt(field(RUNS, respawned).orElse("-1")), respawned);
        JsonObject after = status(system, name);
        assertEquals(pid2, number(after, "pid").getAsLong(), after::toString);
        assertEquals(restarts + 1, number(after, "restarts").orElse(-1), after::toString);
        awaitGone("the killed program's child", first[1]);
        long[] second = await("the respawned program's line", EndToEnd.SETTLE,
                () -> Optional.of(starts(stdout)).filter(s -> s.size() >= 2).map(s -> s.get(s.size() - 1)),
                Optional::empty);
        assertEquals(pid2, second[0]);

        // Stop is a bootout: launchd no longer has the job, and nothing of it runs.
        Run stop = system ? svcctl(true, "stop", name) : svcctl(false, "stop", "--user", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        Run printStopped = launchctlPrint(target);
        assertNotEquals(0, printStopped.exitCode(), "booted out: " + printStopped);
        awaitGone("the program and its child after stop", pid2, second[1]);
        assertEquals("stopped", text(status(system, name), "state"));
        assertTrue(run(List.of("sudo", "-n", "test", "-f", plist.toString())).exitCode() == 0,
                "the plist stays installed while stopped");

        // Start bootstraps it again, restart kickstarts it; uninstall boots it out and removes the plist and the
        // spec copy.
        Run start = system ? svcctl(true, "start", name) : svcctl(false, "start", "--user", name);
        assertEquals(0, start.exitCode(), start::toString);
        String again = awaitRunning(target, "running again", p -> p != pid2);
        long started = Long.parseLong(field(PID, again).orElseThrow());
        // restart of a loaded job is launchctl kickstart -k: a new process, the old one gone.
        Run restart = system ? svcctl(true, "restart", name) : svcctl(false, "restart", "--user", name);
        assertEquals(0, restart.exitCode(), restart::toString);
        String kickstarted = awaitRunning(target, "kickstarted with a new pid", p -> p != started);
        awaitGone("the program before the restart", started);
        long pid3 = Long.parseLong(field(PID, kickstarted).orElseThrow());
        Run uninstall = system ? svcctl(true, "uninstall", name) : svcctl(false, "uninstall", "--user", name);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        assertNotEquals(0, launchctlPrint(target).exitCode(), "launchd no longer knows " + target);
        awaitGone("the program after uninstall", pid3);
        assertFalse(run(List.of("sudo", "-n", "test", "-e", plist.toString())).exitCode() == 0, "plist removed");
        assertFalse(run(List.of("sudo", "-n", "test", "-e", specCopy.toString())).exitCode() == 0,
                "spec copy removed");
        Run status = system ? svcctl(true, "status", name, "--json")
                : svcctl(false, "status", "--user", name, "--json");
        assertEquals(4, status.exitCode(), status::toString);
        installed.removeIf(s -> s[0].equals(name));
    }

    /**
     * supervisor: svcctl: the plist runs the installed launcher's `svcctl run --name`, which finds Java as a launchd
     * job does (no JAVA_HOME: /usr/bin/java, i.e. a JDK under /Library/Java/JavaVirtualMachines). launchd's pid is
     * the supervisor's; a killed program is restarted by the supervisor, not by launchd.
     */
    @Test
    void aDaemonRunBySvcctlsSupervisorRestartsItsProgramItself() throws Exception {
        String name = "svcctl-e2e-supervised";
        String label = "dev.svcctl.e2e.supervised";
        String target = "system/" + label;
        installed.add(new String[] {name, "system"});
        Run java = run(List.of("sudo", "-n", "env", "-i", "PATH=/usr/bin:/bin:/usr/sbin:/sbin", "/usr/bin/java", "-version"));
        assertEquals(0, java.exitCode(), "a launchd daemon finds Java through /usr/bin/java: install a JDK 17+"
                + " for all users (/Library/Java/JavaVirtualMachines): " + java);
        Path spec = spec(name, label, "supervisor: svcctl\n");
        svcctl(true, "uninstall", name);

        Run install = svcctl(true, "install", spec.toString());
        assertEquals(0, install.exitCode(), install::toString);
        Run plist = run(List.of("sudo", "-n", "plutil", "-p", "/Library/LaunchDaemons/" + label + ".plist"));
        assertTrue(plist.out().contains(launcher.toString()) && plist.out().contains("--name"),
                "the plist runs the installed launcher: " + plist);

        String print = awaitRunning(target, "running", pid -> true);
        long supervisor = Long.parseLong(field(PID, print).orElseThrow());
        JsonObject running = await(name + ": the program runs under the supervisor", EndToEnd.SETTLE, () -> {
            JsonObject s = status(true, name);
            return "running".equals(text(s, "state")) && number(s, "pid").isPresent() ? Optional.of(s)
                    : Optional.empty();
        }, () -> Optional.of(svcctl(true, "status", name, "--json").toString()));
        assertEquals(supervisor, number(running, "supervisorPid").getAsLong(), running::toString);
        long pid = number(running, "pid").getAsLong();
        assertNotEquals(supervisor, pid);
        long restarts = number(running, "restarts").orElse(0);

        Run kill = run(List.of("sudo", "-n", "kill", "-9", String.valueOf(pid)));
        assertEquals(0, kill.exitCode(), kill::toString);
        JsonObject restarted = await(name + ": restarted by the supervisor", EndToEnd.SETTLE, () -> {
            JsonObject s = status(true, name);
            OptionalLong p = number(s, "pid");
            return "running".equals(text(s, "state")) && p.isPresent() && p.getAsLong() != pid
                    && number(s, "restarts").orElse(0) == restarts + 1 ? Optional.of(s) : Optional.empty();
        }, () -> Optional.of(svcctl(true, "status", name, "--json").toString()));
        assertEquals(supervisor, number(restarted, "supervisorPid").getAsLong(), "the supervisor lived on");
        long pid2 = number(restarted, "pid").getAsLong();

        Run stop = svcctl(true, "stop", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        awaitGone("the supervisor and its program after stop", supervisor, pid2);
        Run uninstall = svcctl(true, "uninstall", name);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        assertNotEquals(0, launchctlPrint(target).exitCode());
        installed.removeIf(s -> s[0].equals(name));
    }
}
