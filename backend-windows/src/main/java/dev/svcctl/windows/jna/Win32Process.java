package dev.svcctl.windows.jna;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A program started by {@link WindowsProcessPort}, as the {@link Process} the supervisor expects. One daemon thread
 * waits on the process handle (WaitForSingleObject), reads the exit code (GetExitCodeProcess) and closes the handle;
 * everything else answers from that. Destroying it terminates its job, so the whole tree goes.
 *
 * <p>{@link #toHandle()} answers a {@link ProcessHandle} over the same process and job (the supervisor keeps the
 * program's main process as one, and a timed-out {@code exec} health check or reload command is ended through
 * {@link #descendants()}, which the JDK implements with {@code toHandle()}). The handle reports no children or
 * descendants: the program's tree is its job, which destroying the handle or the process ends as a whole.
 */
final class Win32Process extends Process {
    private final long pid;
    private final JobObject job;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exitCode;
    private final Handle handle = new Handle();

    /** A process whose exit code {@code exitCode} completes with; the waiting is someone else's. */
    Win32Process(long pid, JobObject job, InputStream stdout, InputStream stderr, CompletableFuture<Integer> exitCode) {
        this.pid = pid;
        this.job = job;
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }

    /** A started Windows process: a daemon thread waits on its handle, reads its exit code and closes the handle. */
    static Win32Process waitingOn(long pid, WinNT.HANDLE process, JobObject job, InputStream stdout,
                                  InputStream stderr) {
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread waiter = new Thread(() -> exitCode.complete(await(process)), "svcctl-wait-" + pid);
        waiter.setDaemon(true);
        waiter.start();
        return new Win32Process(pid, job, stdout, stderr, exitCode);
    }

    private static int await(WinNT.HANDLE process) {
        Kernel32.INSTANCE.WaitForSingleObject(process, WinBase.INFINITE);
        IntByReference code = new IntByReference();
        boolean read = Kernel32.INSTANCE.GetExitCodeProcess(process, code);
        Kernel32.INSTANCE.CloseHandle(process);
        return read ? code.getValue() : 1;
    }

    JobObject job() {
        return job;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exitCode.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exitCode.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        if (!exitCode.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exitCode.join();
    }

    @Override
    public void destroy() {
        job.terminate(RunJobs.KILLED_EXIT_CODE);
    }

    @Override
    public Process destroyForcibly() {
        destroy();
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return false;
    }

    @Override
    public boolean isAlive() {
        return !exitCode.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exitCode.thenApply(code -> this);
    }

    @Override
    public ProcessHandle toHandle() {
        return handle;
    }

    /** This process as a {@link ProcessHandle}; equal only to itself. */
    private final class Handle implements ProcessHandle {
        @Override
        public long pid() {
            return pid;
        }

        /** The port started it, so its parent is this process. */
        @Override
        public Optional<ProcessHandle> parent() {
            return Optional.of(ProcessHandle.current());
        }

        /** None to see: the job holds the tree, and destroying this handle ends all of it. */
        @Override
        public Stream<ProcessHandle> children() {
            return Stream.empty();
        }

        /** As {@link #children()}. */
        @Override
        public Stream<ProcessHandle> descendants() {
            return Stream.empty();
        }

        /** What the JDK knows of the pid while the process lives (the pid may be reused once it has ended). */
        @Override
        public Info info() {
            return isAlive() ? ProcessHandle.of(pid).map(ProcessHandle::info).orElse(NoInfo.INSTANCE) : NoInfo.INSTANCE;
        }

        @Override
        public CompletableFuture<ProcessHandle> onExit() {
            return exitCode.thenApply(code -> this);
        }

        @Override
        public boolean supportsNormalTermination() {
            return false;
        }

        /** Terminates the job: the process and its whole tree. */
        @Override
        public boolean destroy() {
            boolean alive = isAlive();
            Win32Process.this.destroy();
            return alive;
        }

        @Override
        public boolean destroyForcibly() {
            return destroy();
        }

        @Override
        public boolean isAlive() {
            return Win32Process.this.isAlive();
        }

        @Override
        public int compareTo(ProcessHandle other) {
            return Long.compare(pid, other.pid());
        }
    }

    /** The info of a process that has ended: nothing known. */
    private enum NoInfo implements ProcessHandle.Info {
        INSTANCE;

        @Override
        public Optional<String> command() {
            return Optional.empty();
        }

        @Override
        public Optional<String> commandLine() {
            return Optional.empty();
        }

        @Override
        public Optional<String[]> arguments() {
            return Optional.empty();
        }

        @Override
        public Optional<java.time.Instant> startInstant() {
            return Optional.empty();
        }

        @Override
        public Optional<java.time.Duration> totalCpuDuration() {
            return Optional.empty();
        }

        @Override
        public Optional<String> user() {
            return Optional.empty();
        }
    }
}
