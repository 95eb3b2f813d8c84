package dev.svcctl.supervisor;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.host.HostPaths;
import dev.svcctl.spec.Scope;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Discovery, health and state of the shared host, with fake FIFOs and a fake systemctl. */
class SharedHostTest {
    private static final int SELF = new PosixProcessPort().userId().orElseThrow();

    private Path home;
    private Path specs;
    private Path runtime;
    private FakeFifoPort fifos;
    private final List<String> restarted = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private SharedHost host;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        Path dir = Fixtures.freshDir("shared-host-" + test.getTestMethod().orElseThrow().getName());
        home = Files.createDirectories(dir.resolve("home"));
        runtime = Files.createDirectories(dir.resolve("runtime"));
        SvcctlPaths paths = new SvcctlPaths(Map.of("SVCCTL_RUNTIME_DIR", runtime.toString()), home.toString(), "me",
                dir.toString(), false);
        specs = Files.createDirectories(paths.specsDir(Scope.USER));
        fifos = new FakeFifoPort(4096);
        host = new SharedHost(Scope.USER, paths, runtime, SELF, 4242, fifos, new PosixProcessPort(),
                restarted::add, user -> OptionalInt.of(1234), Clock.systemUTC(), messages::add, note -> { });
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    private Path install(String name, String yaml) throws Exception {
        Path file = specs.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nscope: user\n" + yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    private Optional<SupervisorState> state(String name) {
        return new StateFile(runtime.resolve(name + ".json")).read();
    }

    @Test
    void servesOnlyAutoSpecsWithADutyAndStopsServingTheOnesGone() throws Exception {
        try (ServerSocket port = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String check = "healthCheck: {tcp: 127.0.0.1:" + port.getLocalPort() + ", interval: 100ms}\n";
            install("checked", "exec: /bin/sleep\n" + check);
            install("plain", "exec: /bin/sleep\n");
            install("native", "exec: /bin/sleep\nsupervisor: native\n");
            install("own", "exec: /bin/sleep\nsupervisor: svcctl\n" + check);
            host.rescan();
            assertEquals(Set.of("checked"), host.served());
            SupervisorState served = state("checked").orElseThrow();
            assertTrue(served.monitor());
            assertEquals(4242, served.supervisorPid());
            assertFalse(state("plain").isPresent());
            await("healthy", () -> state("checked").map(s -> s.health() == Health.HEALTHY).orElse(false));

            Files.delete(specs.resolve("checked.yaml"));
            host.rescan();
            assertEquals(Set.of(), host.served());
            assertFalse(Files.exists(runtime.resolve("checked.json")), "the state file of a service gone is dropped");
        }
    }

    @Test
    void aStateFileTheHostDidNotWriteIsLeftWhenItStopsServingTheService() throws Exception {
        try (ServerSocket port = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String check = "healthCheck: {tcp: 127.0.0.1:" + port.getLocalPort() + ", interval: 100ms}\n";
            install("moved", "exec: /bin/sleep\n" + check);
            host.rescan();
            assertEquals(Set.of("moved"), host.served());
            // The spec moves to supervisor: svcctl; its svcctl run writes the same path before the host rescans.
            install("moved", "exec: /bin/sleep\nsupervisor: svcctl\n" + check);
            SupervisorState run = new SupervisorState("moved", 999, OptionalLong.of(1000), ProgramState.RUNNING,
                    java.time.Instant.parse("2026-12-07T12:00:00Z"), 0, Optional.empty(), Health.UNKNOWN,
                    ReadyState.NONE, Optional.empty(), Optional.empty(), Optional.empty());
            new StateFile(runtime.resolve("moved.json")).write(run);
            host.rescan();
            assertEquals(Set.of(), host.served());
            Thread.sleep(300); // probes in flight when it stopped being served must not write either
            assertEquals(Optional.of(run), state("moved"), "svcctl run's file is not the host's to remove or rewrite");
        }
    }

