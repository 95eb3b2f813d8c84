package dev.svcctl.windows.jna;

/**
 * One program's job object as the port's bookkeeping ({@link RunJobs}) and {@link Win32Process} use it: how many
 * processes of its tree are alive, and the end of the whole tree. {@link ProgramJob} is the real one (a Windows job
 * handle); tests use stand-ins, so the bookkeeping runs without Windows.
 */
interface JobObject {
    /** How many processes of the tree are still alive (0 once the job is closed). */
    int activeProcesses();

    /**
     * Kills the whole tree at once and releases the job (its handle is closed); answers how many processes were alive.
     * A second call does nothing and answers 0.
     */
    int terminate(int exitCode);
}
