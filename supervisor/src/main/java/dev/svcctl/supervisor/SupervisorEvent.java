package dev.svcctl.supervisor;

import java.util.OptionalLong;

/** Something that happened to the supervised program, for whoever hosts the supervisor to print or forward. */
public record SupervisorEvent(Kind kind, String message, OptionalLong pid) {

    public enum Kind {
        STARTED, START_FAILED, EXITED, RESTARTING, UNHEALTHY, HEALTH, STOPPING, KILLING, RELOADED, RELOAD_FAILED,
        WARNING,
        /** The run became ready (its readiness check passed; at once after STARTED without readiness). */
        READY,
        /** The run was not ready within readiness.timeout: a failed start, stopped and restarted like a crash. */
        NOT_READY,
        /** The program missed its watchdog (or sent WATCHDOG=trigger): aborted and restarted like a crash. */
        WATCHDOG,
        /** A hook (hooks.preStart, hooks.postStop) started or ended; its failures come as START_FAILED or WARNING. */
        HOOK,
        FINISHED
    }

    static SupervisorEvent of(Kind kind, String message) {
        return new SupervisorEvent(kind, message, OptionalLong.empty());
    }

    static SupervisorEvent of(Kind kind, String message, long pid) {
        return new SupervisorEvent(kind, message, OptionalLong.of(pid));
    }
}
