package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code svcctl run FILE FILE...}: one JVM of its own hosting several services (docs/design/shared-host.md, option
 * 3), driven through the {@code supervisor} backend as an operator would: each service has its own pid, restarts,
 * state and files, a stop of one leaves the others and their processes alone, SIGTERM stops all, and a file that
 * cannot run starts none.
 */
class RunManyTest {
    private static final long WAIT_SECONDS = 60;
    private static final int LINES = 30_000;

    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "run-many", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** A spec whose program runs {@code script} with its stdout in rotated files under {@code dir/NAME-logs}. */
    private static Path spec(Path dir, String name, String script, String more) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", \""
                + script.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]\n"
                + "logs: {dir: \"" + dir.resolve(name + "-logs") + "\", stdout: file, stderr: discard,"
                + " rotate: {size: 64KB, keep: 100}}\n" + more);
        return file;
    }

    /**
     * Numbered lines on stdout, then its own pid, a child's and a daemon's (double-forked into a session of its own,
     * so re-parented to svcctl run) in {@code dir/NAME.pids}, then it waits.
     */
    private static String numberedThenWait(Path dir, String name) {
        Path pids = dir.resolve(name + ".pids");
        return "seq 1 " + LINES + "; echo $$ >> " + pids + "; sleep 300 & echo $! >> " + pids + ";"
                + " sh -c 'setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! >> " + pids + "'; wait";
    }

    private static List<Long> awaitPids(Path file, int count, Process svcctl, Path err) throws Exception {
        return awaitLines(file, count, svcctl, err).stream().map(String::trim).map(Long::parseLong).toList();
    }

    private static List<String> awaitLines(Path file, int count, Process svcctl, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
            assertTrue(svcctl.isAlive(), "svcctl run ended: " + Files.readString(err));
            assertTrue(System.nanoTime() < deadline, file + " did not get " + count + " lines");
            Thread.sleep(20);
        }
        return Files.readAllLines(file);
    }

    /** The environment of a process, one VAR=value per element. */
    static List<String> environ(long pid) throws IOException {
        return List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                java.nio.charset.StandardCharsets.UTF_8).split("\0"));
    }

    private static boolean runs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    private static void awaitGone(List<Long> pids, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (pids.stream().anyMatch(RunManyTest::runs)) {
            assertTrue(System.nanoTime() < deadline, what + " still runs: "
                    + pids.stream().filter(RunManyTest::runs).toList());
            Thread.sleep(20);
        }
    }

    /** The names of a process's threads as the kernel has them (the first 15 characters of the JVM's). */
    private static List<String> threadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                names.add(Files.readString(task.resolve("comm")).strip());
            }
        }
        return names;
    }

    private static JsonObject status(String name) {
        CliTest.Outcome o = CliTest.svcctl("status", name, "--json", "--backend", "supervisor");
        return JsonParser.parseString(o.out()).getAsJsonObject().getAsJsonArray("services").get(0).getAsJsonObject();
    }

    /** Every line of the stream's rotated files (compressed ones aside: none here), oldest first. */
    private static List<String> logLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> rotated = files.filter(f -> f.getFileName().toString().matches("stdout-.*\\.log"))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString().replaceAll(".*-(\\d+)\\.log", "$1")))
                    .toList();
            for (Path f : rotated) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.addAll(Files.readAllLines(dir.resolve("stdout.log")));
        return lines;
    }

    private static void assertNumbered(Path logs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<String> lines = logLines(logs);
        while (lines.size() < LINES && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lines = logLines(logs);
        }
        assertEquals(LINES, lines.size(), "lines in " + logs);
        for (int i = 0; i < LINES; i++) {
            if (!lines.get(i).equals(Integer.toString(i + 1))) {
                throw new AssertionError(logs + ": line " + (i + 1) + " is '" + lines.get(i) + "'");
            }
        }
    }

    @Test
    void twoServicesInOneJvmEachWithItsOwnStateFilesAndStopAndSigtermStopsTheRest() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"), "Linux only");
        Path dir = freshDir("two");
        String a = "svcctl-test-many-a";
        String b = "svcctl-test-many-b";
        String c = "svcctl-test-many-c";
        Path cChild = dir.resolve("c.child");
        Path fileA = spec(dir, a, numberedThenWait(dir, a), "restart: {policy: never}\n");
        Path fileB = spec(dir, b, numberedThenWait(dir, b), "restart: {policy: never}\n");
        // c leaves a child behind and ends: its leftovers are killed, nobody else's.
        Path fileC = spec(dir, c, "sleep 300 & echo $! > " + cChild + "; sleep 1; exit 0",
                "restart: {policy: never}\n");
        // d crashes and is restarted again and again: its restarts are its own.
        String d = "svcctl-test-many-d";
        Path fileD = spec(dir, d, "sleep 0.2; exit 1", "restart: {policy: always, delay: 100ms, burst: 10000}\n");
        Path err = dir.resolve("svcctl-run.err");
        Process svcctl = SvcctlJvm.command("run", fileA.toString(), fileB.toString(), fileC.toString(),
                        fileD.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        List<Long> all = new ArrayList<>();
        try {
            List<Long> treeA = awaitPids(dir.resolve(a + ".pids"), 3, svcctl, err);
            List<Long> treeB = awaitPids(dir.resolve(b + ".pids"), 3, svcctl, err);
            all.addAll(treeA);
            all.addAll(treeB);
            // Hosted with others, each program is marked with its service's name (and descendants inherit it).
            assertTrue(environ(treeA.get(1)).contains("SVCCTL_SERVICE=" + a), "SVCCTL_SERVICE of " + a);
            assertTrue(environ(treeB.get(0)).contains("SVCCTL_SERVICE=" + b), "SVCCTL_SERVICE of " + b);
            assertNumbered(dir.resolve(a + "-logs"));
            assertNumbered(dir.resolve(b + "-logs"));
            // Through the one shared router thread, not reader threads of each service's own.
            List<String> threads = threadNames(svcctl.pid());
            assertTrue(threads.contains("svcctl-log-rout"), threads.toString());
            assertFalse(threads.stream().anyMatch(t -> t.startsWith("svcctl-stdout")), threads.toString());
            assertTrue(threads.stream().filter(t -> t.startsWith("svcctl-log-hous")).count() <= 1,
                    "one log housekeeper for all services: " + threads);
            assertEquals(1, threads.stream().filter(t -> t.equals("svcctl-reaper")).count(), threads.toString());

            // c ended by itself: its leftover child is killed, a's and b's trees are untouched.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!status(c).get("state").getAsString().equals("stopped")) {
                assertTrue(System.nanoTime() < deadline, "c did not end: " + status(c));
                Thread.sleep(50);
            }
            awaitGone(List.of(Long.parseLong(Files.readString(cChild).trim())), "c's leftover child");
            treeA.forEach(pid -> assertTrue(runs(pid), "a's pid " + pid + " runs after c ended"));
            treeB.forEach(pid -> assertTrue(runs(pid), "b's pid " + pid + " runs after c ended"));

            JsonObject statusA = status(a);
            JsonObject statusB = status(b);
            assertEquals("running", statusA.get("state").getAsString(), statusA.toString());
            assertEquals("running", statusB.get("state").getAsString(), statusB.toString());
            assertEquals(treeA.get(0), statusA.get("pid").getAsLong(), statusA.toString());
            assertEquals(treeB.get(0), statusB.get("pid").getAsLong(), statusB.toString());
            assertEquals(svcctl.pid(), statusA.get("supervisorPid").getAsLong());
            assertEquals(svcctl.pid(), statusB.get("supervisorPid").getAsLong());
            assertEquals(0, statusA.get("restarts").getAsInt());
            assertEquals(0, statusB.get("restarts").getAsInt());
            while (status(d).get("restarts").getAsInt() < 2) {
                assertTrue(System.nanoTime() < deadline, "d is not restarted: " + status(d));
                Thread.sleep(50);
            }
            assertEquals(0, status(a).get("restarts").getAsInt(), "d's restarts are not a's");

            // stop of one service: its whole tree ends (the daemon re-parented to svcctl run too), b's runs on.
            CliTest.Outcome stop = CliTest.svcctl("stop", a, "--backend", "supervisor");
            assertEquals(0, stop.exitCode(), stop.err());
            awaitGone(treeA, "a's tree");
            assertEquals("stopped", status(a).get("state").getAsString());
            treeB.forEach(pid -> assertTrue(runs(pid), "b's pid " + pid + " runs after a was stopped"));
            assertTrue(svcctl.isAlive(), "svcctl run ended with a service left");
            assertEquals("running", status(b).get("state").getAsString());

            // SIGTERM to the JVM stops the rest; it ends when all have ended, 0: each was stopped or ended cleanly.
            svcctl.destroy();
            assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "svcctl run did not end on SIGTERM");
            assertEquals(0, svcctl.exitValue(), Files.readString(err));
            awaitGone(treeB, "b's tree");
            String lines = Files.readString(err);
            assertTrue(lines.contains("svcctl[" + a + "]: stopping"), lines);
            assertTrue(lines.contains("svcctl[" + b + "]: stopping"), lines);
            assertFalse(Files.exists(SvcctlJvm.runtimeDir().resolve(a + ".control")), "control socket left");
        } finally {
            svcctl.destroyForcibly();
            for (long pid : all) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void reloadOfOneServiceReachesOnlyItsProgramAndSighupReachesAll() throws Exception {
        Path dir = freshDir("reload");
        List<String> names = List.of("svcctl-test-many-x", "svcctl-test-many-y");
        List<String> files = new ArrayList<>();
        for (String name : names) {
            files.add(spec(dir, name, "trap 'echo reloaded >> " + dir.resolve(name + ".reloads") + "' USR1;"
                    + " echo $$ > " + dir.resolve(name + ".pid") + "; while :; do sleep 0.1; done",
                    "reload: {signal: USR1}\n").toString());
        }
        Path err = dir.resolve("svcctl-run.err");
        List<String> command = new ArrayList<>(List.of("run"));
        command.addAll(files);
        Process svcctl = SvcctlJvm.command(command.toArray(String[]::new))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            for (String name : names) {
                awaitPids(dir.resolve(name + ".pid"), 1, svcctl, err);
                // The program may write its pid before its supervisor has written the state file.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                while (!status(name).get("state").getAsString().equals("running")) {
                    assertTrue(System.nanoTime() < deadline, name + " is not running: " + status(name));
                    Thread.sleep(50);
                }
            }
            CliTest.Outcome reload = CliTest.svcctl("reload", names.get(0), "--backend", "supervisor");
            assertEquals(0, reload.exitCode(), reload.err());
            awaitLines(dir.resolve(names.get(0) + ".reloads"), 1, svcctl, err);
            Thread.sleep(500);
            assertFalse(Files.exists(dir.resolve(names.get(1) + ".reloads")), "y was reloaded too");

            // SIGHUP to the process: every service reloads.
            new ProcessBuilder("kill", "-HUP", Long.toString(svcctl.pid())).start().waitFor();
            awaitLines(dir.resolve(names.get(1) + ".reloads"), 1, svcctl, err);
            awaitLines(dir.resolve(names.get(0) + ".reloads"), 2, svcctl, err);
        } finally {
            svcctl.destroy();
            assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            svcctl.destroyForcibly();
        }
        assertEquals(0, svcctl.exitValue(), Files.readString(err));
    }

    /** The decision of the design (no re-adoption yet): a host killed with SIGKILL takes every service's tree. */
    @Test
    void killingTheHostWithSigkillTakesTheProgramsOfEveryService() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"), "Linux only");
        Path dir = freshDir("kill9");
        String a = "svcctl-test-many-k1";
        String b = "svcctl-test-many-k2";
        Path err = dir.resolve("svcctl-run.err");
        Process svcctl = SvcctlJvm.command("run", spec(dir, a, numberedThenWait(dir, a), "").toString(),
                        spec(dir, b, numberedThenWait(dir, b), "").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        List<Long> all = new ArrayList<>();
        try {
            all.addAll(awaitPids(dir.resolve(a + ".pids"), 3, svcctl, err));
            all.addAll(awaitPids(dir.resolve(b + ".pids"), 3, svcctl, err));
            svcctl.destroyForcibly();
            assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            awaitGone(all, "the services' processes after kill -9 of their host");
        } finally {
            svcctl.destroyForcibly();
            for (long pid : all) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void oneServiceThatFailsForGoodMakesTheRunExit1OnceTheOthersHaveEnded() throws Exception {
        Path dir = freshDir("verdict");
        Path ok = spec(dir, "svcctl-test-many-ok", "exit 0", "restart: {policy: never}\n");
        Path bad = spec(dir, "svcctl-test-many-bad", "exit 3", "restart: {policy: never}\n");
        Path err = dir.resolve("svcctl-run.err");
        Process svcctl = SvcctlJvm.command("run", ok.toString(), bad.toString(), "--json")
                .redirectOutput(dir.resolve("out.json").toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "svcctl run did not end");
            assertEquals(1, svcctl.exitValue(), Files.readString(err));
            JsonObject doc = JsonParser.parseString(Files.readString(dir.resolve("out.json"))).getAsJsonObject();
            assertEquals(1, doc.get("exitCode").getAsInt());
            assertEquals("svcctl-test-many-ok", doc.getAsJsonArray("services").get(0).getAsJsonObject()
                    .get("service").getAsString());
            assertEquals(0, doc.getAsJsonArray("services").get(0).getAsJsonObject().get("exitCode").getAsInt());
            assertEquals(1, doc.getAsJsonArray("services").get(1).getAsJsonObject().get("exitCode").getAsInt());
        } finally {
            svcctl.destroyForcibly();
        }
    }

    @Test
    void aBadSpecOrAHeldLockStartsNoServiceAndSaysWhichFile() throws Exception {
        Path dir = freshDir("refused");
        Path started = dir.resolve("started");
        Path good = spec(dir, "svcctl-test-many-good", "echo $$ >> " + started + "; exec sleep 300",
                "restart: {policy: never}\n");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "name: svcctl-test-many-broken\nexec: 42x: [\n");
        Path err = dir.resolve("bad-spec.err");
        Process svcctl = SvcctlJvm.command("run", good.toString(), broken.toString(),
                dir.resolve("missing.yaml").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(65, svcctl.exitValue(), "the first failure's code (an invalid spec)");
        String text = Files.readString(err);
        assertTrue(text.contains(broken.toString()), text);
        assertTrue(text.contains("no such file: " + dir.resolve("missing.yaml")), text);
        assertTrue(text.contains("svcctl: not starting any service: 2 of 3 spec files cannot run (above)"), text);
        assertFalse(Files.exists(started), "the good service was started");

        // A service already supervised elsewhere: its lock is held, so nothing starts.
        Path other = spec(dir, "svcctl-test-many-other", "exec sleep 300", "restart: {policy: never}\n");
        Process first = SvcctlJvm.command("run", other.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("first.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!status("svcctl-test-many-other").get("state").getAsString().equals("running")) {
                assertTrue(first.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("first.err")));
                Thread.sleep(50);
            }
            Path lockErr = dir.resolve("lock.err");
            Process second = SvcctlJvm.command("run", good.toString(), other.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(lockErr.toFile()).start();
            assertTrue(second.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            String lockText = Files.readString(lockErr);
            assertTrue(lockText.contains("'svcctl-test-many-other' is already supervised by svcctl run (pid "
                    + first.pid() + ")"), lockText);
            assertTrue(lockText.contains("not starting any service: 1 of 2 spec files could not be locked"), lockText);
            assertFalse(Files.exists(started), "the good service was started");
            assertNotEquals(0, second.exitValue());
        } finally {
            first.destroy();
            first.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            first.destroyForcibly();
        }
    }
}
