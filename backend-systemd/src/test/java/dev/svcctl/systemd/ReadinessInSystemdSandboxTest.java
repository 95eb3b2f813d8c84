package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Native readiness against a real systemd 252: Type=notify with a program of our own that speaks sd_notify, and
 * Type=forking with a shell that forks a daemon and writes its pid file. The waits and systemctl's own job failure
 * messages, which svcctl turns into the spec's terms, are the real ones.
 */
@ExtendWith(SystemdSandboxExtension.class)
class ReadinessInSystemdSandboxTest {
    private static final RestartSpec NEVER = new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1),
            Optional.empty(), 5, Duration.ofSeconds(60), List.of(0));
    private static SystemdSandbox sandbox;
    private static SystemdBackend backend;
    private static Path notifier;

    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        backend = new SystemdBackend(SandboxHosts.of(sandbox));
        Path dir = Files.createDirectories(Path.of("target", "sandbox-programs").toAbsolutePath());
        notifier = dir.resolve("notifier.py");
        // argv: seconds until READY=1, or "never", or "exit3" (exits with 3 without a word).
        Files.writeString(notifier, """
                import os, socket, sys, time
                what = sys.argv[1]
                if what == "exit3":
                    time.sleep(0.5)
                    sys.exit(3)
                if what != "never":
                    time.sleep(float(what))
                    address = os.environ["NOTIFY_SOCKET"]
                    if address.startswith("@"):
                        address = "\\0" + address[1:]
                    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    sock.sendto(b"READY=1", address)
                while True:
                    time.sleep(1)
                """);
    }

    private static ServiceSpec notifying(String name, String what, Duration timeout) {
        return ServiceSpec.builder(name, "/usr/bin/python3").args(notifier.toString(), what).restart(NEVER)
                .readiness(ReadinessSpec.notify(timeout)).build();
    }

    @Test
    void installReturnsOnlyOnceTheProgramSaysReady() throws Exception {
        long started = System.nanoTime();
        InstallResult result = backend.install(List.of(notifying("ready-late", "2", Duration.ofSeconds(30))),
                InstallOptions.DEFAULT).get(0);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(Optional.of(ServiceState.RUNNING), result.state());
        assertTrue(took.compareTo(Duration.ofSeconds(2)) >= 0, "install returned after " + took);
        assertEquals("notify", sandbox.execOk("systemctl", "show", "--property=Type", "--value",
                "ready-late.service").strip());
    }

    @Test
    void aProgramThatNeverSaysReadyFailsTheInstallNamingReadinessWithinTheTimeout() {
        long started = System.nanoTime();
        BackendException e = assertThrows(BackendException.class, () -> backend.install(
                List.of(notifying("ready-never", "never", Duration.ofSeconds(3))), InstallOptions.DEFAULT));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("the units are installed, but ready-never: not ready after 3s"
                + " (readiness.notify: no READY=1 received)"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(3 + 5)) < 0, "failed only after " + took);
    }

    @Test
    void aProgramThatExitsBeforeItIsReadyIsReportedWithItsExitCode() throws Exception {
        backend.install(List.of(notifying("ready-exit", "exit3", Duration.ofSeconds(20))),
                new InstallOptions(false, true, false, false, false, Optional.empty()));

        BackendException e = assertThrows(BackendException.class, () -> backend.start(List.of("ready-exit"), false));

        assertTrue(e.getMessage().startsWith("ready-exit: exited with code 3 before it was ready"), e.getMessage());
    }

    @Test
    void aForkingDaemonIsRunningAsThePidInItsPidFileAndStopsWithNoSurvivor() throws Exception {
        String pidFile = "/run/ready-fork.pid";
        ServiceSpec spec = ServiceSpec.builder("ready-fork", "/bin/sh")
                .args("-c", "sleep 1000 & echo $! > " + pidFile)
                .readiness(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, pidFile, List.of(), Duration.ofSeconds(10)))
                .build();

        InstallResult result = backend.install(List.of(spec), InstallOptions.DEFAULT).get(0);

        assertEquals(Optional.of(ServiceState.RUNNING), result.state());
        long daemon = Long.parseLong(sandbox.execOk("cat", pidFile).strip());
        assertEquals(daemon, sandbox.mainPid("ready-fork.service"));
        assertEquals("forking", sandbox.execOk("systemctl", "show", "--property=Type", "--value",
                "ready-fork.service").strip());
        backend.stop(List.of("ready-fork"), false);
        assertFalse(sandbox.exec("kill", "-0", Long.toString(daemon)).ok(), "the daemon survived the stop");
    }
}
