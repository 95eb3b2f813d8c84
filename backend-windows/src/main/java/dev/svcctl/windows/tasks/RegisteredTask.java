package dev.svcctl.windows.tasks;

import java.util.OptionalLong;

/**
 * A task as Task Scheduler reports it: its XML as registered (which carries svcctl's ownership marker), whether it is
 * enabled, whether an instance runs now, and the result of the last run (a process exit code or an SCHED_S_/SCHED_E_
 * HRESULT; empty when it has never run).
 */
public record RegisteredTask(String name, String xml, boolean enabled, boolean running, OptionalLong lastResult) {
    /** SCHED_S_TASK_HAS_NOT_RUN: what Last Result shows before the first run. */
    public static final long SCHED_S_TASK_HAS_NOT_RUN = 0x41303;
    /** SCHED_S_TASK_RUNNING: what Last Result shows while an instance runs. */
    public static final long SCHED_S_TASK_RUNNING = 0x41301;
    /** SCHED_S_TASK_TERMINATED: the last run was ended by a user (schtasks /End). */
    public static final long SCHED_S_TASK_TERMINATED = 0x41306;

    /** Whether the last result says the program failed rather than "never ran", "running" or "ended by a user". */
    public boolean lastRunFailed() {
        if (lastResult.isEmpty()) {
            return false;
        }
        long r = lastResult.getAsLong();
        return r != 0 && r != SCHED_S_TASK_HAS_NOT_RUN && r != SCHED_S_TASK_RUNNING && r != SCHED_S_TASK_TERMINATED;
    }
}
