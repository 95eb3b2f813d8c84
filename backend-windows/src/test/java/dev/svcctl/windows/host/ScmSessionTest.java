package dev.svcctl.windows.host;

import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_CALL_NOT_IMPLEMENTED;
import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_SERVICE_SPECIFIC_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.NO_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_INTERROGATE;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_STOP;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_START_PENDING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOPPED;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service side of an SCM connection, as JnaServiceDispatcher drives it: handler, service main, timer. */
class ScmSessionTest {
    private final List<ServiceHostStateMachine.Status> reports = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final List<String> program = new ArrayList<>();

    private ServiceHostStateMachine machine(ServiceHostStateMachine.StatusReporter reporter, RuntimeException onStart) {
        return new ServiceHostStateMachine(reporter, new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
                program.add("start");
                if (onStart != null) {
                    throw onStart;
                }
            }

            @Override
            public void requestStop() {
                program.add("stop");
            }
        }, code -> program.add("exit " + code), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    private List<Integer> states() {
        return reports.stream().map(ServiceHostStateMachine.Status::state).toList();
    }

    @Test
    void aServiceMainThatThrowsEndsStoppedWithAServiceSpecificErrorSaysWhyAndStopsTicking() {
        ScmSession session = new ScmSession(r -> machine(r, new IllegalStateException("boom")), reports::add,
                logged::add);
        assertDoesNotThrow(session::serviceMain);
        session.tick();
        session.tick();
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOPPED), states(), "no checkpoint after the failure");
        ServiceHostStateMachine.Status stopped = reports.get(1);
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, stopped.win32ExitCode());
        assertEquals(ScmSession.HOST_FAILURE_EXIT_CODE, stopped.serviceSpecificExitCode());
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).contains("java.lang.IllegalStateException: boom"), logged.get(0));
        assertEquals(NO_ERROR, session.control(SERVICE_CONTROL_STOP), "a late stop changes nothing");
        assertEquals(2, reports.size());
    }

    @Test
    void aNewStartForgetsTheEndedMachineBeforeItsHandlerIsRegistered() {
        ServiceHostStateMachine[] first = new ServiceHostStateMachine[1];
        ScmSession session = new ScmSession(r -> first[0] = machine(r, null), reports::add, logged::add);
        session.serviceMain();
        first[0].ready();
        assertEquals(NO_ERROR, session.control(SERVICE_CONTROL_STOP));
        first[0].programStopped();
        assertEquals(SERVICE_STOPPED, states().get(states().size() - 1), "the first run ended");
        int reported = reports.size();

        session.starting(); // JnaServiceDispatcher: the SCM calls the service main again in the same process
        assertEquals(NO_ERROR, session.control(SERVICE_CONTROL_INTERROGATE));
        assertEquals(reported, reports.size(), "the old STOPPED is not reported again through the new handle");
        assertEquals(ERROR_CALL_NOT_IMPLEMENTED, session.control(SERVICE_CONTROL_STOP),
                "a stop before the new machine exists is refused, not swallowed by the ended one");
        session.tick();
        assertEquals(reported, reports.size());
    }

    @Test
    void aStateMachineThatCannotBeMadeStillEndsStopped() {
        ScmSession session = new ScmSession(r -> {
            throw new IllegalArgumentException("no machine");
        }, reports::add, logged::add);
        assertDoesNotThrow(session::serviceMain);
        session.tick();
        assertEquals(List.of(SERVICE_STOPPED), states());
        assertEquals(ScmSession.HOST_FAILURE_EXIT_CODE, reports.get(0).serviceSpecificExitCode());
        assertTrue(logged.get(0).contains("no machine"), logged.toString());
    }

    @Test
    void withoutProgressThePendingCheckpointStalls() {
        boolean[] progressing = {true};
        ServiceHostStateMachine host = new ServiceHostStateMachine(reports::add,
                new ServiceHostStateMachine.Program() {
                    @Override
                    public void start() {
                    }

                    @Override
                    public void requestStop() {
                    }

                    @Override
                    public boolean progressing() {
                        return progressing[0];
                    }
                }, code -> { }, Duration.ofSeconds(30), Duration.ofSeconds(10));
        ScmSession session = new ScmSession(r -> host, reports::add, logged::add);
        session.serviceMain();
        session.tick();
        assertEquals(List.of(1, 2), reports.stream().map(ServiceHostStateMachine.Status::checkPoint).toList(),
                "the supervisor is waiting for readiness: progress");
        progressing[0] = false;
        session.tick();
        session.tick();
        assertEquals(2, reports.size(), "nothing will move the state: the checkpoint stalls, as the SCM expects of a"
                + " hung service");
    }

    @Test
    void anInterrogateBeforeTheFirstReportIsAnsweredWithoutAReport() {
        ScmSession session = new ScmSession(r -> machine(r, null), reports::add, logged::add);
        assertEquals(NO_ERROR, session.control(SERVICE_CONTROL_INTERROGATE),
                "the handler must answer NO_ERROR to INTERROGATE (HandlerEx)");
        assertEquals(ERROR_CALL_NOT_IMPLEMENTED, session.control(SERVICE_CONTROL_STOP), "nothing to stop yet");
        assertEquals(List.of(), reports, "no status exists to report yet");
        session.serviceMain();
        assertEquals(NO_ERROR, session.control(SERVICE_CONTROL_INTERROGATE));
        assertEquals(List.of(SERVICE_START_PENDING, SERVICE_START_PENDING), states(), "now the current status");
    }
}
