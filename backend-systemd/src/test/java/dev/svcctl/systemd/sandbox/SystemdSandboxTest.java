package dev.svcctl.systemd.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.os.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness itself: a real systemd boots, runs a unit, and what the unit's process received is readable. */
@ExtendWith(SystemdSandboxExtension.class)
class SystemdSandboxTest {

    @Test
    void bootsASystemdThatIsPidOneOfItsOwnNamespace(SystemdSandbox sandbox) {
        assertEquals("running", sandbox.systemState());
        assertEquals("systemd\n", sandbox.execOk("cat", "/proc/1/comm"));
        assertEquals("init.scope", Path.of(sandbox.execOk("sh", "-c", "grep '^0::' /proc/1/cgroup | cut -d: -f3")
                .strip()).getFileName().toString());
    }

    @Test
    void showsTheExactCommandLineAndEnvironmentOfAUnitsMainProcess(SystemdSandbox sandbox) {
        sandbox.installUnit("harness-sleep.service", """
                [Service]
                ExecStart=/bin/sleep 1000
                Environment="GREETING=hello world"
                """);
        assertTrue(sandbox.systemctl("start", "harness-sleep.service").ok(), sandbox.journal("harness-sleep"));

        ProcessImage main = sandbox.mainProcess("harness-sleep.service");
        assertEquals(List.of("/bin/sleep", "1000"), main.arguments());
        assertArrayEquals("/bin/sleep\u00001000\u0000".getBytes(), main.rawCommandLine());
        assertArrayEquals(ProcessImage.nulTerminated(main.arguments()), main.rawCommandLine());
        assertEquals("hello world", main.environmentMap().get("GREETING"));
        assertTrue(main.environment().contains("GREETING=hello world"), main.toString());

        assertTrue(sandbox.systemctl("stop", "harness-sleep.service").ok());
        assertEquals(0, sandbox.mainPid("harness-sleep.service"));
        assertFalse(sandbox.exec("test", "-e", "/proc/" + main.pid()).ok(), "the process is gone after stop");
    }

    @Test
    void passesStdinAndBytesThroughUnchanged(SystemdSandbox sandbox) {
        byte[] content = "line one\n\ttabbed \\ \"quoted\" $HOME %n \u00e9\u05d0\ud83d\ude00\u0001 no newline at end"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sandbox.writeFile("/run/harness/bytes", content);
        assertArrayEquals(content, sandbox.execRaw(new byte[0], "cat", "/run/harness/bytes").stdout());
        byte[] large = new byte[3 << 20];
        new java.util.Random(42).nextBytes(large);
        assertArrayEquals(large, sandbox.execRaw(large, "cat").stdout(), "more than any pipe buffer, both ways");
        RawResult failing = sandbox.execRaw(new byte[0], "sh", "-c", "echo oops >&2; exit 7");
        assertEquals(7, failing.exitCode());
        assertEquals("oops\n", failing.stderrText());
    }

    @Test
    void keepsWritesToTmpAndUnitFilesInsideTheSandbox(SystemdSandbox sandbox) throws IOException {
        String marker = "svcctl-harness-marker-" + ProcessHandle.current().pid();
        sandbox.writeFile("/tmp/" + marker, "inside");
        sandbox.installUnit(marker + ".service", "[Service]\nExecStart=/bin/true\n");

        assertFalse(Files.exists(Path.of("/tmp", marker)), "the sandbox's /tmp is not the host's");
        assertFalse(Files.exists(Path.of("/etc/systemd/system", marker + ".service")));
        assertEquals("inside", Files.readString(sandbox.hostPathOf("/tmp/" + marker)));
    }

    @Test
    void servicesStayInTheSandboxesCgroupAndKeepTheHostsV1Cgroups(SystemdSandbox sandbox) throws IOException {
        sandbox.installUnit("harness-cgroup.service", "[Service]\nExecStart=/bin/sleep 1000\n");
        assertTrue(sandbox.systemctl("start", "harness-cgroup.service").ok());
        Path procs = sandbox.hostCgroup().resolve("system.slice/harness-cgroup.service/cgroup.procs");
        List<String> hostPids = Files.readAllLines(procs);
        assertEquals(1, hostPids.size(), "one process in " + procs);

        // v1 hierarchies (where the VM agent limits memory) must be exactly those of the process that booted it.
        assertEquals(legacyCgroups(Path.of("/proc/self/cgroup")),
                legacyCgroups(Path.of("/proc", hostPids.get(0), "cgroup")));
        assertTrue(sandbox.systemctl("stop", "harness-cgroup.service").ok());
    }

    @Test
    void actsAsTheBackendsProcessPort(SystemdSandbox sandbox) throws IOException {
        ProcessRunner runner = sandbox.processRunner();
        ProcessRunner.Result result = runner.run(List.of("systemctl", "is-system-running"), Duration.ofSeconds(30));
        assertEquals(new ProcessRunner.Result(0, "running\n", ""), result);
    }

    @Test
    void verifiesUnitFilesWithoutABootedSystemd() throws IOException {
        Path units = Files.createDirectories(SandboxScript.moduleDirectory().resolve("target/harness-verify"));
        Path good = Files.writeString(units.resolve("good.service"), "[Service]\nExecStart=/bin/sleep 1\n");
        Path typo = Files.writeString(units.resolve("typo.service"), "[Service]\nExecStart=/bin/sleep 1\nRestrat=always\n");
        Path missing = Files.writeString(units.resolve("missing.service"), "[Service]\nExecStart=/nonexistent/x\n");

        RawResult clean = SystemdSandbox.verify(good);
        assertEquals(0, clean.exitCode(), clean.stderrText());
        assertEquals("", clean.stdoutText() + clean.stderrText());
        // A typo is only a warning for systemd-analyze (exit 0), hence "no problem" = exit 0 and no output.
        assertTrue(SystemdSandbox.verify(typo).stderrText().contains("Unknown key 'Restrat'"));
        RawResult broken = SystemdSandbox.verify(missing);
        assertTrue(broken.exitCode() != 0 && broken.stderrText().contains("/nonexistent/x"), broken.stderrText());
    }

    private static List<String> legacyCgroups(Path procCgroup) throws IOException {
        return Files.readAllLines(procCgroup).stream().filter(line -> !line.startsWith("0::")).toList();
    }
}
