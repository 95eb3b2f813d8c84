package dev.svcctl.windows.host;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the service process answers the SCM between StartServiceCtrlDispatcher's call of the service main and the
 * end of the service, free of JNA so it is tested without Windows: {@code JnaServiceDispatcher} forwards its
 * HandlerEx to {@link #control}, its SERVICE_MAIN_FUNCTION to {@link #serviceMain} and its timer to {@link #tick}.
 *
 * <p>Nothing thrown in the service main is left to the dispatcher's thread: the service ends STOPPED with
 * ERROR_SERVICE_SPECIFIC_ERROR and {@link #HOST_FAILURE_EXIT_CODE}, the reason goes to {@code log} (the Event
 * Log), and no checkpoint follows, instead of a START_PENDING that advances for ever and cannot be stopped.
 */
public final class ScmSession {
    /** The service-specific exit code of a service host that failed in itself (sysexits' EX_SOFTWARE). */
    public static final int HOST_FAILURE_EXIT_CODE = 70;

    private final Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> machineFactory;
    private final ServiceHostStateMachine.StatusReporter reporter;
    private final Consumer<String> log;
    private volatile ServiceHostStateMachine machine;

    /**
     * @param log where the reason of a failed service main goes (the Event Log); must not throw
     */
    public ScmSession(Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> machineFactory,
                      ServiceHostStateMachine.StatusReporter reporter, Consumer<String> log) {
        this.machineFactory = machineFactory;
        this.reporter = reporter;
        this.log = log;
    }

    /**
     * The HandlerEx: the Win32 code the handler answers with. The SCM may call it as soon as the handler is
     * registered, before the state machine exists or has reported anything: INTERROGATE is then answered NO_ERROR
     * (as HandlerEx must) with no status to report, and nothing else is accepted yet.
     */
    public int control(int control) {
        ServiceHostStateMachine current = machine;
        if (current != null) {
            return current.control(control);
        }
        return control == ServiceHostStateMachine.SERVICE_CONTROL_INTERROGATE ? ServiceHostStateMachine.NO_ERROR
                : ServiceHostStateMachine.ERROR_CALL_NOT_IMPLEMENTED;
    }

    /**
     * A new start of the service is beginning: forget the previous run's state machine, before the control handler
     * is registered again, so that a control arriving before the new machine exists is answered as "not started
     * yet" and does not reach the ended one (INTERROGATE would report the old STOPPED through the new status handle;
     * STOP would be swallowed by a machine that has already stopped). A service of a shared host process starts
     * again in the same process, with the same session.
     */
    public void starting() {
        machine = null;
    }

    /** The service main, on the dispatcher's thread, once the control handler is registered. */
    public void serviceMain() {
        starting();
        ServiceHostStateMachine made;
        try {
            made = machineFactory.apply(reporter);
        } catch (RuntimeException | Error e) {
            failed(null, e);
            return;
        }
        machine = made;
        try {
            made.serviceMain();
        } catch (RuntimeException | Error e) {
            failed(made, e);
        }
    }

    private void failed(ServiceHostStateMachine made, Throwable e) {
        String message = "the svcctl service host failed: " + e + "; the service is stopped (service-specific error "
                + HOST_FAILURE_EXIT_CODE + ")";
        try {
            log.accept(message);
        } finally {
            if (made == null) {
                reporter.report(new ServiceHostStateMachine.Status(ServiceHostStateMachine.SERVICE_STOPPED, 0,
                        ServiceHostStateMachine.ERROR_SERVICE_SPECIFIC_ERROR, HOST_FAILURE_EXIT_CODE, 0, 0));
            } else {
                made.hostFailed(HOST_FAILURE_EXIT_CODE);
            }
        }
    }

    /** The timer: a pending state reports its next checkpoint while something is progressing. */
    public void tick() {
        ServiceHostStateMachine current = machine;
        if (current != null) {
            current.tick();
        }
    }
}
