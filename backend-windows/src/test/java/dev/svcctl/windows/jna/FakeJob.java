package dev.svcctl.windows.jna;

import java.util.concurrent.CompletableFuture;

/**
 * A stand-in job object: a program's tree as a count of live processes, the program's own exit as a future (what the
 * port's waiter thread completes from GetExitCodeProcess). Terminating it ends every process, the program with the
 * job's exit code, as TerminateJobObject does; it is then closed.
 */
final class FakeJob implements JobObject {
    private final CompletableFuture<Integer> programExit;
    private int alive;
    private boolean closed;

    /** A job holding the program alone. */
    FakeJob(CompletableFuture<Integer> programExit) {
        this.programExit = programExit;
        this.alive = 1;
    }

    @Override
    public synchronized int activeProcesses() {
        return closed ? 0 : alive;
    }

    @Override
    public synchronized int terminate(int exitCode) {
        if (closed) {
            return 0;
        }
        int wasAlive = alive;
        alive = 0;
        closed = true;
        programExit.complete(exitCode);
        return wasAlive;
    }

    /** The program starts a child of its own, in the job. */
    synchronized void programStartsAChild() {
        if (!closed && !programExit.isDone()) {
            alive++;
        }
    }

    /** The program ends by itself with {@code code}; its children stay. */
    synchronized void programExits(int code) {
        if (!closed && !programExit.isDone()) {
            alive--;
            programExit.complete(code);
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Processes of the tree that are alive (whether or not the job was closed: closing kills them all). */
    synchronized int aliveInTree() {
        return alive;
    }
}
