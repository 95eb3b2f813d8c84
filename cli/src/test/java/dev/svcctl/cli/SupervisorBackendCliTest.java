package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * status, list and stop of a service that {@code svcctl run} hosts with no init system around: a real supervisor
 * (a JVM of its own), seen through its state file by the {@code supervisor} backend in this JVM.
 */
class SupervisorBackendCliTest {
    private static final long WAIT_SECONDS = 60;

    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "supervisor-backend", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static JsonObject status(String name) {
        CliTest.Outcome o = CliTest.svcctl("status", name, "--json", "--backend", "supervisor");
        JsonArray array = CliTest.services(o.out());
        assertEquals(1, array.size(), o.out());
        return array.get(0).getAsJsonObject();
    }

    private static int lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static boolean runs(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void statusListAndStopSeeTheProgramThroughTheStateFileOfARealSupervisor() throws Exception {
        Path dir = freshDir("crashy");
        Path runs = dir.resolve("runs");
        String name = "svcctl-test-crashy";
        String script = "echo $$ >> " + runs + "; [ $(wc -l < " + runs + ") -le 2 ] && exit 3; exec sleep 300";
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", \"" + script + "\"]\n"
                + "logs: {stdout: discard, stderr: discard}\n"
                + "restart: {policy: on-failure, delay: 100ms, burst: 5, window: 1m}\n");
        Process svcctl = SvcctlJvm.command("run", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("svcctl-run.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            JsonObject s = null;
            // The state file says running once the third run has started, which may be before its shell has
            // written its pid (a loaded CI run read the file between the two).
            while (s == null || !s.get("state").getAsString().equals("running") || s.get("restarts").getAsInt() < 2
                    || lines(runs) < 3) {
                assertTrue(svcctl.isAlive(), "svcctl run ended: " + Files.readString(dir.resolve("svcctl-run.err")));
                assertTrue(System.nanoTime() < deadline, "not running after two restarts: " + s);
                Thread.sleep(100);
                s = status(name);
            }
            List<String> started = Files.readAllLines(runs);
            assertEquals(3, started.size(), "two runs that exited 3, then the one that sleeps");
            long program = Long.parseLong(started.get(2).trim());
            assertEquals("supervisor", s.get("backend").getAsString());
            assertEquals(2, s.get("restarts").getAsInt());
            assertEquals(3, s.get("lastExit").getAsJsonObject().get("code").getAsInt());
            assertEquals(program, s.get("pid").getAsLong());
            assertEquals(svcctl.pid(), s.get("supervisorPid").getAsLong());
            assertNotEquals(s.get("pid").getAsLong(), s.get("supervisorPid").getAsLong());
            assertEquals("none", s.get("health").getAsString());
            assertEquals("ready", s.get("readiness").getAsString());

            CliTest.Outcome list = CliTest.svcctl("list", "--json", "--backend", "supervisor");
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(names(CliTest.services(list.out())).contains(name), list.out());

            CliTest.Outcome stop = CliTest.svcctl("stop", name, "--backend", "supervisor");
            assertEquals(0, stop.exitCode(), stop.err());
            assertEquals(name + ": stopped\n", stop.out());
            assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "svcctl run did not end after stop");
            assertEquals(0, svcctl.exitValue());
            assertFalse(runs(program), "the program " + program + " survived the stop");
            for (String pid : started) {
                assertFalse(runs(Long.parseLong(pid.trim())), "pid " + pid + " is left");
            }
            JsonObject after = status(name);
            assertEquals("stopped", after.get("state").getAsString());
            assertTrue(after.get("pid").isJsonNull());
            assertTrue(after.get("supervisorPid").isJsonNull());
        } finally {
            svcctl.destroyForcibly();
            if (Files.exists(runs)) {
                for (String pid : Files.readAllLines(runs)) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    private static List<String> names(JsonArray array) {
        return array.asList().stream().map(JsonElement::getAsJsonObject).map(o -> o.get("name").getAsString()).toList();
    }

    @Test
    void renderInstallAndValidateRefuseTheSupervisorBackendBeforeReadingASpec() {
        for (String command : new String[] {"render", "install", "validate", "uninstall"}) {
            CliTest.Outcome o = CliTest.svcctl(command, "no-such-file-is-read.yaml", "--backend", "supervisor");
            assertEquals(2, o.exitCode(), command + ": " + o.err());
            assertEquals("svcctl: '" + command + "' does not work with the supervisor backend: it only reads the state"
                    + " of services that 'svcctl run' hosts (hint: name the target's init system with --backend"
                    + " systemd|launchd|windows; 'svcctl run FILE' hosts a program on a host without one)\n", o.err());
        }
        CliTest.Outcome start = CliTest.svcctl("start", "api", "--backend", "supervisor");
        assertEquals(69, start.exitCode());
        assertTrue(start.err().contains("run it with 'svcctl run FILE'"), start.err());
    }
}
