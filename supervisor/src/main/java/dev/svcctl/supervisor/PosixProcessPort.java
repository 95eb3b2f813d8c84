package dev.svcctl.supervisor;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Linux (and, without the subreaper, the watchdog and the FIFOs, other POSIX systems): signals through libc's
 * kill(2), orphans kept through prctl(PR_SET_CHILD_SUBREAPER) and reaped as they end by one thread blocked in
 * waitid (no timer, no scan of /proc), the program's tree killed by walking only that tree with pidfds, and a
 * {@link TreeWatchdog} that kills the program's tree should this process be killed first. The JDK still collects
 * the exit status of the processes it started: only the others are reaped here.
 */
public final class PosixProcessPort implements ProcessPort {
    private static final int SIGKILL = 9;
    /** The largest pipe an unprivileged process may ask for by default (/proc/sys/fs/pipe-max-size). */
    private static final int PIPE_BYTES = 1 << 20;
    /** A safety net only: a tree still not empty after this long holds processes no signal can end (state D). */
    private static final long KILL_LOOP_LIMIT = TimeUnit.SECONDS.toNanos(10);
    /** How long an ended child nobody else collects stays a zombie before the reaper takes it. */
    static final long ORPHAN_GRACE_MILLIS = 100;
    /** How long a probe killed for overrunning is waited for before a thread of its own collects it. */
    private static final long KILLED_PROBE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A CPU mask for the 4096 CPUs cpuAffinity may name (the kernel ignores bits beyond its own count). */
    private static final int CPU_MASK_LONGS = 4096 / 64;
    private final LibC libc = LibC.load();
    private final boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /**
     * Pids of live processes started (or watched) through any instance of this port: the JDK or a watch waiter
     * reaps those, we must not. Process-wide, as the subreaper and the reaper are: every child of this process is
     * every instance's business.
     */
    private static final Set<Long> started = ConcurrentHashMap.newKeySet();
    /** Names the service a process was started for, when one process hosts several ({@link #forService}). */
    static final String SERVICE_VARIABLE = "SVCCTL_SERVICE";
    /** The services this port has been asked for ({@link #forService}). */
    private final Set<String> services = ConcurrentHashMap.newKeySet();
    private static final Object startLock = new Object();
    /** Linux: kills the program's whole tree should this process die without doing so (see TreeWatchdog). */
    private volatile TreeWatchdog watchdog;
    /** The thread that reaps orphans as they end, one per process; started with the subreaper. */
    private static Thread reaper;
    /** Counts starts, so a reaper that found no child waits for the next start instead of polling. */
    private static long starts;
    /** Cleared at the first ENOSYS: the kernel predates pidfds (5.3), signals then go by pid. */
    private volatile boolean pidfds = true;

    /**
     * On Linux also starts the reaper: a daemon thread blocked in waitid(P_ALL, WEXITED | WNOWAIT), which the
     * kernel wakes when a child of this process ends (the event SIGCHLD announces), so an orphan re-parented to
     * this process is collected the moment it ends, and an idle supervisor costs no CPU for it.
     */
    @Override
    public boolean keepOrphans() {
        boolean kept = linux && libc.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
        synchronized (startLock) {
            if (kept && reaper == null) {
                reaper = new Thread(this::reapLoop, "svcctl-reaper");
                reaper.setDaemon(true);
                reaper.start();
            }
        }
        return kept;
    }

