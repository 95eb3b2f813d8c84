package dev.svcctl.supervisor;

import com.sun.jna.Native;
import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Linux (and, without the subreaper, the watchdog and the FIFOs, other POSIX systems): signals through libc's
 * kill(2), orphans kept through prctl(PR_SET_CHILD_SUBREAPER), zombies of re-parented orphans reaped with waitpid
 * on their own pid only, so the JDK still collects the exit status of the processes it started, and a
 * {@link TreeWatchdog} that kills the program's tree should this process be killed first.
 */
public final class PosixProcessPort implements ProcessPort {
    private static final int SIGKILL = 9;
    /** The largest pipe an unprivileged process may ask for by default (/proc/sys/fs/pipe-max-size). */
    private static final int PIPE_BYTES = 1 << 20;
    /** A safety net only: a tree still not empty after this long holds processes no signal can end (state D). */
    private static final long KILL_LOOP_LIMIT = TimeUnit.SECONDS.toNanos(10);
    private final LibC libc = LibC.load();
    private final boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /** Pids of live processes started through this port: the JDK reaps those, we must not. */
    private final Set<Long> started = ConcurrentHashMap.newKeySet();
    private final Object startLock = new Object();
    /** Linux: kills the program's whole tree should this process die without doing so (see TreeWatchdog). */
    private volatile TreeWatchdog watchdog;

    @Override
    public boolean keepOrphans() {
        return linux && libc.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        synchronized (startLock) {
            if (linux) {
                if (watchdog == null || !watchdog.process().isAlive()) {
                    watchdog = TreeWatchdog.start();
                    track(watchdog.process());
                }
                watchdog.mark(builder.environment());
            }
            return track(builder.start());
        }
    }

    /** Without the watchdog's mark: the program's descendants outlive this process if it dies. */
    @Override
    public Process startLeavingDescendants(ProcessBuilder builder) throws IOException {
        synchronized (startLock) {
            return track(builder.start());
        }
    }

    private Process track(Process process) {
        long pid = process.pid();
        started.add(pid);
        process.onExit().thenRun(() -> started.remove(pid));
        return process;
    }

    private long watchdogPid() {
        TreeWatchdog current = watchdog;
        return current == null ? -1 : current.process().pid();
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
    public void abort(long pid) throws IOException {
        if (libc.kill((int) pid, LibC.SIGABRT) != 0 && Native.getLastError() != LibC.ESRCH) {
            throw new IOException("cannot send SIGABRT to pid " + pid + " (errno " + Native.getLastError() + ")");
        }
    }

    /**
     * A child of this process (a daemon re-parented to the subreaper) is collected by a thread of its own blocked
     * in waitpid, so its exit status is known; it joins the processes orphan reaping leaves alone. Any other
     * process is watched through the JDK (status unknown).
     */
    @Override
    public CompletableFuture<ExitStatus> watch(long pid) {
        boolean child = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .orElse(-1L) == ProcessHandle.current().pid();
        if (!child) {
            return ProcessPort.super.watch(pid);
        }
        started.add(pid);
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            int[] status = new int[1];
            int collected;
            do {
                collected = libc.waitpid((int) pid, status, 0);
            } while (collected < 0 && Native.getLastError() == LibC.EINTR);
            started.remove(pid);
            exit.complete(collected == pid ? ExitStatus.ofWaitStatus(status[0]) : ExitStatus.UNKNOWN);
        }, "svcctl-watch-" + pid);
        waiter.setDaemon(true);
        waiter.start();
        return exit;
    }

    /**
     * On Linux, each pass walks the tree from this process down through /proc and kills every process the moment
     * it is found (before its children are read, so a forking process stops forking as early as possible), reaping
     * the zombies among this process's own children; passes repeat until one finds no live process. A process
     * forking as fast as it can gains at most the children it makes during one pass, and those are found in the
     * next, so a fork storm is emptied within a few passes, with no pile of zombies between them.
     */
    @Override
    public int killDescendants() {
        if (!linux) {
            return killDescendantsByHandles();
        }
        long self = ProcessHandle.current().pid();
        long spared = watchdogPid();
        Set<Long> killed = new HashSet<>();
        long deadline = System.nanoTime() + KILL_LOOP_LIMIT;
        while (System.nanoTime() < deadline) {
            // A pass ends the loop only when it found every process already ended: one it kills may have
            // children that are being handed over to this process right now, found by the next pass.
            int alive = 0;
            Deque<Long> todo = new ArrayDeque<>();
            for (long child : ProcTree.children(self)) {
                if (child == spared) {
                    continue;
                }
                if (ProcTree.hasEnded(child)) {
                    if (!started.contains(child)) {
                        libc.waitpid((int) child, new int[1], LibC.WNOHANG);
                    }
                    continue;
                }
                libc.kill((int) child, SIGKILL);
                alive++;
                killed.add(child);
                todo.add(child);
            }
            while (!todo.isEmpty()) {
                for (long pid : ProcTree.children(todo.pop())) {
                    if (!ProcTree.hasEnded(pid)) {
                        libc.kill((int) pid, SIGKILL);
                        alive++;
                        killed.add(pid);
                        todo.add(pid);
                    }
                }
            }
            if (alive == 0) {
                return killed.size();
            }
            // Leaves the killed processes a moment of CPU to die in: on a busy machine a tight loop would keep it.
            pause(1);
        }
        return killed.size();
    }

    private int killDescendantsByHandles() {
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
            pause(10);
        }
        return killed;
    }

    @Override
    public Optional<OpenFifo> openFifo(Path path) throws IOException {
        // Linux only: there /proc/self/fd/N reopens the FIFO itself; elsewhere /dev/fd/N may duplicate the
        // read-write descriptor, and the reader would never see end-of-file.
        if (!linux || libc.mkfifo(path.toString(), 0600) != 0) {
            return Optional.empty();
        }
        int fd = libc.open(path.toString(), LibC.O_RDWR_NONBLOCK_NOFOLLOW_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open the FIFO " + path + " (errno " + Native.getLastError() + ")");
        }
        Path reopen = Path.of("/proc/self/fd/" + fd);
        try {
            BasicFileAttributes opened = Files.readAttributes(reopen, BasicFileAttributes.class);
            if (!opened.isOther() || !Integer.valueOf(libc.geteuid()).equals(Files.getAttribute(reopen, "unix:uid"))) {
                throw new IOException(path + " was replaced by something other than svcctl's FIFO");
            }
        } catch (IOException e) {
            libc.close(fd);
            throw e;
        }
        libc.fcntl(fd, LibC.F_SETPIPE_SZ, PIPE_BYTES);
        return Optional.of(new OpenFifo() {
            private boolean closed;

            @Override
            public Path reopenPath() {
                return reopen;
            }

            @Override
            public synchronized void close() {
                // Once only: the number may name another file afterwards.
                if (!closed) {
                    closed = true;
                    libc.close(fd);
                }
            }
        });
    }

    @Override
    public OptionalInt userId() {
        return OptionalInt.of(libc.geteuid());
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

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
