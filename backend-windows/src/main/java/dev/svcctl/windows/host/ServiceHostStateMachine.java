package dev.svcctl.windows.host;

import java.time.Duration;

/**
 * What {@code svcctl host --name NAME} tells the SCM, as a state machine over ports so it can be tested without
 * Windows. The JNA side (StartServiceCtrlDispatcher calling {@link #serviceMain}, RegisterServiceCtrlHandlerEx
 * forwarding to {@link #control}, SetServiceStatus behind {@link StatusReporter}, a timer calling {@link #tick}) and
 * the supervisor behind {@link Program} plug in from outside.
 *
 * <ul>
 *   <li>start: START_PENDING with checkpoints until the program runs, then RUNNING accepting STOP, SHUTDOWN and
 *       PRESHUTDOWN;</li>
 *   <li>STOP / SHUTDOWN / PRESHUTDOWN: STOP_PENDING with an increasing checkpoint and a wait hint on every tick,
 *       until the program is down; then STOPPED;</li>
 *   <li>when the restart policy gives up, the host ends with a non-zero exit code <em>without</em> reporting
 *       STOPPED, which SCM counts as a crash, so the service's failure actions fire;</li>
 *   <li>a program that cannot be started at all is STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and the code: a bad
 *       configuration is not retried by failure actions.</li>
 * </ul>
 */
public final class ServiceHostStateMachine {
    public static final int SERVICE_STOPPED = 1;
    public static final int SERVICE_START_PENDING = 2;
    public static final int SERVICE_STOP_PENDING = 3;
    public static final int SERVICE_RUNNING = 4;

    public static final int SERVICE_CONTROL_STOP = 1;
    public static final int SERVICE_CONTROL_INTERROGATE = 4;
    public static final int SERVICE_CONTROL_SHUTDOWN = 5;
    public static final int SERVICE_CONTROL_PRESHUTDOWN = 0x0F;

    public static final int SERVICE_ACCEPT_STOP = 0x1;
    public static final int SERVICE_ACCEPT_SHUTDOWN = 0x4;
    public static final int SERVICE_ACCEPT_PRESHUTDOWN = 0x100;

    public static final int NO_ERROR = 0;
    public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

    /** The exit code the host ends with when the restart policy gave up and the program's own code was 0. */
    public static final int GAVE_UP_EXIT_CODE = 3;
    static final Duration START_HINT = Duration.ofSeconds(10);
    static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    /** One SERVICE_STATUS for SetServiceStatus. */
    public record Status(int state, int controlsAccepted, int win32ExitCode, int serviceSpecificExitCode,
                         int checkPoint, int waitHintMs) {
    }

    /** SetServiceStatus. */
    public interface StatusReporter {
        void report(Status status);
    }

    /** The supervised program: started once; a stop request returns at once and the end is reported back. */
    public interface Program {
        void start() throws ProgramStartException;

        /** Graceful stop: Ctrl-C to the program's own console, then termination of its job after the timeout. */
        void requestStop();
    }

    /** Ends the host process; used when the restart policy gave up. */
    public interface ProcessExit {
        void exit(int code);
    }

    /** The program could not be started at all (missing executable, bad working directory...). */
    public static final class ProgramStartException extends Exception {
        private final int code;

        public ProgramStartException(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final StatusReporter reporter;
    private final Program program;
    private final ProcessExit processExit;
    private final Duration stopTimeout;
    private Status current;
    private boolean stopRequested;

    public ServiceHostStateMachine(StatusReporter reporter, Program program, ProcessExit processExit,
                                   Duration stopTimeout) {
        this.reporter = reporter;
        this.program = program;
        this.processExit = processExit;
        this.stopTimeout = stopTimeout;
    }

    /** The service's main function, on the dispatcher's thread. */
    public void serviceMain() {
        synchronized (this) {
            report(new Status(SERVICE_START_PENDING, 0, NO_ERROR, 0, 1, (int) START_HINT.toMillis()));
        }
        try {
            program.start();
        } catch (ProgramStartException e) {
            synchronized (this) {
                report(new Status(SERVICE_STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, e.code(), 0, 0));
            }
            return;
        }
        boolean stopAtOnce;
        synchronized (this) {
            stopAtOnce = stopRequested;
            if (!stopAtOnce) {
                report(new Status(SERVICE_RUNNING, accepted(), NO_ERROR, 0, 0, 0));
            }
        }
        if (stopAtOnce) {
            program.requestStop();
        }
    }

    private static int accepted() {
        return SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PRESHUTDOWN;
    }

    /** The control handler (HandlerEx): returns the Win32 code the handler answers with. */
    public int control(int control) {
        switch (control) {
            case SERVICE_CONTROL_INTERROGATE -> {
                synchronized (this) {
                    reporter.report(current);
                }
                return NO_ERROR;
            }
            case SERVICE_CONTROL_STOP, SERVICE_CONTROL_SHUTDOWN, SERVICE_CONTROL_PRESHUTDOWN -> {
                boolean first;
                boolean started;
                synchronized (this) {
                    first = !stopRequested;
                    stopRequested = true;
                    started = current.state() == SERVICE_RUNNING;
                    if (first && started) {
                        report(new Status(SERVICE_STOP_PENDING, 0, NO_ERROR, 0, 1, stopHintMs()));
                    }
                }
                if (first && started) {
                    program.requestStop();
                }
                return NO_ERROR;
            }
            default -> {
                return ERROR_CALL_NOT_IMPLEMENTED;
            }
        }
    }

    private int stopHintMs() {
        return (int) stopTimeout.plus(STOP_MARGIN).toMillis();
    }

    /** Called periodically: a pending state reports progress with the next checkpoint. */
    public synchronized void tick() {
        if (current.state() == SERVICE_START_PENDING || current.state() == SERVICE_STOP_PENDING) {
            report(new Status(current.state(), current.controlsAccepted(), NO_ERROR, 0, current.checkPoint() + 1,
                    current.waitHintMs()));
        }
    }

    /** The supervisor reports the program is down after a requested stop. */
    public synchronized void programStopped() {
        report(new Status(SERVICE_STOPPED, 0, NO_ERROR, 0, 0, 0));
    }

    /**
     * The restart policy gave up (or restart is never and the program ended on its own). If a stop was asked for,
     * this is simply the end of the stop; otherwise the host leaves without STOPPED so SCM's failure actions fire.
     */
    public void gaveUp(int programExitCode) {
        synchronized (this) {
            if (stopRequested) {
                report(new Status(SERVICE_STOPPED, 0, NO_ERROR, 0, 0, 0));
                return;
            }
        }
        processExit.exit(programExitCode != 0 ? programExitCode : GAVE_UP_EXIT_CODE);
    }

    public synchronized Status current() {
        return current;
    }

    private void report(Status status) {
        current = status;
        reporter.report(status);
    }
}