    /**
     * WNOWAIT leaves the ended child a zombie while it is looked at: one that was started through this port (or
     * is {@link #watch watched}) is the JDK's or its waiter's to collect, which they do at once; any other is an
     * orphan, collected here by its own pid once it has stayed a zombie for {@link #ORPHAN_GRACE_MILLIS}: a process
     * that other code of this JVM started through the JDK is then usually collected by the JDK's own waiter first,
     * but not surely (a waiter thread may wait longer for a CPU), hence the rule that the supervisor owns every
     * child of its JVM. The check and the collection hold the start lock, so a process that ends before
     * {@link #start} has recorded its pid is never taken from the JDK.
     */
    private void reapLoop() {
        int[] info = new int[LibC.SIGINFO_INTS];
        long candidate = -1;
        while (true) {
            long seenStarts;
            synchronized (startLock) {
                seenStarts = starts;
            }
            java.util.Arrays.fill(info, 0);
            if (libc.waitid(LibC.P_ALL, 0, info, LibC.WEXITED | LibC.WNOWAIT) != 0) {
                int errno = Native.getLastError();
                if (errno == LibC.ECHILD) {
                    // No child at all, so no descendant either: nothing can end before the next start.
                    awaitStart(seenStarts);
                } else if (errno != LibC.EINTR) {
                    pause(100);
                }
                continue;
            }
            long pid = info[LibC.SIGINFO_PID];
            if (pid <= 0 || started.contains(pid)) {
                // The JDK's reaper (or a watch waiter) collects it within moments; until then waitid shows it again.
                pause(1);
            } else if (pid != candidate) {
                candidate = pid;
                pause(ORPHAN_GRACE_MILLIS);
            } else {
                candidate = -1;
                synchronized (startLock) {
                    if (!started.contains(pid) && ProcTree.hasEnded(pid)) {
                        libc.waitpid((int) pid, new int[1], LibC.WNOHANG);
                    }
                }
            }
        }
    }

