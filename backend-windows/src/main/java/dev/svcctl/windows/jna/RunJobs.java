package dev.svcctl.windows.jna;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link WindowsProcessPort}'s bookkeeping of the job object of every process it started, free of JNA so that
 * tests drive it (and the real supervisor over it) with stand-in jobs: a live process's job by pid (for a KILL), and
 * {@link #killAll} for {@code killDescendants}.
 */
final class RunJobs {
    /** The exit code a tree ended by svcctl gets (TerminateJobObject's uExitCode). */
    static final int KILLED_EXIT_CODE = 1;

    private final Map<Long, JobObject> jobs = new ConcurrentHashMap<>();

    /** Keeps {@code job} for the process {@code pid} until {@code exit} completes. */
    void add(long pid, JobObject job, CompletableFuture<?> exit) {
        jobs.put(pid, job);
        exit.thenRun(() -> jobs.remove(pid, job));
    }

    /** Terminates the job of the live process {@code pid}; nothing when it has gone. */
    void kill(long pid) {
        JobObject job = jobs.get(pid);
        if (job != null) {
            job.terminate(KILLED_EXIT_CODE);
        }
    }

    /** Terminates every job; answers how many processes were alive in them. */
    int killAll() {
        int killed = 0;
        for (JobObject job : jobs.values()) {
            killed += job.terminate(KILLED_EXIT_CODE);
        }
        return killed;
    }
}
