package dev.svcctl.windows.host;

import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_SERVICE_SPECIFIC_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_STOP;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_RUNNING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_START_PENDING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOPPED;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOP_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.supervisor.PosixProcessPort;
import dev.svcctl.supervisor.SupervisorEvent;
import dev.svcctl.supervisor.SupervisorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service host's wiring with the real supervisor and real child processes (the POSIX port stands in for the
 * Windows one, which is the only part that differs): what SCM is told, what the Event Log gets, how the host ends.
 */
class WindowsServiceHostTest {
    private static final long WAIT_SECONDS = 20;
    private static final LogsSpec INHERIT = new LogsSpec(LogTarget.INHERIT, LogTarget.INHERIT, Optional.empty(),
            Optional.empty());

    private final FakeEventLog eventLog = new FakeEventLog();
    private final CompletableFuture<Integer> hostExit = new CompletableFuture<>();
    private final Reports reports = new Reports();

    /** SetServiceStatus, recorded; lets a test wait for a state. */
    private static final class Reports implements ServiceHostStateMachine.StatusReporter {
        private final List<ServiceHostStateMachine.Status> all = new ArrayList<>();

        @Override
        public synchronized void report(ServiceHostStateMachine.Status status) {
            all.add(status);
            notifyAll();
        }

        synchronized List<Integer> states() {
            return all.stream().map(ServiceHostStateMachine.Status::state).toList();
        }

        synchronized ServiceHostStateMachine.Status awaitState(int state) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            Predicate<ServiceHostStateMachine.Status> wanted = s -> s.state() == state;
            while (all.stream().noneMatch(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("state " + state + " never reported; got " + states());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return all.stream().filter(wanted).findFirst().orElseThrow();
        }
    }

