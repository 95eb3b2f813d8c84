package dev.svcctl.supervisor;

import com.sun.jna.Native;
import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linux (and, without the subreaper, other POSIX systems): signals through libc's kill(2), orphans kept through
 * prctl(PR_SET_CHILD_SUBREAPER), and zombies of re-parented orphans reaped with waitpid on their own pid only, so
 * the JDK still collects the exit status of the processes it started.
 */
public final class PosixProcessPort implements ProcessPort {
    private static final int SIGKILL = 9;
    /** The largest pipe an unprivileged process may ask for by default (/proc/sys/fs/pipe-max-size). */
    private static final int PIPE_BYTES = 1 << 20;
    private final LibC libc = LibC.load();
    private final boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /** Pids of live processes started through this port: the JDK reaps those, we must not. */
    private final Set<Long> started = ConcurrentHashMap.newKeySet();
    private final Object startLock = new Object();

    @Override
    public boolean keepOrphans() {
        return linux && libc.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        synchronized (startLock) {
            Process process = builder.start();
            long pid = process.pid();
            started.add(pid);
            process.onExit().thenRun(() -> started.remove(pid));
            return process;
        }
    }

    @Override
    public void signal(long pid, Signal signal) throws IOException {
        if (libc.kill((int) pid, signal.linuxNumber()) != 0) {
            int errno = Native.getLastError();
            if (errno != LibC.ESRCH) {
                throw new IOException("cannot send " + signal.sigName() + " to pid " + pid + " (errno " + errno + ")");
            }
        }
    }

    @Override
    public int killDescendants() {
        int killed = 0;
        for (int round = 0; round < 100; round++) {
            List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            reapOrphans();
            if (alive.isEmpty()) {
                return killed;
            }
            for (ProcessHandle p : alive) {
                if (libc.kill((int) p.pid(), SIGKILL) == 0) {
                    killed++;
                }
            }
            pause();
        }
        return killed;
    }

    @Override
    public boolean makeFifo(java.nio.file.Path path) {
        return libc.mkfifo(path.toString(), 0600) == 0;
    }

    @Override
    public void enlargePipe(java.nio.file.Path path) {
        if (!linux) {
            return;
        }
        int fd = libc.open(path.toString(), LibC.O_RDONLY_NONBLOCK);
        if (fd >= 0) {
            libc.fcntl(fd, LibC.F_SETPIPE_SZ, PIPE_BYTES);
            libc.close(fd);
        }
    }

    @Override
    public void reapOrphans() {
        synchronized (startLock) {
            ProcessHandle.current().children().forEach(child -> {
                if (!started.contains(child.pid())) {
                    libc.waitpid((int) child.pid(), new int[1], LibC.WNOHANG);
                }
            });
        }
    }

    @Override
    public Runnable onSignals(Runnable onStop, Runnable onReload) {
        return PosixSignals.install(onStop, onReload);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
