package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code svcctl run}: argument handling in-process, signals end to end in a separate JVM. */
class RunCommandTest {

    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "run", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static Path spec(Path dir, String name, String script, String extra) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", " + quote(script) + "]\n"
                + "logs: {stdout: inherit, stderr: inherit}\n" + extra);
        return file;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void needsExactlyOneOfFileAndName() throws IOException {
        Path file = spec(freshDir("usage"), "usage", "exit 0", "");
        assertEquals(2, Main.run("run"));
        assertEquals(2, Main.run("run", file.toString(), "--name", "usage"));
    }

    @Test
    void aServiceThatIsNotInstalledExitsWith4() {
        assertEquals(4, Main.run("run", "--name", "svcctl-test-surely-not-installed"));
    }

    @Test
    void anInvalidSpecExitsWith65() throws IOException {
        Path file = freshDir("invalid").resolve("bad.yaml");
        Files.writeString(file, "name: bad\nexec: /bin/true\nrestart: {policy: sometimes}\n");
        assertEquals(65, Main.run("run", file.toString()));
    }

    /** The same verdict as install for systemd (SvcctlSandboxTest), where TimeoutStopSec=0 would wait forever. */
    @Test
    void aZeroStopTimeoutIsRefusedAsOnEveryBackend() throws IOException {
        Path file = spec(freshDir("zero-stop"), "zero-stop", "exec sleep 1000", "stop: {timeout: 0}\n");
        StringWriter err = new StringWriter();
        assertEquals(65, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", file.toString()));
        assertTrue(err.toString().contains("zero-stop.yaml:5:17: stop.timeout: timeout must be longer than 0"
                + " (hint: use 1s"), err.toString());
    }

    @Test
    void exitsWithTheVerdictOfAProgramThatIsNotRestarted() throws IOException {
        Path dir = freshDir("verdict");
        assertEquals(0, Main.run("run", spec(dir, "clean", "exit 0", "restart: {policy: never}\n").toString()));
        assertEquals(1, Main.run("run", spec(dir, "failed", "exit 3", "restart: {policy: never}\n").toString()));
        assertTrue(Files.readString(Path.of("target/runtime/failed.json")).contains("\"state\": \"failed\""));
    }

    @Test
    void sigtermStopsGracefullyAndSighupReloads() throws Exception {
        Path dir = freshDir("signals");
        Path ready = dir.resolve("ready");
        Path marks = dir.resolve("marks");
        String script = "trap 'echo reload >> " + marks + "' USR2; trap 'echo term >> " + marks + "; exit 0' TERM;"
                + " echo $$ > " + ready + "; while :; do sleep 0.05; done";
        Path file = spec(dir, "signals", script, "reload: {signal: USR2}\nstop: {timeout: 10s}\n");
        ProcessBuilder builder = SvcctlJvm.command("run", file.toString()).inheritIO();
        builder.environment().put("SVCCTL_RUNTIME_DIR", dir.resolve("runtime").toString());
        Process svcctl = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(ready) || Files.readString(ready).isBlank()) {
                assertTrue(System.nanoTime() < deadline, "the program did not start");
                Thread.sleep(20);
            }
            long programPid = Long.parseLong(Files.readString(ready).trim());
            if (Files.isDirectory(Path.of("/proc/self"))) {
                // Alone, the program's environment is exactly what the spec says: no SVCCTL_SERVICE mark.
                assertTrue(RunManyTest.environ(programPid).stream().noneMatch(v -> v.startsWith("SVCCTL_SERVICE=")),
                        RunManyTest.environ(programPid).toString());
            }
            new ProcessBuilder("kill", "-HUP", Long.toString(svcctl.pid())).start().waitFor();
            while (!Files.exists(marks) || !Files.readString(marks).contains("reload")) {
                assertTrue(System.nanoTime() < deadline, "SIGHUP was not turned into reload.signal");
                Thread.sleep(20);
            }
            svcctl.destroy();
            assertTrue(svcctl.waitFor(20, TimeUnit.SECONDS), "svcctl run did not end on SIGTERM");
            assertEquals(0, svcctl.exitValue());
            assertEquals("reload\nterm\n", Files.readString(marks));
            assertFalse(Files.exists(Path.of("/proc/" + programPid)), "the program is gone");
            assertTrue(Files.readString(dir.resolve("runtime/signals.json")).contains("\"state\": \"stopped\""));
        } finally {
            svcctl.destroyForcibly();
        }
    }
}
