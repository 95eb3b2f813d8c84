package dev.svcctl.windows.host;

import dev.svcctl.spec.ReadinessSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code svcctl host --name NAME} tells the SCM, as a state machine over ports so it can be tested without
 * Windows. The JNA side (StartServiceCtrlDispatcher calling {@link #serviceMain}, RegisterServiceCtrlHandlerEx
 * forwarding to {@link #control}, SetServiceStatus behind {@link StatusReporter}, a timer calling {@link #tick}) and
 * the supervisor behind {@link Program} plug in from outside; the host tells it when the program is {@link #ready}
 * or {@link #notReady}.
 *
 * <ul>
 *   <li>start: START_PENDING, accepting no control (SetServiceStatus: a service must not accept controls while it
 *       starts), with the checkpoint advancing on every tick while the program
 *       {@link Program#progressing progresses} and a wait hint of {@code readiness.timeout} + 5 s
 *       ({@link #startWaitHint}), until the program is ready; then RUNNING accepting STOP, SHUTDOWN and
 *       PRESHUTDOWN;</li>
 *   <li>not ready before it ever was (or ended cleanly before it was): STOP_PENDING while the program is stopped,
 *       then STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and {@link #NOT_READY_EXIT_CODE}. Not ready again after a
 *       restart, once RUNNING: the supervisor's restart policy handles it and the service stays RUNNING;</li>
 *   <li>STOP / SHUTDOWN / PRESHUTDOWN: STOP_PENDING with an increasing checkpoint and a wait hint on every tick,
 *       until the program is down; then STOPPED. The SCM sends none of them while START_PENDING (nothing is
 *       accepted then); one that reaches the handler anyway stops the program as soon as it has been started, and
 *       the service never reports RUNNING;</li>
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
    /**
     * The service-specific exit code of a start that never became ready (as timeout(1) exits when its command ran
     * out of time); documented in docs/windows.md.
     */
    public static final int NOT_READY_EXIT_CODE = 124;
    /** The wait hint while starting when the spec has no {@code readiness}: ready as soon as the program started. */
    static final Duration START_HINT = Duration.ofSeconds(10);
    /** Added to {@code readiness.timeout} (the supervisor's verdict) and {@code stop.timeout} (its kill). */
    static final Duration START_MARGIN = Duration.ofSeconds(5);
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

        /**
         * Whether something will still move a pending state on (the start under way, the supervisor waiting for
         * readiness or stopping the program); when not, the checkpoint stalls, so the SCM sees a hung service.
         */
        default boolean progressing() {
            return true;
        }
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
    private final int startHintMs;
    /** In a shared host process: giving up reports STOPPED instead of ending the process (see {@link #gaveUp}). */
    private final boolean shared;
    private Status current;
    /** {@link Program#start} has returned: a stop can be delivered to the program. */
    private boolean started;
    /** The program has been ready at least once (it may not be RUNNING for the SCM yet). */
    private boolean ready;
    private boolean stopRequested;
    /** The service-specific code STOPPED will carry, 0 for none. */
    private int failureCode;
    /** STOPPED reported, or the host is leaving through {@link ProcessExit}. */
    private boolean ended;

    /**
     * @param startWaitHint the wait hint while START_PENDING, see {@link #startWaitHint}
     */
    public ServiceHostStateMachine(StatusReporter reporter, Program program, ProcessExit processExit,
                                   Duration stopTimeout, Duration startWaitHint) {
        this(reporter, program, processExit, stopTimeout, startWaitHint, false);
    }

    /**
     * @param shared the service runs in a shared host process (SERVICE_WIN32_SHARE_PROCESS) with other services,
     *               which must go on running when this one's restart policy gives up
     */
    public ServiceHostStateMachine(StatusReporter reporter, Program program, ProcessExit processExit,
                                   Duration stopTimeout, Duration startWaitHint, boolean shared) {
        this.shared = shared;
        this.reporter = reporter;
        this.program = program;
        this.processExit = processExit;
        this.stopTimeout = stopTimeout;
        this.startHintMs = millis(startWaitHint);
    }

    /**
     * How long the SCM is told a start may take: {@code readiness.timeout} plus a margin for the supervisor to
     * decide, or {@link #START_HINT} without readiness. The checkpoint advances on every tick all the same, so a
     * long hint never hides a hung host for longer than the hint itself.
     */
    public static Duration startWaitHint(Optional<ReadinessSpec> readiness) {
        return readiness.map(r -> r.timeout().plus(START_MARGIN)).orElse(START_HINT);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, d.toMillis()));
    }

    /** The service's main function, on the dispatcher's thread. */
    public void serviceMain() {
        synchronized (this) {
            report(new Status(SERVICE_START_PENDING, 0, NO_ERROR, 0, 1, startHintMs));
        }
        try {
            program.start();
        } catch (ProgramStartException e) {
            synchronized (this) {
                ended = true;
                report(new Status(SERVICE_STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, e.code(), 0, 0));
            }
            return;
        }
        boolean stopNow;
        synchronized (this) {
            started = true;
            stopNow = !ended && stopRequested;
            if (stopNow) {
                reportStopPending();
            } else if (!ended && ready) {
                report(new Status(SERVICE_RUNNING, accepted(), NO_ERROR, 0, 0, 0));
            }
        }
        if (stopNow) {
            program.requestStop();
        }
    }

    private static int accepted() {
        return SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PRESHUTDOWN;
    }

    /**
     * The program is ready (the supervisor's READY, or its start when the spec has no readiness): RUNNING, once
     * {@link Program#start} has returned. Later calls (a restarted program ready again) change nothing.
     */
    public synchronized void ready() {
        boolean first = !ready;
        ready = true;
        if (first && started && !stopRequested && !ended && current.state() == SERVICE_START_PENDING) {
            report(new Status(SERVICE_RUNNING, accepted(), NO_ERROR, 0, 0, 0));
        }
    }

    /**
     * The program did not become ready within {@code readiness.timeout}. Before it ever was, the start has failed:
     * the program is stopped and the service ends STOPPED with {@link #NOT_READY_EXIT_CODE}. After that, the
     * supervisor's restart policy decides and the service stays RUNNING.
     *
     * @return whether this ended the start
     */
    public boolean notReady() {
        boolean stopNow;
        synchronized (this) {
            if (ready || stopRequested || ended) {
                return false;
            }
            stopRequested = true;
            failureCode = NOT_READY_EXIT_CODE;
            stopNow = started;
            if (stopNow) {
                reportStopPending();
            }
        }
        if (stopNow) {
            program.requestStop();
        }
        return true;
    }

    /** Whether the program has been ready at least once. */
    public synchronized boolean wasReady() {
        return ready;
    }

    /** The control handler (HandlerEx): returns the Win32 code the handler answers with. */
    public int control(int control) {
        switch (control) {
            case SERVICE_CONTROL_INTERROGATE -> {
                synchronized (this) {
                    if (current != null) {
                        reporter.report(current);
                    }
                }
                return NO_ERROR;
            }
            case SERVICE_CONTROL_STOP, SERVICE_CONTROL_SHUTDOWN, SERVICE_CONTROL_PRESHUTDOWN -> {
                boolean stopNow;
                synchronized (this) {
                    // Before the program has been started, serviceMain stops it as soon as start returns.
                    stopNow = !stopRequested && started && !ended;
                    stopRequested = true;
                    if (stopNow) {
                        reportStopPending();
                    }
                }
                if (stopNow) {
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
        return millis(stopTimeout.plus(STOP_MARGIN));
    }

    private void reportStopPending() {
        report(new Status(SERVICE_STOP_PENDING, 0, NO_ERROR, 0, 1, stopHintMs()));
    }

    /** Called periodically: a pending state reports progress with the next checkpoint, while the program progresses. */
    public synchronized void tick() {
        if (current == null || ended || !program.progressing()) {
            return;
        }
        if (current.state() == SERVICE_START_PENDING || current.state() == SERVICE_STOP_PENDING) {
            report(new Status(current.state(), current.controlsAccepted(), NO_ERROR, 0, current.checkPoint() + 1,
                    current.waitHintMs()));
        }
    }

    /**
     * Supervision ended cleanly: after a requested stop, or the program ended and the policy does not restart it.
     * STOPPED, with {@link #NOT_READY_EXIT_CODE} when the start failed for readiness or the program ended before it
     * was ever ready.
     */
    public synchronized void programStopped() {
        if (ended) {
            return; // already STOPPED (the host failed, and stopped the program after)
        }
        if (!ready && !stopRequested) {
            failureCode = NOT_READY_EXIT_CODE;
        }
        reportStopped();
    }

    /**
     * The restart policy gave up (or restart is never and the program ended on its own). If a stop was asked for,
     * this is simply the end of the stop; otherwise the host leaves without STOPPED so SCM's failure actions fire.
     * In a shared host process the other services go on: this service alone reports STOPPED with
     * ERROR_SERVICE_SPECIFIC_ERROR and the program's exit code (or {@link #GAVE_UP_EXIT_CODE}), and its failure
     * actions fire because a shared service's registration sets the failure-actions flag.
     */
    public void gaveUp(int programExitCode) {
        synchronized (this) {
            if (stopRequested) {
                if (!ended) {
                    reportStopped();
                }
                return;
            }
            if (shared) {
                if (!ended) {
                    failureCode = programExitCode != 0 ? programExitCode : GAVE_UP_EXIT_CODE;
                    reportStopped();
                }
                return;
            }
            ended = true;
        }
        processExit.exit(programExitCode != 0 ? programExitCode : GAVE_UP_EXIT_CODE);
    }

    private void reportStopped() {
        ended = true;
        report(failureCode == 0 ? new Status(SERVICE_STOPPED, 0, NO_ERROR, 0, 0, 0)
                : new Status(SERVICE_STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, failureCode, 0, 0));
    }

    /**
     * The host itself failed (an exception in the service main): STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and
     * {@code code}, and a program already started is asked to stop. Nothing once the service has ended.
     */
    public void hostFailed(int code) {
        boolean stopProgram;
        synchronized (this) {
            if (ended) {
                return;
            }
            stopProgram = started && !stopRequested;
            stopRequested = true;
            failureCode = code;
            reportStopped();
        }
        if (stopProgram) {
            program.requestStop();
        }
    }

    public synchronized Status current() {
        return current;
    }

    private void report(Status status) {
        current = status;
        reporter.report(status);
    }
}