    @Test
    void twentyServicesTakeNoMoreThreadsThanOne() throws Exception {
        try (ServerSocket port = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String check = "healthCheck: {tcp: 127.0.0.1:" + port.getLocalPort() + ", interval: 100ms}\n";
            install("one", "exec: /bin/sleep\n" + check);
            host.rescan();
            Thread.sleep(1_000);
            long withOne = hostThreads();
            for (int i = 0; i < 20; i++) {
                install("many" + i, "exec: /bin/sleep\n" + check);
            }
            host.rescan();
            assertEquals(21, host.served().size());
            Thread.sleep(1_000);
            assertEquals(withOne, hostThreads(), "threads of the host with 1 and with 21 services");
            assertTrue(withOne <= SharedHost.HEALTH_THREADS, "only the shared health timer: " + withOne);
            // Probes run on a pool: a thread per probe in flight at most (a service's next probe waits for its
            // last), reused, never one per probe: after some 200 probes, at most one thread per service was made.
            long probeThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("svcctl-probe-")).count();
            assertTrue(probeThreads >= 1 && probeThreads <= 21, probeThreads + " probe threads");
        }
    }

    /** The host's health threads (its router and housekeeper are one each by construction). */
    private static long hostThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("svcctl-host-"))
                .count();
    }

    @Test
    void aSpecCopyOthersCanWriteIsNotServedAndSaidOnce() throws Exception {
        Path file = install("loose", "exec: /bin/sleep\nhealthCheck: {tcp: 127.0.0.1:1}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        host.rescan();
        host.rescan();
        assertEquals(Set.of(), host.served());
        assertEquals(List.of("skipping loose: the installed spec " + file
                + " is writable by other users; not trusting it"), messages);
    }

    @Test
    void anUnhealthyProgramIsRestartedThroughItsUnitAndCountedInTheMonitorState() throws Exception {
        install("sick", "exec: /bin/sleep\nhealthCheck: {tcp: 127.0.0.1:1, interval: 100ms, timeout: 100ms,"
                + " retries: 2}\n");
        host.rescan();
        await("restarted twice", () -> restarted.size() >= 2);
        assertEquals(List.of("sick", "sick"), restarted.subList(0, 2));
        await("counted", () -> state("sick").map(s -> s.restarts() >= 2).orElse(false));
        SupervisorState s = state("sick").orElseThrow();
        assertEquals(Health.UNHEALTHY, s.health());
        assertTrue(s.reason().orElseThrow().startsWith("unhealthy: connecting to 127.0.0.1:1 failed"), s.reason()
                .toString());
        assertTrue(messages.get(0).startsWith("sick is unhealthy: "), messages.toString());
    }

    @Test
    void restartsAskedForByAnEarlierHostStayCounted() throws Exception {
        install("sick", "exec: /bin/sleep\nhealthCheck: {tcp: 127.0.0.1:1, interval: 100ms, timeout: 100ms,"
                + " retries: 1}\n");
        host.rescan();
        await("restarted", () -> state("sick").map(s -> s.restarts() >= 1).orElse(false));
        host.close();
        int before = state("sick").orElseThrow().restarts();
        SvcctlPaths paths = new SvcctlPaths(Map.of("SVCCTL_RUNTIME_DIR", runtime.toString()), home.toString(), "me",
                "/nonexistent", false);
        host = new SharedHost(Scope.USER, paths, runtime, SELF, 4343, new FakeFifoPort(4096), new PosixProcessPort(),
                restarted::add, user -> OptionalInt.empty(), Clock.systemUTC(), messages::add, note -> { });
        host.rescan();
        assertTrue(state("sick").orElseThrow().restarts() >= before);
        assertEquals(4343, state("sick").orElseThrow().supervisorPid());
    }

    @Test
    void routesTheLogFifosOfARotatedFileSpecIntoItsFiles() throws Exception {
        Path logs = home.resolve("logs");
        install("chatty", "exec: /bin/sleep\nlogs: {stdout: file, stderr: file, dir: " + logs
                + ", rotate: {size: 1MiB}}\n");
        Path out = HostPaths.logFifo(runtime, "chatty", HostPaths.Stream.STDOUT);
        Path err = HostPaths.logFifo(runtime, "chatty", HostPaths.Stream.STDERR);
        fifos.create(out, SELF);
        fifos.create(err, SELF);
        fifos.write(out, "to stdout\n".getBytes(US_ASCII));
        fifos.write(err, "to stderr\n".getBytes(US_ASCII));
        Thread router = new Thread(() -> {
            try {
                host.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // run() installs signal handlers too; the test only needs its router and first scan.
        host.rescan();
        assertEquals(Set.of("chatty"), host.served());
        assertEquals(Optional.of(logs), state("chatty").orElseThrow().logDir());
        router.start();
        await("both FIFOs drained", () -> fifos.pending(out) == 0 && fifos.pending(err) == 0);
        host.stop();
        router.join(20_000);
        assertEquals("to stdout\n", Files.readString(logs.resolve("stdout.log")));
        assertEquals("to stderr\n", Files.readString(logs.resolve("stderr.log")));
    }

    @Test
    void exec_checksOfAServiceUserRunAsThatUserWhenTheHostIsRoot() {
        var spec = Fixtures.shell("x", "true").user("app")
                .healthCheck(new dev.svcctl.spec.HealthCheckSpec(dev.svcctl.spec.HealthCheckSpec.Kind.EXEC, null,
                        List.of("/bin/check", "--quick"), java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofSeconds(2), 3, java.time.Duration.ZERO)).build();
        var check = spec.healthCheck().orElseThrow();
        assertEquals(List.of("setpriv", "--reuid=app", "--regid=1234", "--init-groups", "--", "/bin/check", "--quick"),
                ServiceUserProbe.of(check, spec, 0, user -> OptionalInt.of(1234)).command());
        assertEquals(check, ServiceUserProbe.of(check, spec, 1000, user -> OptionalInt.of(1234)),
                "not root: it runs as that user already");
    }
}