    @BeforeAll
    static void posixOnly() {
        assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), "uses /bin/sh and the POSIX port");
    }

    private static ServiceSpec.Builder shell(String script) {
        return ServiceSpec.builder("web", "/bin/sh").args("-c", script).logs(INHERIT);
    }

    private static RestartSpec restart(RestartPolicy policy, int burst) {
        return new RestartSpec(policy, Duration.ofMillis(50), Optional.empty(), burst, Duration.ofSeconds(60),
                List.of(0));
    }

    private static SupervisorSettings settings(String test) throws IOException {
        Path dir = Path.of("target", "test-work", "service-host", test).toAbsolutePath();
        Files.createDirectories(dir);
        return new SupervisorSettings(LogTarget.FILE, dir.resolve("logs"), Optional.empty(),
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), Clock.systemUTC());
    }

    private WindowsServiceHost serviceHost;

    private ServiceHostStateMachine host(ServiceSpec spec, SupervisorSettings settings) {
        serviceHost = new WindowsServiceHost(spec, settings, new PosixProcessPort(), eventLog, hostExit::complete);
        return serviceHost.machine(reports);
    }

    /** What the supervisor emits when the program becomes ready, or is not ready within readiness.timeout. */
    private void supervisorSays(SupervisorEvent.Kind kind, String message) {
        serviceHost.onEvent(new SupervisorEvent(kind, message, OptionalLong.empty()));
    }

    /** Readiness that never comes by itself within a test: an exec probe that always fails, for a minute. */
    private static ServiceSpec.Builder sleeperWithReadiness() {
        return shell("exec sleep 60").readiness(new ReadinessSpec(ReadinessSpec.Kind.EXEC, "",
                List.of("/bin/sh", "-c", "exit 1"), Duration.ofSeconds(60)));
    }

    @Test
    void aStopRequestStopsTheProgramAndReportsStoppedWithoutACrashEvent() throws Exception {
        ServiceHostStateMachine machine = host(shell("exec sleep 60").build(), settings("stop"));
        machine.serviceMain();
        reports.awaitState(SERVICE_RUNNING);
        machine.control(SERVICE_CONTROL_STOP);
        ServiceHostStateMachine.Status stopped = reports.awaitState(SERVICE_STOPPED);
        assertEquals(0, stopped.win32ExitCode());
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING, SERVICE_STOP_PENDING, SERVICE_STOPPED),
                reports.states());
        assertEquals(List.of(1000, 1001), eventLog.ids());
        assertFalse(hostExit.isDone());
    }

    @Test
    void withoutReadinessTheProgramsStartIsItsReadinessAndTheSupervisorsReadyChangesNothing() throws Exception {
        ServiceHostStateMachine machine = host(shell("exec sleep 60").build(), settings("no-readiness"));
        machine.serviceMain();
        ServiceHostStateMachine.Status pending = reports.awaitState(SERVICE_START_PENDING);
        assertEquals(10_000, pending.waitHintMs());
        reports.awaitState(SERVICE_RUNNING);
        supervisorSays(SupervisorEvent.Kind.READY, "ready");
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING), reports.states());
        assertEquals(List.of(1000), eventLog.ids());
        machine.control(SERVICE_CONTROL_STOP);
        reports.awaitState(SERVICE_STOPPED);
    }

    @Test
    void withReadinessTheServiceIsStartPendingUntilTheSupervisorSaysReady() throws Exception {
        ServiceHostStateMachine machine = host(sleeperWithReadiness().build(), settings("ready"));
        machine.serviceMain();
        eventLog.await(1000, WAIT_SECONDS);
        machine.tick();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_START_PENDING), reports.states(),
                "started is not ready");
        assertEquals(65_000, machine.current().waitHintMs(), "readiness.timeout + 5 s");
        supervisorSays(SupervisorEvent.Kind.READY, "ready: /bin/sh exited 0");
        ServiceHostStateMachine.Status running = reports.awaitState(SERVICE_RUNNING);
        assertEquals(0x1 | 0x4 | 0x100, running.controlsAccepted());
        assertEquals(List.of(1000, 1010), eventLog.ids());
        assertEquals("ready: /bin/sh exited 0", eventLog.entries().get(1).message());
        machine.control(SERVICE_CONTROL_STOP);
        assertEquals(0, reports.awaitState(SERVICE_STOPPED).win32ExitCode());
    }

    @Test
    void notReadyBeforeTheFirstReadyStopsTheProgramAndTheServiceWithAServiceSpecificError() throws Exception {
        ServiceHostStateMachine machine = host(sleeperWithReadiness().build(), settings("not-ready"));
        machine.serviceMain();
        eventLog.await(1000, WAIT_SECONDS);
        supervisorSays(SupervisorEvent.Kind.NOT_READY, "not ready after 1m");
        ServiceHostStateMachine.Status stopped = reports.awaitState(SERVICE_STOPPED);
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, stopped.win32ExitCode());
        assertEquals(ServiceHostStateMachine.NOT_READY_EXIT_CODE, stopped.serviceSpecificExitCode());
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOP_PENDING, SERVICE_STOPPED), reports.states());
        FakeEventLog.Entry notReady = eventLog.await(1009, WAIT_SECONDS);
        assertEquals(EventLog.Type.ERROR, notReady.type());
        assertEquals("web did not become ready within 1m (readiness.exec /bin/sh -c exit 1): not ready after 1m;"
                + " the service start failed (service-specific error 124)", notReady.message());
        assertFalse(eventLog.ids().contains(1002), "the host's own stop is no crash: " + eventLog.ids());
        assertFalse(hostExit.isDone());
    }

    @Test
    void notReadyAfterRunningLeavesTheServiceRunningAndTheProgramToTheRestartPolicy() throws Exception {
        ServiceHostStateMachine machine = host(sleeperWithReadiness().build(), settings("not-ready-later"));
        machine.serviceMain();
        eventLog.await(1000, WAIT_SECONDS);
        supervisorSays(SupervisorEvent.Kind.READY, "ready");
        reports.awaitState(SERVICE_RUNNING);
        supervisorSays(SupervisorEvent.Kind.NOT_READY, "not ready after 1m");
        assertEquals(SERVICE_RUNNING, machine.current().state());
        assertTrue(eventLog.await(1009, WAIT_SECONDS).message().endsWith("the service stays running"));
        assertEquals(List.of(1000, 1010, 1009), eventLog.ids(), "the program was not stopped by the host");
        machine.control(SERVICE_CONTROL_STOP);
        assertEquals(0, reports.awaitState(SERVICE_STOPPED).win32ExitCode());
    }

    @Test
    void whenThePolicyGivesUpTheHostExitsWithTheProgramsCodeAndNeverReportsStopped() throws Exception {
        ServiceHostStateMachine machine = host(shell("exit 7").restart(restart(RestartPolicy.NEVER, 5)).build(),
                settings("never"));
        machine.serviceMain();
        assertEquals(7, hostExit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(reports.states().contains(SERVICE_STOPPED), reports.states().toString());
        assertEquals(List.of(1000, 1002, 1004), eventLog.ids());
        assertEquals(EventLog.Type.ERROR, eventLog.entries().get(2).type());
    }

    @Test
    void restartsAreLoggedAndGivingUpAfterCleanExitsUsesTheGaveUpCode() throws Exception {
        ServiceHostStateMachine machine = host(shell("exit 0").restart(restart(RestartPolicy.ALWAYS, 1)).build(),
                settings("burst"));
        machine.serviceMain();
        assertEquals(ServiceHostStateMachine.GAVE_UP_EXIT_CODE, hostExit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(1000, 1002, 1003, 1000, 1002, 1004), eventLog.ids());
        assertTrue(eventLog.entries().get(5).message().contains("gave up"), eventLog.entries().get(5).message());
        assertFalse(reports.states().contains(SERVICE_STOPPED));
    }

    @Test
    void aCleanEndThePolicyDoesNotRestartIsAnOrdinaryStop() throws Exception {
        ServiceHostStateMachine machine = host(shell("exit 0").restart(restart(RestartPolicy.ON_FAILURE, 5)).build(),
                settings("clean"));
        machine.serviceMain();
        ServiceHostStateMachine.Status stopped = reports.awaitState(SERVICE_STOPPED);
        assertEquals(0, stopped.win32ExitCode());
        assertEquals(List.of(1000, 1002, 1001), eventLog.ids());
        assertFalse(hostExit.isDone());
    }

    @Test
    void logFilesThatCannotBeOpenedStopTheServiceWithAServiceSpecificError() throws Exception {
        SupervisorSettings settings = settings("no-logs");
        Path notADirectory = Path.of("target", "test-work", "service-host", "no-logs", "file").toAbsolutePath();
        Files.writeString(notADirectory, "x");
        LogsSpec files = new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.of(notADirectory.toString()),
                Optional.empty());
        ServiceHostStateMachine machine = host(shell("exit 0").logs(files).build(), settings);
        machine.serviceMain();
        ServiceHostStateMachine.Status stopped = reports.awaitState(SERVICE_STOPPED);
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, stopped.win32ExitCode());
        assertEquals(WindowsServiceHost.NO_EXIT_CODE, stopped.serviceSpecificExitCode());
        assertEquals(List.of(1005), eventLog.ids());
    }
}
