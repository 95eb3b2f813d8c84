package dev.svcctl.supervisor;

/** Receives the supervisor's lifecycle events; called from the supervisor's own thread, so it must not block. */
@FunctionalInterface
public interface SupervisorListener {
    void onEvent(SupervisorEvent event);

    SupervisorListener NONE = event -> { };
}
