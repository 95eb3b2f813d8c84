package dev.svcctl.windows.host;

import dev.svcctl.spec.Durations;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.supervisor.Outcome;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.supervisor.Supervisor;
import dev.svcctl.supervisor.SupervisorEvent;
import dev.svcctl.supervisor.SupervisorSettings;
import dev.svcctl.state.SupervisorState;
import dev.svcctl.windows.WindowsPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code svcctl host --name NAME} runs inside the service: the {@link Supervisor} as the state machine's
 * {@link ServiceHostStateMachine.Program}, lifecycle events to the {@link EventLog}, readiness to the state machine
 * (the supervisor's READY, or its STARTED when the spec has no {@code readiness}, makes the service RUNNING; its
 * NOT_READY before that fails the start), and the end of supervision turned into the end of the service: STOPPED
 * after a requested stop or a clean end, else the state machine's gave-up path (exit without STOPPED, so SCM's
 * failure actions fire). Free of JNA: the ports come from outside.
 */
public final class WindowsServiceHost implements ServiceHostStateMachine.Program {
    /** The host's exit code when supervision itself failed before the program had ever ended. */
    static final int NO_EXIT_CODE = 1;

    private final ServiceSpec spec;
    private final SupervisorSettings settings;
    private final ProcessPort port;
    private final EventLog eventLog;
    private final ServiceHostStateMachine.ProcessExit processExit;
    /** One of several services of a shared host process (see ServiceGroupHost). */
    private final boolean shared;
    private volatile ServiceHostStateMachine machine;
    private volatile Supervisor supervisor;
    private volatile boolean stopRequested;
    /** Watches the supervisor until its end is reported to the state machine; null until started. */
    private volatile Thread watcher;

    public WindowsServiceHost(ServiceSpec spec, SupervisorSettings settings, ProcessPort port, EventLog eventLog,
                              ServiceHostStateMachine.ProcessExit processExit) {
        this(spec, settings, port, eventLog, processExit, false);
    }

    /** @param shared one of the services of a shared host process: it ends STOPPED, never the process */
    public WindowsServiceHost(ServiceSpec spec, SupervisorSettings settings, ProcessPort port, EventLog eventLog,
                              ServiceHostStateMachine.ProcessExit processExit, boolean shared) {
        this.shared = shared;
        this.spec = spec;
        this.settings = settings;
        this.port = port;
        this.eventLog = eventLog;
        this.processExit = processExit;
    }

    /**
     * Where a service's files go on Windows: file logs by default, under %ProgramData%\svcctl\logs\NAME unless the
     * spec names a directory, the state file under %ProgramData%\svcctl\run, where status reads it.
     */
    public static SupervisorSettings settings(ServiceSpec spec, Map<String, String> environment) {
        return new SupervisorSettings(LogTarget.FILE, Path.of(WindowsPaths.logDirectory(spec.name())),
                Optional.of(WindowsPaths.onHost(WindowsPaths.stateFile(spec.name()), environment::get)), environment,
                Clock.systemDefaultZone());
    }

    /** The state machine SCM talks to, with this host as its program; what the dispatcher's service main runs. */
    public ServiceHostStateMachine machine(ServiceHostStateMachine.StatusReporter reporter) {
        machine = new ServiceHostStateMachine(reporter, this, processExit, spec.stop().timeout(),
                ServiceHostStateMachine.startWaitHint(spec.readiness()), shared);
        return machine;
    }

    @Override
    public void start() throws ServiceHostStateMachine.ProgramStartException {
        Supervisor created = new Supervisor(spec, settings, port, this::onEvent);
        try {
            created.start();
        } catch (IOException e) {
            String message = "cannot open the log files of " + spec.name() + ": " + e;
            eventLog.report(LifecycleEvent.START_FAILED.type(), LifecycleEvent.START_FAILED.eventId(), message);
            throw new ServiceHostStateMachine.ProgramStartException(NO_EXIT_CODE, message);
        }
        supervisor = created;
        Thread started = new Thread(this::awaitEnd, "svcctl-host-" + spec.name());
        started.setDaemon(true);
        started.start();
        watcher = started;
    }

    /** While starting, and then as long as the thread that turns the end of supervision into the service's end runs. */
    @Override
    public boolean progressing() {
        Thread current = watcher;
        return current == null || current.isAlive();
    }

    @Override
    public void requestStop() {
        stopRequested = true;
        supervisor.stop();
    }

    /** On the supervisor's thread (and only there, so READY and NOT_READY never race each other). */
    void onEvent(SupervisorEvent event) {
        LifecycleEvent.of(event, stopRequested)
                .ifPresent(e -> eventLog.report(e.type(), e.eventId(), event.message()));
        switch (event.kind()) {
            case STARTED -> {
                if (spec.readiness().isEmpty()) {
                    machine.ready();
                }
            }
            case READY -> {
                if (spec.readiness().isPresent()) {
                    eventLog.report(LifecycleEvent.READY.type(), LifecycleEvent.READY.eventId(), event.message());
                }
                machine.ready();
            }
            case NOT_READY -> onNotReady(event);
            default -> {
            }
        }
    }

    private void onNotReady(SupervisorEvent event) {
        String what = spec.readiness()
                .map(r -> " within " + Durations.format(r.timeout()) + " (" + describe(r) + ")")
                .orElse("");
        boolean startFails = !machine.wasReady() && !stopRequested;
        String message = spec.name() + " did not become ready" + what + ": " + event.message()
                + (startFails ? "; the service start failed (service-specific error "
                        + ServiceHostStateMachine.NOT_READY_EXIT_CODE + ")"
                        : stopRequested ? "; the service is stopping"
                        : "; the restart policy decides, the service stays running");
        eventLog.report(LifecycleEvent.NOT_READY.type(), LifecycleEvent.NOT_READY.eventId(), message);
        if (startFails) {
            stopRequested = true;
            machine.notReady();
        }
    }

    private static String describe(ReadinessSpec readiness) {
        return "readiness." + readiness.kind().key() + " " + (readiness.kind() == ReadinessSpec.Kind.EXEC
                ? String.join(" ", readiness.command()) : readiness.target());
    }

    private void awaitEnd() {
        Outcome outcome;
        try {
            outcome = supervisor.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (outcome.exitCode() == 0) {
            eventLog.report(LifecycleEvent.STOPPED.type(), LifecycleEvent.STOPPED.eventId(), outcome.reason());
            machine.programStopped();
        } else {
            eventLog.report(LifecycleEvent.GAVE_UP.type(), LifecycleEvent.GAVE_UP.eventId(), outcome.reason());
            machine.gaveUp(lastExitCode());
        }
    }

    private int lastExitCode() {
        SupervisorState state = supervisor.state();
        return state == null ? NO_EXIT_CODE : state.lastExit().map(SupervisorState.Exit::code).orElse(NO_EXIT_CODE);
    }
}
