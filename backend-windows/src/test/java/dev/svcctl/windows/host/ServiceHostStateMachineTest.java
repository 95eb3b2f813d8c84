package dev.svcctl.windows.host;

import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_CALL_NOT_IMPLEMENTED;
import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_SERVICE_SPECIFIC_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.NO_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_INTERROGATE;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_PRESHUTDOWN;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_STOP;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_RUNNING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_START_PENDING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOPPED;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOP_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ReadinessSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceHostStateMachineTest {
    private final List<ServiceHostStateMachine.Status> reports = new ArrayList<>();
    private final List<String> program = new ArrayList<>();
    private final List<Integer> exits = new ArrayList<>();
    private ServiceHostStateMachine.ProgramStartException startFailure;

    private final ServiceHostStateMachine host = new ServiceHostStateMachine(reports::add,
            new ServiceHostStateMachine.Program() {
                @Override
                public void start() throws ServiceHostStateMachine.ProgramStartException {
                    program.add("start");
                    if (startFailure != null) {
                        throw startFailure;
                    }
                }

                @Override
                public void requestStop() {
                    program.add("stop");
                }
            }, exits::add, Duration.ofSeconds(30), Duration.ofSeconds(95));

    private List<Integer> states() {
        return reports.stream().map(ServiceHostStateMachine.Status::state).toList();
    }

    /** Started, and the program ready: RUNNING. */
    private void running() {
        host.serviceMain();
        host.ready();
        assertEquals(SERVICE_RUNNING, host.current().state());
    }

    @Test
    void startReportsPendingThenRunningAcceptingStopShutdownAndPreshutdown() {
        running();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING), states());
        assertEquals(1, reports.get(0).checkPoint());
        assertEquals(0, reports.get(0).controlsAccepted(), "no control is accepted while starting");
        assertEquals(0x1 | 0x4 | 0x100, reports.get(1).controlsAccepted());
        assertEquals(0, reports.get(1).checkPoint());
        assertEquals(0, reports.get(1).waitHintMs());
    }

    @Test
    void stopReportsStopPendingWithIncreasingCheckpointsUntilTheProgramIsDown() {
        running();
        assertEquals(NO_ERROR, host.control(SERVICE_CONTROL_STOP));
        host.tick();
        host.tick();
        assertEquals(NO_ERROR, host.control(SERVICE_CONTROL_STOP));
        host.programStopped();
        List<ServiceHostStateMachine.Status> stopping = reports.subList(2, 5);
        assertEquals(List.of(1, 2, 3), stopping.stream().map(ServiceHostStateMachine.Status::checkPoint).toList());
        assertTrue(stopping.stream().allMatch(s -> s.state() == SERVICE_STOP_PENDING && s.waitHintMs() == 35_000));
        assertEquals(SERVICE_STOPPED, reports.get(reports.size() - 1).state());
        assertEquals(0, reports.get(reports.size() - 1).win32ExitCode());
        assertEquals(List.of("start", "stop"), program, "a second STOP does not stop twice");
    }

    @Test
    void preshutdownStopsLikeStop() {
        running();
        host.control(SERVICE_CONTROL_PRESHUTDOWN);
        assertEquals(SERVICE_STOP_PENDING, host.current().state());
        assertEquals(List.of("start", "stop"), program);
    }

    @Test
    void aHostFailureAfterTheStartStopsTheProgramAndEndsStoppedOnce() {
        running();
        host.hostFailed(ScmSession.HOST_FAILURE_EXIT_CODE);
        assertEquals(List.of("start", "stop"), program);
        ServiceHostStateMachine.Status stopped = host.current();
        assertEquals(SERVICE_STOPPED, stopped.state());
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, stopped.win32ExitCode());
        assertEquals(ScmSession.HOST_FAILURE_EXIT_CODE, stopped.serviceSpecificExitCode());
        host.programStopped();
        host.gaveUp(1);
        host.tick();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING, SERVICE_STOPPED), states());
        assertEquals(List.of(), exits);
    }

    @Test
    void givingUpEndsTheHostWithoutStoppedSoFailureActionsFire() {
        running();
        host.gaveUp(0);
        assertEquals(List.of(ServiceHostStateMachine.GAVE_UP_EXIT_CODE), exits);
        host.gaveUp(42);
        assertEquals(42, exits.get(1));
        assertTrue(states().stream().noneMatch(s -> s == SERVICE_STOPPED));
    }

    @Test
    void theProgramEndingDuringARequestedStopIsAnOrdinaryStop() {
        running();
        host.control(SERVICE_CONTROL_STOP);
        host.gaveUp(1);
        assertEquals(List.of(), exits);
        assertEquals(SERVICE_STOPPED, host.current().state());
    }

    @Test
    void aProgramThatCannotStartIsStoppedWithItsCode() {
        startFailure = new ServiceHostStateMachine.ProgramStartException(2, "no such file");
        host.serviceMain();
        ServiceHostStateMachine.Status last = reports.get(reports.size() - 1);
        assertEquals(SERVICE_STOPPED, last.state());
        assertEquals(ServiceHostStateMachine.ERROR_SERVICE_SPECIFIC_ERROR, last.win32ExitCode());
        assertEquals(2, last.serviceSpecificExitCode());
    }

    @Test
    void interrogateRepeatsTheStatusAndUnknownControlsAreRefused() {
        running();
        host.control(SERVICE_CONTROL_INTERROGATE);
        assertEquals(reports.get(1), reports.get(2));
        assertEquals(ERROR_CALL_NOT_IMPLEMENTED, host.control(0x3));
    }

    @Test
    void aStopDuringStartPendingStopsOnceTheProgramRuns() {
        ServiceHostStateMachine[] self = new ServiceHostStateMachine[1];
        self[0] = new ServiceHostStateMachine(reports::add, new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
                program.add("start");
                self[0].control(SERVICE_CONTROL_STOP);
            }

            @Override
            public void requestStop() {
                program.add("stop");
            }
        }, exits::add, Duration.ofSeconds(5), Duration.ofSeconds(10));
        self[0].serviceMain();
        assertEquals(List.of("start", "stop"), program);
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOP_PENDING), states());
        self[0].ready();
        self[0].programStopped();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOP_PENDING, SERVICE_STOPPED), states());
        assertEquals(NO_ERROR, self[0].current().win32ExitCode());
    }

    private static ReadinessSpec tcp(Duration timeout) {
        return new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:8080", List.of(), timeout);
    }

    @Test
    void theServiceStaysStartPendingWithAdvancingCheckpointsUntilTheProgramIsReady() {
        host.serviceMain();
        host.tick();
        host.tick();
        host.tick();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_START_PENDING, SERVICE_START_PENDING,
                SERVICE_START_PENDING), states(), "started is not ready");
        assertEquals(List.of(1, 2, 3, 4), reports.stream().map(ServiceHostStateMachine.Status::checkPoint).toList());
        assertTrue(reports.stream().allMatch(s -> s.waitHintMs() == 95_000 && s.controlsAccepted() == 0),
                reports.toString());
        host.ready();
        assertEquals(SERVICE_RUNNING, host.current().state());
        assertEquals(NO_ERROR, host.current().win32ExitCode());
        host.tick();
        host.ready();
        assertEquals(5, reports.size(), "RUNNING is not pending, and a restarted program ready again is no news");
    }

    @Test
    void theWaitHintIsTheReadinessTimeoutPlusAMarginOrTenSecondsWithoutReadiness() {
        assertEquals(Duration.ofSeconds(95),
                ServiceHostStateMachine.startWaitHint(Optional.of(tcp(Duration.ofSeconds(90)))));
        assertEquals(Duration.ofSeconds(10), ServiceHostStateMachine.startWaitHint(Optional.empty()));
        ServiceHostStateMachine.Program idle = new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
            }

            @Override
            public void requestStop() {
            }
        };
        ServiceHostStateMachine forever = new ServiceHostStateMachine(reports::add, idle, exits::add,
                Duration.ofSeconds(5), ServiceHostStateMachine.startWaitHint(Optional.of(tcp(Duration.ofDays(100)))));
        forever.serviceMain();
        assertEquals(Integer.MAX_VALUE, reports.get(0).waitHintMs(), "a DWORD of milliseconds, clamped");
    }

    @Test
    void readinessReportedWhileStartIsStillRunningMakesTheServiceRunningOnceItReturns() {
        ServiceHostStateMachine[] self = new ServiceHostStateMachine[1];
        self[0] = new ServiceHostStateMachine(reports::add, new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
                self[0].ready();
                assertEquals(List.of(SERVICE_START_PENDING), states(), "nothing is RUNNING before start returns");
            }

            @Override
            public void requestStop() {
                program.add("stop");
            }
        }, exits::add, Duration.ofSeconds(5), Duration.ofSeconds(10));
        self[0].serviceMain();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING), states());
    }

    @Test
    void notReadyBeforeTheFirstReadinessStopsTheProgramAndTheServiceWithTheNotReadyCode() {
        host.serviceMain();
        host.tick();
        assertTrue(host.notReady());
        assertEquals(List.of("start", "stop"), program);
        assertEquals(SERVICE_STOP_PENDING, host.current().state());
        assertEquals(35_000, host.current().waitHintMs());
        host.tick();
        assertEquals(2, host.current().checkPoint());
        host.ready();
        assertEquals(SERVICE_STOP_PENDING, host.current().state(), "too late: the start has failed");
        host.programStopped();
        ServiceHostStateMachine.Status last = host.current();
        assertEquals(SERVICE_STOPPED, last.state());
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, last.win32ExitCode());
        assertEquals(ServiceHostStateMachine.NOT_READY_EXIT_CODE, last.serviceSpecificExitCode());
        assertEquals(124, ServiceHostStateMachine.NOT_READY_EXIT_CODE, "documented in docs/windows.md");
        assertFalse(states().contains(SERVICE_RUNNING));
        assertEquals(List.of(), exits);
    }

    @Test
    void aNotReadyStartIsStoppedWithItsCodeAlsoWhenTheSupervisorEndsWithAFailure() {
        host.serviceMain();
        host.notReady();
        host.gaveUp(9);
        assertEquals(List.of(), exits, "the stop was the host's own, not a crash for failure actions");
        assertEquals(SERVICE_STOPPED, host.current().state());
        assertEquals(ServiceHostStateMachine.NOT_READY_EXIT_CODE, host.current().serviceSpecificExitCode());
    }

    @Test
    void notReadyWhileStartIsStillRunningStopsTheProgramOnceItReturns() {
        ServiceHostStateMachine[] self = new ServiceHostStateMachine[1];
        self[0] = new ServiceHostStateMachine(reports::add, new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
                program.add("start");
                self[0].notReady();
            }

            @Override
            public void requestStop() {
                program.add("stop");
            }
        }, exits::add, Duration.ofSeconds(5), Duration.ofSeconds(10));
        self[0].serviceMain();
        assertEquals(List.of("start", "stop"), program);
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOP_PENDING), states());
        self[0].programStopped();
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, self[0].current().win32ExitCode());
    }

    @Test
    void notReadyAfterRunningIsTheRestartPolicysBusinessAndTheServiceStaysRunning() {
        running();
        int before = reports.size();
        assertFalse(host.notReady());
        assertEquals(before, reports.size());
        assertEquals(SERVICE_RUNNING, host.current().state());
        assertEquals(List.of("start"), program, "the host does not stop the program");
    }

    @Test
    void aProgramThatEndsCleanlyBeforeItIsReadyFailsTheStart() {
        host.serviceMain();
        host.programStopped();
        assertEquals(SERVICE_STOPPED, host.current().state());
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, host.current().win32ExitCode());
        assertEquals(ServiceHostStateMachine.NOT_READY_EXIT_CODE, host.current().serviceSpecificExitCode());
    }

    @Test
    void aProgramThatWasReadyAndEndsCleanlyBeforeRunningWasReportedIsAnOrdinaryStop() {
        ServiceHostStateMachine[] self = new ServiceHostStateMachine[1];
        self[0] = new ServiceHostStateMachine(reports::add, new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
                self[0].ready();
                self[0].programStopped();
            }

            @Override
            public void requestStop() {
                program.add("stop");
            }
        }, exits::add, Duration.ofSeconds(5), Duration.ofSeconds(10));
        self[0].serviceMain();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOPPED), states(), "no RUNNING after STOPPED");
        assertEquals(NO_ERROR, self[0].current().win32ExitCode());
    }

    @Test
    void aStopThatReachesTheHandlerWhileWaitingForReadinessStopsAtOnceAndNeverReportsRunning() {
        host.serviceMain();
        assertEquals(0, host.current().controlsAccepted(), "the SCM itself refuses STOP now (1061)");
        assertEquals(NO_ERROR, host.control(SERVICE_CONTROL_STOP));
        assertEquals(List.of("start", "stop"), program);
        assertEquals(SERVICE_STOP_PENDING, host.current().state());
        host.ready();
        assertFalse(host.notReady(), "a stop was asked for: not a failed start");
        host.programStopped();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOP_PENDING, SERVICE_STOPPED), states());
        assertEquals(NO_ERROR, host.current().win32ExitCode());
    }
}
