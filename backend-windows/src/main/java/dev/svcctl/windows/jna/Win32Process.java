package dev.svcctl.windows.jna;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A program started by {@link WindowsProcessPort}, as the {@link Process} the supervisor expects. One daemon thread
 * waits on the process handle (WaitForSingleObject), reads the exit code (GetExitCodeProcess) and closes the handle;
 * everything else answers from that. Destroying it terminates its job, so the whole tree goes.
 */
final class Win32Process extends Process {
    private final long pid;
    private final ProgramJob job;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    Win32Process(long pid, WinNT.HANDLE process, ProgramJob job, InputStream stdout, InputStream stderr) {
        this.pid = pid;
        this.job = job;
        this.stdout = stdout;
        this.stderr = stderr;
        Thread waiter = new Thread(() -> await(process), "svcctl-wait-" + pid);
        waiter.setDaemon(true);
        waiter.start();
    }

    private void await(WinNT.HANDLE process) {
        Kernel32.INSTANCE.WaitForSingleObject(process, WinBase.INFINITE);
        IntByReference code = new IntByReference();
        boolean read = Kernel32.INSTANCE.GetExitCodeProcess(process, code);
        Kernel32.INSTANCE.CloseHandle(process);
        exitCode.complete(read ? code.getValue() : 1);
    }

    ProgramJob job() {
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
        job.terminate(1);
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
}