    private void awaitStart(long seenStarts) {
        synchronized (startLock) {
            while (starts == seenStarts) {
                try {
                    startLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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

    /**
     * Linux with glibc 2.34+ and pidfds (5.3+): the command is spawned with posix_spawnp (one clone sharing memory,
     * one exec; no helper program, no pipes, streams or reaper thread), stdin, stdout and stderr on /dev/null, every
     * other descriptor closed in the child, the signal mask emptied and every signal at its default, and marked for
     * the {@link TreeWatchdog} like every other start. The calling thread waits on a pidfd, collects the exit status
     * itself with waitpid and kills the probe's tree when the timeout passes (or the thread is interrupted). Anywhere
     * else, and for a file the kernel cannot exec (ENOEXEC: a script without {@code #!}, which the JDK runs with
     * /bin/sh), the JDK's way of {@link ProcessPort#runDiscarding}.
     */
    @Override
    public OptionalInt runDiscarding(List<String> command, Duration timeout) throws IOException, InterruptedException {
        QuietSpawn how = linux ? QuietSpawn.get(libc) : null;
        if (how == null || command.isEmpty()) {
            return ProcessPort.super.runDiscarding(command, timeout);
        }
        int pid;
        synchronized (startLock) {
            if (watchdog == null || !watchdog.process().isAlive()) {
                watchdog = TreeWatchdog.start();
                track(watchdog.process());
            }
            int[] spawned = new int[1];
            int error = Spawn.posix_spawnp(spawned, command.get(0), how.actions, how.attributes,
                    new StringArray(command.toArray(new String[0])), how.environment(watchdog));
            if (error == LibC.ENOEXEC) {
                pid = -1;
            } else if (error != 0) {
                throw new IOException("error=" + error + ", " + libc.strerror(error));
            } else {
                pid = spawned[0];
                started.add((long) pid);
                starts++;
                startLock.notifyAll();
            }
        }
        if (pid < 0) {
            return ProcessPort.super.runDiscarding(command, timeout);
        }
        int pidfd = (int) Spawn.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            // Cannot be: the child is ours and not collected, so its pid is still its own. Collect it anyway.
            collect(pid);
            throw new IOException("cannot open a pidfd for " + command.get(0) + " (errno " + Native.getLastError()
                    + ")");
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean ended;
            try {
                ended = awaitEnd(pidfd, deadline, true);
            } catch (InterruptedException e) {
                killProbe(pid, pidfd);
                throw e;
            }
            if (ended) {
                return OptionalInt.of(collect(pid));
            }
            killProbe(pid, pidfd);
            return OptionalInt.empty();
        } finally {
            Spawn.close(pidfd);
        }
    }

    /** Whether {@link #runDiscarding} spawns directly here (else it goes through the JDK). */
    boolean spawnsProbesDirectly() {
        return linux && QuietSpawn.get(libc) != null;
    }

    /**
     * Waits until the process of {@code pidfd} has ended or {@code deadline} (System.nanoTime) passes; answers
     * whether it ended. In slices, so that an interrupt (a health monitor closed) is seen within a quarter second.
     */
    private boolean awaitEnd(int pidfd, long deadline, boolean interruptible) throws InterruptedException {
        // struct pollfd as two ints: the fd, then events and revents (shorts) in the second, per the byte order.
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        int[] pollfd = new int[2];
        while (true) {
            if (interruptible && Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            pollfd[0] = pidfd;
            pollfd[1] = little ? LibC.POLLIN : LibC.POLLIN << 16;
            int ready = Spawn.poll(pollfd, 1, (int) Math.min(left, 250));
            if (ready > 0) {
                return true;
            }
            if (ready < 0 && Native.getLastError() != LibC.EINTR) {
                throw new IllegalStateException("poll on a pidfd failed (errno " + Native.getLastError() + ")");
            }
            if (ready == 0 && left == 0) {
                return false;
            }
        }
    }

    /**
     * Kills a probe that overran: its descendants first, each the moment it is found (before its children are read,
     * as {@link #killDescendants} does), then the probe, which is collected once it has ended: at once, or by a
     * thread of its own should it not end within seconds (a process in uninterruptible sleep dies when it wakes).
     */
    private void killProbe(int pid, int pidfd) {
        long self = ProcessHandle.current().pid();
        Deque<Long> todo = new ArrayDeque<>();
        todo.add((long) pid);
        while (!todo.isEmpty()) {
            long parent = todo.pop();
            for (long child : ProcTree.children(parent)) {
                if (!ProcTree.hasEnded(child) && killChild(child, parent, self)) {
                    todo.add(child);
                }
            }
        }
        libc.syscall(LibC.SYS_PIDFD_SEND_SIGNAL, pidfd, SIGKILL, null, 0);
        boolean ended;
        try {
            ended = awaitEnd(pidfd, System.nanoTime() + KILLED_PROBE_WAIT_NANOS, false);
        } catch (InterruptedException cannot) {
            ended = false;
        }
        if (ended) {
            collect(pid);
        } else {
            Thread waiter = new Thread(() -> collect(pid), "svcctl-collect-" + pid);
            waiter.setDaemon(true);
            waiter.start();
        }
    }

    /** Waits for the child {@code pid} (started by runDiscarding), collects it and answers its exit code. */
    private int collect(int pid) {
        int[] status = new int[1];
        int collected;
        do {
            collected = Spawn.waitpid(pid, status, 0);
        } while (collected < 0 && Native.getLastError() == LibC.EINTR);
        started.remove((long) pid);
        return collected == pid ? ExitStatus.ofWaitStatus(status[0]).code() : -1;
    }

    /**
     * The calls of {@link #runDiscarding}, directly mapped: two probes a second in the shared host, where JNA's
     * interface mapping (a proxy and reflection per call) cost more than the calls. Loaded only once
     * {@link QuietSpawn} found the C library fit.
     */
    private static final class Spawn {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        private Spawn() {
        }

        static native int posix_spawnp(int[] pid, String file, Pointer fileActions, Pointer attributes, Pointer argv,
                                       Pointer envp);

        /** pidfd_open(pid, flags). */
        static native long syscall(long number, int pid, int flags);

        static native int poll(int[] pollfd, long count, int timeoutMillis);

        static native int waitpid(int pid, int[] status, int options);

        static native int close(int fd);
    }

    /**
     * How {@link #runDiscarding} spawns: the file actions and attributes, built once and only read afterwards; null
     * where the C library lacks {@code posix_spawn_file_actions_addclosefrom_np} (without it the child would inherit
     * every descriptor the JVM opened without close-on-exec, the tree watchdog's pipe among them) or the kernel lacks
     * pidfds.
     */
    private static final class QuietSpawn {
        private static final Object LOCK = new Object();
        private static boolean decided;
        private static QuietSpawn instance;
        final Memory actions = new Memory(512);
        final Memory attributes = new Memory(1024);
        private final Memory noSignals = new Memory(LibC.SIGSET_BYTES);
        private final Memory allSignals = new Memory(LibC.SIGSET_BYTES);
        /** This JVM's environment (which does not change) with the watchdog's mark, as envp; made once per mark. */
        private TreeWatchdog markedBy;
        private StringArray environment;

        /** Called holding the start lock. */
        StringArray environment(TreeWatchdog watchdog) {
            if (markedBy != watchdog) {
                Map<String, String> variables = new HashMap<>(System.getenv());
                watchdog.mark(variables);
                environment = new StringArray(variables.entrySet().stream()
                        .map(v -> v.getKey() + "=" + v.getValue()).toArray(String[]::new));
                markedBy = watchdog;
            }
            return environment;
        }

        static QuietSpawn get(LibC libc) {
            synchronized (LOCK) {
                if (!decided) {
                    decided = true;
                    instance = create(libc);
                }
                return instance;
            }
        }

        private static QuietSpawn create(LibC libc) {
            try {
                NativeLibrary.getInstance("c").getFunction("posix_spawn_file_actions_addclosefrom_np");
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
            int self = libc.syscall(LibC.SYS_PIDFD_OPEN, (int) ProcessHandle.current().pid(), 0);
            if (self < 0) {
                return null;
            }
            libc.close(self);
            QuietSpawn how = new QuietSpawn();
            boolean ok = libc.posix_spawn_file_actions_init(how.actions) == 0
                    && libc.posix_spawn_file_actions_addopen(how.actions, 0, "/dev/null", LibC.O_RDONLY, 0) == 0
                    && libc.posix_spawn_file_actions_addopen(how.actions, 1, "/dev/null", LibC.O_WRONLY, 0) == 0
                    && libc.posix_spawn_file_actions_addopen(how.actions, 2, "/dev/null", LibC.O_WRONLY, 0) == 0
                    && libc.posix_spawn_file_actions_addclosefrom_np(how.actions, 3) == 0
                    && libc.posix_spawnattr_init(how.attributes) == 0
                    && libc.sigemptyset(how.noSignals) == 0
                    && libc.sigfillset(how.allSignals) == 0
                    && libc.posix_spawnattr_setsigmask(how.attributes, how.noSignals) == 0
                    && libc.posix_spawnattr_setsigdefault(how.attributes, how.allSignals) == 0
                    && libc.posix_spawnattr_setflags(how.attributes,
                            (short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)) == 0;
            return ok ? how : null;
        }
    }

    /**
     * Linux: the calling thread's CPU affinity is set to {@code cpus} for the start and put back afterwards; the JDK
     * starts a process from the calling thread (posix_spawn or vfork), and a new process inherits the affinity of
     * the thread that made it, and keeps it across exec. The start lock keeps it to this one start; threads the JDK
     * made during the start (they inherit it too) get the affinity back.
     */
    @Override
    public Process startOn(List<Integer> cpus, Start start) throws IOException {
        if (cpus.isEmpty()) {
            return start.start();
        }
        if (!linux) {
            return ProcessPort.super.startOn(cpus, start);
        }
        long[] mask = new long[CPU_MASK_LONGS];
        for (int cpu : cpus) {
            mask[cpu / 64] |= 1L << (cpu % 64);
        }
        long[] before = new long[CPU_MASK_LONGS];
        synchronized (startLock) {
            if (libc.sched_getaffinity(0, before.length * 8L, before) != 0) {
                throw new IOException("cannot read this thread's CPU affinity (errno " + Native.getLastError() + ")");
            }
            if (libc.sched_setaffinity(0, mask.length * 8L, mask) != 0) {
                int errno = Native.getLastError();
                throw new IOException("cannot limit the program to CPUs " + cpus + (errno == LibC.EINVAL
                        ? ": none of them is online and allowed here" : " (errno " + errno + ")"));
            }
            Set<Long> threads = threadIds();
            try {
                return start.start();
            } finally {
                libc.sched_setaffinity(0, before.length * 8L, before);
                // A thread made by this one meanwhile (the JDK's process reaper) inherited the pin: put it back.
                Set<Long> made = threadIds();
                made.removeAll(threads);
                for (long tid : made) {
                    libc.sched_setaffinity((int) tid, before.length * 8L, before);
                }
            }
        }
    }

    /** The ids of this process's threads (/proc/self/task). */
    private static Set<Long> threadIds() throws IOException {
        Set<Long> ids = new HashSet<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                ids.add(Long.parseLong(task.getFileName().toString()));
            }
        }
        return ids;
    }

    /** Without the watchdog's mark: the program's descendants outlive this process if it dies. */
    @Override
    public Process startLeavingDescendants(ProcessBuilder builder) throws IOException {
        synchronized (startLock) {
            return track(builder.start());
        }
    }

    /** Called holding the start lock. */
    private Process track(Process process) {
        long pid = process.pid();
        started.add(pid);
        process.onExit().thenRun(() -> started.remove(pid));
        starts++;
        startLock.notifyAll();
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
        // Under the start lock, so the reaper cannot collect the child between the check and the record.
        synchronized (startLock) {
            boolean child = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElse(-1L) == ProcessHandle.current().pid();
            if (!child) {
                return ProcessPort.super.watch(pid);
            }
            started.add(pid);
        }
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
     * On Linux, each pass walks the tree from this process down through /proc/PID/task/TID/children (the tree only,
     * never the whole process table) and kills every process the moment it is found (before its children are read,
     * so a forking process stops forking as early as possible), reaping the zombies among this process's own
     * children; passes repeat until one finds no live process. A process forking as fast as it can gains at most the
     * children it makes during one pass, and those are found in the next, so a fork storm is emptied within a few
     * passes, with no pile of zombies between them. Each kill goes through a pidfd opened and then checked to be the
     * child of the process it was listed under (or of this process, which adopts orphans), so a pid that was freed
     * and reused by another process meanwhile is never signalled.
     */
    @Override
    public int killDescendants() {
        return killTree(child -> true);
    }

    /**
     * {@link #killDescendants} limited to the subtrees of the children of this process that {@code owns} accepts:
     * the processes of one service when this process hosts several ({@link #forService}).
     */
    private int killTree(LongPredicate owns) {
        if (!linux) {
            return killDescendantsByHandles(owns);
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
            todo.add(self);
            while (!todo.isEmpty()) {
                long parent = todo.pop();
                for (long pid : ProcTree.children(parent)) {
                    if (pid == spared || (parent == self && !owns.test(pid))) {
                        continue;
                    }
                    if (ProcTree.hasEnded(pid)) {
                        if (parent == self) {
                            reapOrphan(pid);
                        }
                        continue;
                    }
                    if (killChild(pid, parent, self)) {
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

    /** Collects an ended child of this process unless the JDK (or a watch waiter) collects it. */
    private void reapOrphan(long pid) {
        synchronized (startLock) {
            if (!started.contains(pid)) {
                libc.waitpid((int) pid, new int[1], LibC.WNOHANG);
            }
        }
    }

    /**
     * SIGKILL to {@code pid}, listed as a child of {@code parent}, through a pidfd when the kernel has them: the
     * pidfd pins the process that has the pid now, which is then checked to be the child of {@code parent} or of
     * this process (re-parented when {@code parent} died); otherwise the pid was reused and nothing is sent.
     * Answers whether the process was killed (or may have been: kill(2) on kernels before pidfds).
     */
    boolean killChild(long pid, long parent, long self) {
        if (pidfds) {
            int fd = libc.syscall(LibC.SYS_PIDFD_OPEN, (int) pid, 0);
            if (fd >= 0) {
                try {
                    long now = ProcTree.parent(pid);
                    if (now != parent && now != self) {
                        return false;
                    }
                    return libc.syscall(LibC.SYS_PIDFD_SEND_SIGNAL, fd, SIGKILL, null, 0) == 0;
                } finally {
                    libc.close(fd);
                }
            }
            if (Native.getLastError() != LibC.ENOSYS) {
                return false;
            }
            pidfds = false;
        }
        return libc.kill((int) pid, SIGKILL) == 0;
    }

    private int killDescendantsByHandles(LongPredicate owns) {
        int killed = 0;
        for (int round = 0; round < 100; round++) {
            // The fallback scan of the whole process table: POSIX systems other than Linux have no per-process
            // children list, and the JDK's descendants() reads every process there is.
            List<ProcessHandle> alive = ProcessHandle.current().children().filter(child -> owns.test(child.pid()))
                    .flatMap(child -> java.util.stream.Stream.concat(java.util.stream.Stream.of(child),
                            child.descendants()))
                    .filter(ProcessHandle::isAlive).toList();
            ProcessHandle.current().children().forEach(child -> reapOrphan(child.pid()));
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
    public Runnable onSignals(Runnable onStop, Runnable onReload) {
        return PosixSignals.install(onStop, onReload);
    }

    /**
     * This port for one of the services this process hosts: while it hosts several (the host asks for every
     * service's port before it starts any), every process it starts carries {@value #SERVICE_VARIABLE} (the
     * service's name, inherited by its descendants as the watchdog's mark is); a lone service's program gets no
     * such variable. Its
     * {@link ProcessPort#killDescendants} kills only that service's processes: the subtrees of the children of this
     * process that it started, or that were re-parented here (the subreaper) and carry its name. A re-parented
     * process that carries no name (it cleared its environment) is killed by the only service, and by none while
     * this process hosts several (the tree watchdog and the host's end still get it). The subreaper, its reaper
     * thread, the watchdog and signal handling stay this port's, shared by every service.
     */
    @Override
    public ProcessPort forService(ServiceSpec spec) {
        services.add(spec.name());
        return new ServiceProcesses(spec.name());
    }

    /** The service {@code pid} was started for ({@value #SERVICE_VARIABLE} in /proc/PID/environ); null if none. */
    private static String serviceOf(long pid) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        String prefix = SERVICE_VARIABLE + "=";
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                String entry = new String(environ, start, i - start, StandardCharsets.UTF_8);
                if (entry.startsWith(prefix)) {
                    return entry.substring(prefix.length());
                }
                start = i + 1;
            }
        }
        return null;
    }

    /** See {@link #forService}. */
    private final class ServiceProcesses implements ProcessPort {
        private final String name;
        /** Children of this process started (or watched) for this service, while they live. */
        private final Set<Long> mine = ConcurrentHashMap.newKeySet();

        ServiceProcesses(String name) {
            this.name = name;
        }

        /** Whether {@code child}, a child of this process, is this service's. */
        boolean owns(long child) {
            if (mine.contains(child)) {
                return true;
            }
            if (started.contains(child)) {
                return false; // another service's, or a helper
            }
            String service = serviceOf(child);
            return service == null ? services.size() == 1 : service.equals(name);
        }

        private Process mine(Process process) {
            long pid = process.pid();
            mine.add(pid);
            process.onExit().thenRun(() -> mine.remove(pid));
            return process;
        }

        @Override
        public boolean keepOrphans() {
            return PosixProcessPort.this.keepOrphans();
        }

        /**
         * Marks a process of this service with {@value #SERVICE_VARIABLE} only while this process hosts several: the
         * environment of a lone service's program is exactly what its spec says (the host asks for every service's
         * port before it starts any).
         */
        private void mark(ProcessBuilder builder) {
            if (services.size() > 1) {
                builder.environment().put(SERVICE_VARIABLE, name);
            }
        }

        @Override
        public Process start(ProcessBuilder builder) throws IOException {
            mark(builder);
            synchronized (startLock) {
                return mine(PosixProcessPort.this.start(builder));
            }
        }

        @Override
        public Process startLeavingDescendants(ProcessBuilder builder) throws IOException {
            mark(builder);
            synchronized (startLock) {
                return mine(PosixProcessPort.this.startLeavingDescendants(builder));
            }
        }

        @Override
        public Process startOn(List<Integer> cpus, Start start) throws IOException {
            return PosixProcessPort.this.startOn(cpus, start);
        }

        @Override
        public void signal(long pid, Signal signal) throws IOException {
            PosixProcessPort.this.signal(pid, signal);
        }

        @Override
        public void abort(long pid) throws IOException {
            PosixProcessPort.this.abort(pid);
        }

        @Override
        public CompletableFuture<ExitStatus> watch(long pid) {
            mine.add(pid);
            return PosixProcessPort.this.watch(pid).whenComplete((status, failure) -> mine.remove(pid));
        }

        @Override
        public int killDescendants() {
            return killTree(this::owns);
        }

        @Override
        public boolean ownsProcess(long pid) {
            long self = ProcessHandle.current().pid();
            long child = pid;
            for (int depth = 0; depth < 128; depth++) {
                long parent = ProcTree.parent(child);
                if (parent < 0) {
                    return false;
                }
                if (parent == self) {
                    return owns(child);
                }
                child = parent;
            }
            return false;
        }

        @Override
        public Optional<OpenFifo> openFifo(Path path) throws IOException {
            return PosixProcessPort.this.openFifo(path);
        }

        @Override
        public OptionalInt userId() {
            return PosixProcessPort.this.userId();
        }

        @Override
        public Runnable onSignals(Runnable onStop, Runnable onReload) {
            return PosixProcessPort.this.onSignals(onStop, onReload);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
