package dev.svcctl.windows.host;

import dev.svcctl.supervisor.SupervisorEvent;
import java.util.Optional;

/**
 * The lifecycle events the service host writes to the Event Log, with their event ids (stable, documented in
 * docs/windows.md). The message is the supervisor's own line; the event source is the service's name.
 */
public enum LifecycleEvent {
    STARTED(1000, EventLog.Type.INFORMATION),
    STOPPED(1001, EventLog.Type.INFORMATION),
    EXITED(1002, EventLog.Type.WARNING),
    RESTARTING(1003, EventLog.Type.INFORMATION),
    GAVE_UP(1004, EventLog.Type.ERROR),
    START_FAILED(1005, EventLog.Type.ERROR),
    UNHEALTHY(1006, EventLog.Type.WARNING),
    KILLED(1007, EventLog.Type.WARNING),
    WARNING(1008, EventLog.Type.WARNING),
    NOT_READY(1009, EventLog.Type.ERROR),
    READY(1010, EventLog.Type.INFORMATION);

    private final int eventId;
    private final EventLog.Type type;

    LifecycleEvent(int eventId, EventLog.Type type) {
        this.eventId = eventId;
        this.type = type;
    }

    public int eventId() {
        return eventId;
    }

    public EventLog.Type type() {
        return type;
    }

    /**
     * The event for a supervisor event: an exit is only worth one ("exited", a crash) when no stop was requested;
     * stopped and gave-up come from how supervision ended, not from here; ready and not-ready are written by the
     * host, which knows whether the spec has readiness and whether the service has been RUNNING yet.
     */
    public static Optional<LifecycleEvent> of(SupervisorEvent event, boolean stopRequested) {
        return Optional.ofNullable(switch (event.kind()) {
            case STARTED -> STARTED;
            case EXITED -> stopRequested ? null : EXITED;
            case RESTARTING -> RESTARTING;
            case START_FAILED -> START_FAILED;
            case UNHEALTHY, WATCHDOG -> UNHEALTHY;
            case KILLING -> KILLED;
            case WARNING, RELOAD_FAILED -> WARNING;
            case HEALTH, STOPPING, RELOADED, FINISHED, READY, NOT_READY, HOOK -> null;
        });
    }
}
