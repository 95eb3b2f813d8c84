package dev.svcctl.windows.jna;

import dev.svcctl.spec.Signal;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.windows.host.StopDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link WindowsProcessPort} with the Windows calls replaced by stand-ins and its own logic kept: every start is a
 * {@link Win32Process} over a {@link FakeJob}, kept by the port's {@link RunJobs}; signals go as
 * {@link WindowsProcessPort#signal} sends them (Ctrl-C ends a stand-in program with STATUS_CONTROL_C_EXIT, KILL
 * terminates its job); killDescendants is the port's. Programs named {@code hang} never end by themselves (a hung
 * health check); the others (the supervised program) run {@code lifeMillis} (or until stopped when negative),
 * starting one child that outlives them when {@code leavesAChild}.
 */
final class StandInWindowsPort implements ProcessPort {
    static final int STATUS_CONTROL_C_EXIT = 0xC000013A;

    private final RunJobs jobs = new RunJobs();
    private final long lifeMillis;
    private final boolean leavesAChild;
    private volatile boolean ignoresCtrlC;
    private final AtomicLong pids = new AtomicLong(10_000);
    private final List<FakeJob> started = new ArrayList<>();
    private final List<FakeJob> programs = new ArrayList<>();
    private final java.util.Map<Long, FakeJob> byPid = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stand-in-programs");
        t.setDaemon(true);
        return t;
    });

    StandInWindowsPort(long lifeMillis, boolean leavesAChild) {
        this.lifeMillis = lifeMillis;
        this.leavesAChild = leavesAChild;
    }

    /** The stand-in programs ignore Ctrl-C from now on (only their job's end stops them). */
    StandInWindowsPort ignoringCtrlC() {
        ignoresCtrlC = true;
        return this;
    }

    @Override
    public boolean keepOrphans() {
        return true;
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        long pid = pids.incrementAndGet();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        FakeJob job = new FakeJob(exit);
        Win32Process process = new Win32Process(pid, job, InputStream.nullInputStream(),
                InputStream.nullInputStream(), exit);
        jobs.add(pid, job, process.onExit());
        byPid.put(pid, job);
        boolean probe = builder.command().get(0).equals("hang");
        synchronized (this) {
            started.add(job);
            if (!probe) {
                programs.add(job);
            }
        }
        if (!probe) {
            if (leavesAChild) {
                job.programStartsAChild();
            }
            if (lifeMillis >= 0) {
                timer.schedule(() -> job.programExits(1), lifeMillis, TimeUnit.MILLISECONDS);
            }
        }
        return process;
    }

    @Override
    public void signal(long pid, Signal signal) throws IOException {
        switch (StopDelivery.of(signal)) {
            case CTRL_C -> {
                FakeJob job = byPid.get(pid);
                if (job != null && !ignoresCtrlC) {
                    job.programExits(STATUS_CONTROL_C_EXIT);
                }
            }
            case TERMINATE -> jobs.kill(pid);
            case NONE -> throw new IOException("Windows programs cannot receive " + signal.sigName());
        }
    }

    @Override
    public int killDescendants() {
        return jobs.killAll();
    }

    @Override
    public Runnable onSignals(Runnable onStop, Runnable onReload) {
        return () -> { };
    }

    /** Jobs the port's bookkeeping has not yet terminated and closed. */
    int openJobs() {
        return jobs.openJobs();
    }

    /** Every job the port has made, health checks' included. */
    synchronized List<FakeJob> jobs() {
        return List.copyOf(started);
    }

    /** The supervised program's jobs, one per run. */
    synchronized List<FakeJob> programJobs() {
        return List.copyOf(programs);
    }
}
