package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Readiness and the program's watchdog end to end under {@code svcctl run} on a host without an init system: the
 * real supervisor in a JVM of its own ({@link SvcctlJvm}), its real notify socket, a Python program that speaks
 * sd_notify ({@code sd-notify-program.py}), seen through the state file by the {@code supervisor} backend
 * ({@code status --json}, {@code stop}) in this JVM. The programs wait for a gate file the test creates, so "not
 * ready yet" is the test's decision, not a race with the program's timing; every wait is a poll with a generous
 * deadline. Linux only: there the supervisor is the subreaper that keeps hold of a forking daemon.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RunReadinessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a test watches a state that must not change (generous against the program's own pace). */
    private static final long HOLD_MILLIS = 2_500;
    private static final String HUP_WARNING = "SIGHUP is ignored (started under nohup?): 'svcctl reload' cannot reach"
            + " this supervisor";

    /** python3's own executable (not a shim on PATH), or a skip (a failure when CI=true) when there is none. */
    private static String python() throws Exception {
        String why;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys, socket, http.server, resource;"
                    + " print(sys.executable)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0 && out.startsWith("/")) {
                return out;
            }
            why = "python3 cannot run the sd_notify test program: " + out;
        } catch (IOException e) {
            why = "python3 is missing: " + e.getMessage();
        }
        if (System.getenv("CI") != null) {
            fail(why + " (CI=true: the readiness cases under svcctl run must run)");
        }
        Assumptions.abort(why);
        return null;
    }

    /** A fresh directory for a case, with the sd_notify program in it. */
    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "run-readiness", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        try (InputStream program = RunReadinessTest.class.getResourceAsStream("sd-notify-program.py")) {
            Files.copy(program, dir.resolve("sd-notify-program.py"));
        }
        return dir;
    }

    private static String quote(Object s) {
        return "\"" + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A spec running the sd_notify program in {@code mode}, its output into svcctl run's (the test's files). */
    private static Path programSpec(Path dir, String name, String mode, String extraArg, String keys)
            throws Exception {
        String args = quote(dir.resolve("sd-notify-program.py")) + ", " + quote(mode) + ", " + quote(dir)
                + (extraArg == null ? "" : ", " + quote(extraArg));
        return spec(dir, name, "exec: " + quote(python()) + "\nargs: [" + args + "]\n" + keys);
    }

    private static Path spec(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + body + "logs: {stdout: inherit, stderr: inherit}\n");
        return file;
    }

    /** svcctl run as a JVM of its own, its output in DIR/svcctl-run.out and .err. */
    private static Process run(Path dir, ProcessBuilder builder) throws IOException {
        return builder.redirectOutput(dir.resolve("svcctl-run.out").toFile())
                .redirectError(dir.resolve("svcctl-run.err").toFile()).start();
    }

    private static String stderr(Path dir) throws IOException {
        Path err = dir.resolve("svcctl-run.err");
        return Files.exists(err) ? Files.readString(err) : "";
    }

    private static JsonObject status(String name) {
        // Its exit code tells the state as LSB's does (3 stopped, 4 not found yet): the JSON is what is asserted.
        CliTest.Outcome o = CliTest.svcctl("status", name, "--json", "--backend", "supervisor");
        assertTrue(o.out().startsWith("{"), o.exitCode() + ": " + o.err());
        JsonArray array = CliTest.services(o.out());
        assertEquals(1, array.size(), o.out());
        return array.get(0).getAsJsonObject();
    }

    private static String text(JsonObject s, String key) {
        return s.get(key).isJsonNull() ? null : s.get(key).getAsString();
    }

    private static long pid(JsonObject s) {
        return s.get("pid").isJsonNull() ? -1 : s.get("pid").getAsLong();
    }

    /**
     * Polls the status of {@code name} under this svcctl run (a state file that another, earlier supervisor left is
     * not taken) until {@code until} holds; fails when svcctl run ends first or after {@link #WAIT}.
     */
    private static JsonObject awaitStatus(String name, Process svcctl, Path dir, String what,
            Predicate<JsonObject> until) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject s = null;
        while (true) {
            assertTrue(svcctl.isAlive(), "svcctl run ended (exit " + (svcctl.isAlive() ? "" : svcctl.exitValue())
                    + ") before " + what + "; last status " + s + "; its stderr:\n" + stderr(dir));
            s = status(name);
            boolean ours = !s.get("supervisorPid").isJsonNull() && s.get("supervisorPid").getAsLong() == svcctl.pid();
            if (ours && until.test(s)) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "not " + what + " within " + WAIT.toSeconds() + "s; last status "
                    + s + "; svcctl run's stderr:\n" + stderr(dir));
            Thread.sleep(100);
        }
    }

    private static void await(String what, Path dir, ThrowingCondition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, "not " + what + " within " + WAIT.toSeconds()
                    + "s; svcctl run's stderr:\n" + stderr(dir));
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    /** The pids of the program's runs, in order, as the program recorded them. */
    private static List<Long> programPids(Path dir) throws IOException {
        Path file = dir.resolve("pids");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.strip()))
                .toList();
    }

    /** The environment a run of the program saw: NOTIFY_SOCKET and WATCHDOG_USEC ("-" for unset). */
    private static Map<String, String> programEnv(Path dir, long pid) throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env-" + pid))) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /** Alive, a zombie not counted (its parent has not collected it yet, but it runs no more). */
    private static boolean alive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException gone) {
                return false;
            }
        }
        return false;
    }

    private static void assertGone(Path dir, List<Long> pids) throws Exception {
        for (long pid : pids) {
            await("pid " + pid + " gone", dir, () -> !alive(pid));
        }
    }

    private static SupervisorState stateFile(String name) {
        return new StateFile(SvcctlJvm.runtimeDir().resolve(name + ".json")).read()
                .orElseThrow(() -> new AssertionError("no state file for " + name));
    }

    private static Path notifySocket(String name) {
        return SvcctlJvm.runtimeDir().resolve(name + ".notify");
    }

    /** {@code svcctl stop NAME --backend supervisor}; then svcctl run has ended with 0 and left none of the pids. */
    private static void stop(String name, Process svcctl, Path dir, List<Long> pids) throws Exception {
        CliTest.Outcome stop = CliTest.svcctl("stop", name, "--backend", "supervisor");
        assertEquals(0, stop.exitCode(), stop.err());
        assertTrue(svcctl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "svcctl run did not end after stop");
        assertEquals(0, svcctl.exitValue(), stderr(dir));
        assertGone(dir, pids);
        JsonObject after = status(name);
        assertEquals("stopped", text(after, "state"), after.toString());
        assertTrue(after.get("pid").isJsonNull(), after.toString());
    }

    /** Whatever is left when a case failed half-way: svcctl run's tree and every program run. */
    private static void cleanUp(Process svcctl, Path dir) throws IOException {
        svcctl.descendants().forEach(ProcessHandle::destroyForcibly);
        svcctl.destroyForcibly();
        for (long pid : programPids(dir)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Whether this JVM was started with SIGHUP ignored (then so are the JVMs it starts: no control case). */
    private static boolean hangupIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 1) != 0;
            }
        }
        return false;
    }

    // 1. readiness.notify: waiting until READY=1, STATUS= kept, the program gets the supervisor's socket.
    @Test
    void notifyReadinessWaitsForReadyOnTheSupervisorsOwnSocket() throws Exception {
        Path dir = freshDir("notify");
        String name = "svcctl-test-ready-notify";
        Path callerSocket = dir.resolve("init.sock");
        Path callerGot = dir.resolve("init.got");
        // The caller's init system (as systemd's NOTIFY_SOCKET for a Type=notify unit): meant for svcctl run only.
        Process init = new ProcessBuilder(python(), dir.resolve("sd-notify-program.py").toString(), "init",
                callerSocket.toString(), callerGot.toString()).inheritIO().start();
        Path file = programSpec(dir, name, "notify", null, "readiness: {notify: true, timeout: 5m}\n");
        Process svcctl = null;
        try {
            await("the caller's notify socket bound", dir, () -> Files.exists(Path.of(callerGot + ".bound")));
            ProcessBuilder builder = SvcctlJvm.command("run", file.toString());
            builder.environment().put("NOTIFY_SOCKET", callerSocket.toString());
            svcctl = run(dir, builder);
            Process supervisor = svcctl;

            await("started", dir, () -> programPids(dir).size() == 1);
            long program = programPids(dir).get(0);
            JsonObject s = awaitStatus(name, supervisor, dir, "running the program", x -> pid(x) == program);
            assertEquals("running", text(s, "state"));
            assertEquals("waiting", text(s, "readiness"), s.toString());
            Thread.sleep(HOLD_MILLIS);
            s = status(name);
            assertEquals("waiting", text(s, "readiness"), "ready before READY=1: " + s);
            assertEquals(program, pid(s));
            assertEquals(Optional.empty(), stateFile(name).statusText());
            assertFalse(Files.exists(callerGot) && Files.readString(callerGot).contains("READY=1"),
                    "svcctl run told its init system READY=1 before the program was ready");

            Files.createFile(dir.resolve("go"));
            s = awaitStatus(name, supervisor, dir, "ready", x -> "ready".equals(text(x, "readiness")));
            assertEquals(program, pid(s));
            assertEquals("running", text(s, "state"));
            assertEquals(0, s.get("restarts").getAsInt());
            assertNotEquals(svcctl.pid(), pid(s));
            assertEquals(Optional.of("serving"), stateFile(name).statusText());

            Map<String, String> env = programEnv(dir, program);
            assertEquals(notifySocket(name).toString(), env.get("NOTIFY_SOCKET"),
                    "the program's NOTIFY_SOCKET is the supervisor's, not the caller's " + callerSocket);
            assertEquals("-", env.get("WATCHDOG_USEC"), "no watchdog in the spec");
            await("READY=1 and STATUS=serving passed on to the caller's init system", dir, () -> Files.exists(callerGot)
                    && Files.readString(callerGot).contains("READY=1")
                    && Files.readString(callerGot).contains("STATUS=serving"));

            stop(name, svcctl, dir, List.of(program));
            assertFalse(Files.exists(notifySocket(name), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "the notify socket is removed at the end");
            assertTrue(Files.readString(callerGot).contains("STOPPING=1"), Files.readString(callerGot));
            String err = stderr(dir);
            assertTrue(err.contains("ready: READY=1 (pid " + program + ")"), err);
            if (!hangupIgnoredHere()) {
                assertFalse(err.contains(HUP_WARNING), "warned of nohup without it:\n" + err);
            }
        } finally {
            if (svcctl != null) {
                cleanUp(svcctl, dir);
            }
            init.destroyForcibly();
        }
    }

    // 2. never READY=1: not ready after readiness.timeout, restarted, given up after burst.
    @Test
    void aProgramThatNeverGetsReadyIsRestartedAndThenGivenUp() throws Exception {
        Path dir = freshDir("never");
        String name = "svcctl-test-ready-never";
        Path file = programSpec(dir, name, "never", null, "readiness: {notify: true, timeout: 2s}\n"
                + "restart: {policy: on-failure, delay: 100ms, burst: 2, window: 10m}\nstop: {timeout: 5s}\n");
        Process svcctl = run(dir, SvcctlJvm.command("run", file.toString()));
        try {
            boolean sawWaiting = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (svcctl.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "svcctl run did not give up; its stderr:\n" + stderr(dir));
                JsonObject s = status(name);
                if (!s.get("supervisorPid").isJsonNull() && s.get("supervisorPid").getAsLong() == svcctl.pid()) {
                    assertNotEquals("ready", text(s, "readiness"), "ready without READY=1: " + s);
                    sawWaiting |= "waiting".equals(text(s, "readiness"));
                }
                Thread.sleep(100);
            }
            String err = stderr(dir);
            assertEquals(1, svcctl.exitValue(), "svcctl run exits 1 when it gives up:\n" + err);
            assertTrue(sawWaiting, "never saw the program waiting for readiness");

            List<Long> pids = programPids(dir);
            assertEquals(3, pids.size(), "the first run and two restarts (burst 2): " + pids + "\n" + err);
            JsonObject s = status(name);
            assertEquals("failed", text(s, "state"), s.toString());
            assertEquals(2, s.get("restarts").getAsInt(), s.toString());
            assertTrue(s.get("pid").isJsonNull(), s.toString());
            assertTrue(s.get("supervisorPid").isJsonNull(), s.toString());
            SupervisorState state = stateFile(name);
            assertTrue(state.reason().orElse("").contains("not ready after 2s"), state.toString());
            for (long pid : pids) {
                assertTrue(err.contains("not ready after 2s (notify); stopping it: sending SIGTERM to pid " + pid),
                        err);
            }
            assertTrue(err.contains("gave up"), err);
            assertGone(dir, pids);
            assertFalse(Files.exists(notifySocket(name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } finally {
            cleanUp(svcctl, dir);
        }
    }

    // 3. watchdog: a ready program that stops pinging (alive, hung) is restarted, counted in restarts.
    @Test
    void aProgramThatStopsSendingWatchdogIsRestarted() throws Exception {
        Path dir = freshDir("watchdog");
        String name = "svcctl-test-ready-watchdog";
        Path file = programSpec(dir, name, "watchdog", null, "readiness: {notify: true, timeout: 5m}\nwatchdog: 1s\n"
                + "restart: {policy: on-failure, delay: 100ms, burst: 5, window: 10m}\nstop: {timeout: 5s}\n");
        Process svcctl = run(dir, SvcctlJvm.command("run", file.toString()));
        try {
            await("started", dir, () -> programPids(dir).size() == 1);
            long first = programPids(dir).get(0);
            JsonObject s = awaitStatus(name, svcctl, dir, "ready", x -> pid(x) == first
                    && "ready".equals(text(x, "readiness")));
            assertEquals("1000000", programEnv(dir, first).get("WATCHDOG_USEC"));
            assertEquals(notifySocket(name).toString(), programEnv(dir, first).get("NOTIFY_SOCKET"));
            // Pinging (every 100 ms against 1 s), it is left alone.
            Thread.sleep(HOLD_MILLIS);
            s = status(name);
            assertEquals(first, pid(s), s.toString());
            assertEquals(0, s.get("restarts").getAsInt(), s.toString());

            Files.createFile(dir.resolve("go")); // the first run stops pinging, and idles
            s = awaitStatus(name, svcctl, dir, "restarted after the watchdog", x -> x.get("restarts").getAsInt() >= 1
                    && pid(x) > 0 && pid(x) != first && "ready".equals(text(x, "readiness")));
            assertTrue(waitGone(first), "the hung program " + first + " survived the watchdog");
            assertEquals(1, s.get("restarts").getAsInt(), s.toString());
            List<Long> pids = programPids(dir);
            assertEquals(2, pids.size(), pids.toString());
            assertEquals(pids.get(1), pid(s));
            assertEquals(134, s.get("lastExit").getAsJsonObject().get("code").getAsInt(),
                    "ended by SIGABRT (128+6): " + s);
            String err = stderr(dir);
            assertTrue(err.contains("watchdog: no WATCHDOG=1 for 1s; sending SIGABRT to pid " + first), err);

            // The second run pings on: no further restart.
            Thread.sleep(HOLD_MILLIS);
            s = status(name);
            assertEquals(1, s.get("restarts").getAsInt(), s.toString());
            assertEquals(pids.get(1), pid(s));
            stop(name, svcctl, dir, pids);
        } finally {
            cleanUp(svcctl, dir);
        }
    }

    private static boolean waitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // 4. tcp and http readiness: ready only once the port answers.
    @Test
    void tcpReadinessWaitsForThePortToOpen() throws Exception {
        probeReadiness("tcp", port -> "tcp: " + quote("127.0.0.1:" + port));
    }

    @Test
    void httpReadinessWaitsForTheServerToAnswer() throws Exception {
        probeReadiness("http", port -> "http: " + quote("http://127.0.0.1:" + port + "/ready"));
    }

    private static void probeReadiness(String mode, java.util.function.IntFunction<String> readiness)
            throws Exception {
        Path dir = freshDir(mode);
        String name = "svcctl-test-ready-" + mode;
        int port = freePort();
        Path file = programSpec(dir, name, mode, Integer.toString(port), "readiness: {" + readiness.apply(port)
                + ", timeout: 5m}\n");
        Process svcctl = run(dir, SvcctlJvm.command("run", file.toString()));
        try {
            await("started", dir, () -> programPids(dir).size() == 1);
            long program = programPids(dir).get(0);
            JsonObject s = awaitStatus(name, svcctl, dir, "running the program", x -> pid(x) == program);
            assertEquals("waiting", text(s, "readiness"), s.toString());
            Thread.sleep(HOLD_MILLIS);
            s = status(name);
            assertEquals("waiting", text(s, "readiness"), "ready before the port opened: " + s);

            Files.createFile(dir.resolve("go"));
            s = awaitStatus(name, svcctl, dir, "ready", x -> "ready".equals(text(x, "readiness")));
            assertEquals(program, pid(s));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000); // it is open indeed
            }
            assertTrue(stderr(dir).contains("ready: " + mode + " probe succeeded (pid " + program + ")"), stderr(dir));
            assertEquals("-", programEnv(dir, program).get("NOTIFY_SOCKET"), "no notify socket for a probe");
            stop(name, svcctl, dir, List.of(program));
        } finally {
            cleanUp(svcctl, dir);
        }
    }

    // 5. pidFile: the forked daemon is the program's main process, and a stop leaves no survivor.
    @Test
    void aForkingDaemonIsTakenFromItsPidFileAndStoppedWithNoSurvivor() throws Exception {
        Path dir = freshDir("pidfile");
        String name = "svcctl-test-ready-pidfile";
        Path pidFile = dir.resolve("daemon.pid");
        Path file = spec(dir, name, "exec: /bin/sh\nargs: [\"-c\", " + quote("sleep 1000 & echo $! > " + pidFile)
                + "]\nreadiness: {pidFile: " + quote(pidFile) + ", timeout: 1m}\n");
        Process svcctl = run(dir, SvcctlJvm.command("run", file.toString()));
        List<Long> daemon = new ArrayList<>();
        try {
            JsonObject s = awaitStatus(name, svcctl, dir, "ready", x -> "ready".equals(text(x, "readiness")));
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            daemon.add(pid);
            assertEquals(pid, pid(s), "the state's pid is the daemon's: " + s);
            assertEquals("running", text(s, "state"));
            assertNotEquals(svcctl.pid(), pid);
            assertEquals(Optional.of(svcctl.pid()), ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                    .map(ProcessHandle::pid), "the daemon is re-parented to svcctl run, the subreaper");
            assertEquals(0, s.get("restarts").getAsInt(), "the first process's exit 0 is no crash: " + s);
            stop(name, svcctl, dir, daemon);
        } finally {
            cleanUp(svcctl, dir);
            for (long pid : daemon) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    // 6. nohup: svcctl run with SIGHUP ignored says that reload cannot reach it.
    @Test
    void underNohupSvcctlRunWarnsThatReloadCannotReachIt() throws Exception {
        Path dir = freshDir("nohup");
        String name = "svcctl-test-ready-nohup";
        // With reload.signal USR2, which would end sleep: a SIGHUP that reached svcctl run would show.
        Path file = spec(dir, name, "exec: /bin/sleep\nargs: [\"1000\"]\nreload: {signal: USR2}\n");
        ProcessBuilder builder = SvcctlJvm.command("run", file.toString());
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        command.addAll(builder.command());
        builder.command(command);
        Process svcctl = run(dir, builder);
        List<Long> program = new ArrayList<>();
        try {
            JsonObject s = awaitStatus(name, svcctl, dir, "running", x -> pid(x) > 0
                    && "ready".equals(text(x, "readiness")));
            program.add(pid(s));
            await("the nohup warning", dir, () -> stderr(dir).contains(HUP_WARNING));
            // As it says: a SIGHUP does not reach it (svcctl run and its program go on).
            new ProcessBuilder("kill", "-HUP", Long.toString(svcctl.pid())).start().waitFor();
            Thread.sleep(500);
            assertTrue(svcctl.isAlive(), stderr(dir));
            s = status(name);
            assertEquals(program.get(0), pid(s));
            assertFalse(stderr(dir).contains("sent SIGUSR2"), stderr(dir));
            stop(name, svcctl, dir, program);
        } finally {
            cleanUp(svcctl, dir);
        }
    }
}
