package dev.svcctl.windows.jna;

import dev.svcctl.spec.Signal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link WindowsProcessPort}'s bookkeeping of the job object of every process it started, free of JNA so that
 * tests drive it (and the real supervisor over it) with stand-in jobs.
 *
 * <p>A job lives as long as its tree, not as long as its first process: when the process the port started ends,
 * its job is closed at once if nothing of the tree is left, and otherwise stays open until {@link #killAll} (the
 * supervisor's {@code killDescendants}, which it calls as each run ends) terminates and closes it, counting the
 * leftovers. So every run's job is terminated and its handle closed, and no grandchild outlives its run.
 */
final class RunJobs {
    /**
     * The exit code a tree ended by svcctl gets (TerminateJobObject's uExitCode): 128 + SIGKILL's number, as the JDK
     * reports a killed POSIX process, so the supervisor shows "exit code 137 (KILL)" and records the KILL, not an
     * exit 1 the program could have chosen itself (the code TerminateProcess callers such as taskkill use).
     */
    static final int KILLED_EXIT_CODE = 128 + Signal.KILL.linuxNumber();

    /** The job of each started process that is still alive, for a KILL by pid. */
    private final Map<Long, JobObject> live = new ConcurrentHashMap<>();
    /** Every job not yet terminated and closed. */
    private final Set<JobObject> open = ConcurrentHashMap.newKeySet();

    /** Keeps {@code job} for the process {@code pid}, whose end {@code exit} completes with. */
    void add(long pid, JobObject job, CompletableFuture<?> exit) {
        open.add(job);
        live.put(pid, job);
        exit.thenRun(() -> ended(pid, job));
    }

    private void ended(long pid, JobObject job) {
        live.remove(pid, job);
        if (job.activeProcesses() == 0) {
            close(job); // nothing left to kill; the handle goes now rather than at the next killAll
        }
    }

    private int close(JobObject job) {
        int killed = job.terminate(KILLED_EXIT_CODE);
        open.remove(job);
        return killed;
    }

    /** Terminates the job of the live process {@code pid}; nothing when it has gone. */
    void kill(long pid) {
        JobObject job = live.get(pid);
        if (job != null) {
            close(job);
        }
    }

    /** Terminates and closes every open job, those of ended processes included; answers how many processes were alive in them. */
    int killAll() {
        int killed = 0;
        for (JobObject job : open) {
            killed += close(job);
        }
        return killed;
    }

    /** How many jobs are open (not yet terminated and closed). */
    int openJobs() {
        return open.size();
    }
}
