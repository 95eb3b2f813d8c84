package dev.svcctl.windows.host;

import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_CALL_NOT_IMPLEMENTED;
import static dev.svcctl.windows.host.ServiceHostStateMachine.NO_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_INTERROGATE;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_PRESHUTDOWN;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_STOP;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_RUNNING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_START_PENDING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOPPED;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOP_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            }, exits::add, Duration.ofSeconds(30));

    private List<Integer> states() {
        return reports.stream().map(ServiceHostStateMachine.Status::state).toList();
    }

    @Test
    void startReportsPendingThenRunningAcceptingStopShutdownAndPreshutdown() {
        host.serviceMain();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING), states());
        assertEquals(1, reports.get(0).checkPoint());
        assertTrue(reports.get(0).waitHintMs() > 0);
        assertEquals(0x1 | 0x4 | 0x100, reports.get(1).controlsAccepted());
    }

    @Test
    void stopReportsStopPendingWithIncreasingCheckpointsUntilTheProgramIsDown() {
        host.serviceMain();
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
        host.serviceMain();
        host.control(SERVICE_CONTROL_PRESHUTDOWN);
        assertEquals(SERVICE_STOP_PENDING, host.current().state());
        assertEquals(List.of("start", "stop"), program);
    }

    @Test
    void givingUpEndsTheHostWithoutStoppedSoFailureActionsFire() {
        host.serviceMain();
        host.gaveUp(0);
        assertEquals(List.of(ServiceHostStateMachine.GAVE_UP_EXIT_CODE), exits);
        host.gaveUp(42);
        assertEquals(42, exits.get(1));
        assertTrue(states().stream().noneMatch(s -> s == SERVICE_STOPPED));
    }

    @Test
    void theProgramEndingDuringARequestedStopIsAnOrdinaryStop() {
        host.serviceMain();
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
        host.serviceMain();
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
        }, exits::add, Duration.ofSeconds(5));
        self[0].serviceMain();
        assertEquals(List.of("start", "stop"), program);
        assertEquals(List.of(SERVICE_START_PENDING), states());
        self[0].programStopped();
        assertEquals(SERVICE_STOPPED, self[0].current().state());
    }
}
