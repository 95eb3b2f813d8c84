package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.state.Health;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Health checks against a real HTTP server and TCP port on loopback, and a real command. */
class SupervisorHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration FAST = Duration.ofMillis(100);

    private static HealthCheckSpec check(HealthCheckSpec.Kind kind, String target, List<String> command,
                                         int retries, Duration startPeriod) {
        return new HealthCheckSpec(kind, target, command, FAST, Duration.ofMillis(500), retries, startPeriod);
    }

    private static ServiceSpec sleeper(HealthCheckSpec check, int burst) {
        return Fixtures.shell("healthy", "exec sleep 300").healthCheck(check)
                .restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofMillis(50), Optional.empty(), burst,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
    }

    private static HttpServer server(AtomicInteger status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void httpProbeIsHealthyOnlyOnA2xxStatus() throws Exception {
        AtomicInteger status = new AtomicInteger(204);
        HttpServer server = server(status);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
            HealthProbe probe = new HealthProbe.Http(java.net.URI.create(url));
            assertNull(probe.check(Duration.ofSeconds(1)));
            status.set(302);
            assertEquals("GET " + url + " answered 302", probe.check(Duration.ofSeconds(1)));
            status.set(503);
            assertEquals("GET " + url + " answered 503", probe.check(Duration.ofSeconds(1)));
        } finally {
            server.stop(0);
        }
        assertNotNull(new HealthProbe.Http(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/health")).check(Duration.ofSeconds(1)), "nothing listens any more");
    }

    @Test
    void aFailingHttpCheckRestartsTheProgramAndCountsTowardsBurst() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = server(status);
        Path dir = Fixtures.freshDir("health/http");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
            ServiceSpec spec = sleeper(check(HealthCheckSpec.Kind.HTTP, url, List.of(), 2, Duration.ZERO), 1);
            RecordingListener listener = new RecordingListener();
            Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
            supervisor.start();
            listener.await(Kind.HEALTH, 1, WAIT);
            assertEquals(Health.HEALTHY, supervisor.state().health());
            assertTrue(Files.readString(dir.resolve("run/state.json")).contains("\"health\": \"healthy\""));
            long firstPid = supervisor.state().pid().orElseThrow();

            status.set(500);
            listener.await(Kind.UNHEALTHY, 1, WAIT);
            listener.await(Kind.STARTED, 2, WAIT);
            assertNotEquals(firstPid, listener.of(Kind.STARTED).get(1).event().pid().orElseThrow());
            assertTrue(listener.of(Kind.UNHEALTHY).get(0).event().message().contains("answered 500"));

            Outcome outcome = supervisor.awaitExit(WAIT).orElseThrow();
            assertEquals(1, outcome.exitCode(), "the second unhealthy run exceeds burst 1");
            assertTrue(outcome.reason().startsWith("gave up: more than 1 restarts"), outcome.reason());
            assertTrue(outcome.reason().endsWith("(last run: unhealthy)"), outcome.reason());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tcpCheckFollowsTheListeningPort() throws Exception {
        Path dir = Fixtures.freshDir("health/tcp");
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String target = "127.0.0.1:" + socket.getLocalPort();
        assertNull(new HealthProbe.Tcp(target).check(Duration.ofSeconds(1)));
        ServiceSpec spec = sleeper(check(HealthCheckSpec.Kind.TCP, target, List.of(), 2, Duration.ZERO), 5);
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        supervisor.start();
        listener.await(Kind.HEALTH, 1, WAIT);
        socket.close();
        listener.await(Kind.UNHEALTHY, 1, WAIT);
        listener.await(Kind.STARTED, 2, WAIT);
        assertTrue(listener.of(Kind.UNHEALTHY).get(0).event().message().contains("connecting to " + target));
        supervisor.stop();
        assertEquals(0, supervisor.awaitExit(WAIT).orElseThrow().exitCode());
    }

    @Test
    void execCheckAndStartPeriod() throws Exception {
        Path dir = Fixtures.freshDir("health/exec");
        Path flag = dir.resolve("healthy");
        Duration startPeriod = Duration.ofMillis(800);
        ServiceSpec spec = sleeper(check(HealthCheckSpec.Kind.EXEC, "", List.of("/bin/test", "-e", flag.toString()),
                1, startPeriod), 5);
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        long started = System.nanoTime();
        supervisor.start();
        listener.await(Kind.UNHEALTHY, 1, WAIT);
        long afterMillis = (listener.of(Kind.UNHEALTHY).get(0).nanos() - started) / 1_000_000;
        assertTrue(afterMillis >= startPeriod.toMillis(), "failures within startPeriod do not count: " + afterMillis);
        assertTrue(listener.of(Kind.UNHEALTHY).get(0).event().message().contains("/bin/test exited with 1"));

        Files.writeString(flag, "");
        listener.await(Kind.HEALTH, 1, WAIT);
        assertEquals(Health.HEALTHY, supervisor.state().health());
        supervisor.stop();
        assertEquals(0, supervisor.awaitExit(WAIT).orElseThrow().exitCode());
    }
}
