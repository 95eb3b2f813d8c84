package dev.svcctl.supervisor;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.host.HostDuties;
import dev.svcctl.host.HostPaths;
import dev.svcctl.logs.LogStream;
import dev.svcctl.logs.ServiceLogFiles;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecError;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code svcctl host}: the shared host of option 2 of docs/design/shared-host.md. systemd supervises each program
 * natively; this one process serves every installed spec of its scope with {@code supervisor: auto} and a duty
 * ({@link HostDuties}): it routes the program's log FIFOs into rotated files ({@link LogRouter}, one thread) and runs
 * every health check from one scheduler, restarting an unhealthy program through its unit. Its view of each service
 * is a {@code monitor} state file. It never starts, stops or signals a program.
 *
 * <p>Threads are a fixed handful whatever the number of services: the router, {@value #HEALTH_THREADS} health
 * timer (its probes on a pool: a thread per probe in flight, reused), the log housekeeper and the main thread, which waits for SIGHUP (rescan) and SIGTERM (exit).
 */
public final class SharedHost implements AutoCloseable {
    static final int HEALTH_THREADS = HealthMonitor.SHARED_THREADS;

    /** Restarts a running service's unit, without waiting for the job ({@code systemctl --no-block try-restart}). */
    @FunctionalInterface
    public interface UnitRestarter {
        /**
         * Restarts the unit of service {@code name} if its program runs; false when it does not (stopped by the user,
         * given up by systemd, a manual start not done yet): health never starts a service, it only restarts one.
         */
        boolean restart(String name) throws IOException;
    }

    private final Scope scope;
    private final Path specsDir;
    private final Path runtimeDir;
    private final SvcctlPaths paths;
    private final int selfUid;
    private final long hostPid;
    private final ProcessPort processes;
    private final UnitRestarter restarter;
    private final ServiceUserProbe.Accounts accounts;
    private final Clock clock;
    /** Problems (warnings in the journal). */
    private final Consumer<String> messages;
    /** What it serves, at start and reload (informational). */
    private final Consumer<String> notes;
    private final LogRouter router;
    private final FifoPort fifos;
    private final LogHousekeeper housekeeper;
    private final ScheduledThreadPoolExecutor healthTimer;
    private final java.util.concurrent.ExecutorService prober;
    private final Map<String, Served> served = new LinkedHashMap<>();
    private final Map<String, String> refused = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object rescanLock = new Object();
    /** Notified by {@link #stop} and SIGHUP. */
    private final Object signalled = new Object();
    private volatile boolean rescanAsked;

    SharedHost(Scope scope, SvcctlPaths paths, Path runtimeDir, int selfUid, long hostPid, FifoPort fifos,
               ProcessPort processes, UnitRestarter restarter, ServiceUserProbe.Accounts accounts, Clock clock,
               Consumer<String> messages, Consumer<String> notes) {
        this.scope = scope;
        this.paths = paths;
        this.specsDir = paths.specsDir(scope);
        this.runtimeDir = runtimeDir;
        this.selfUid = selfUid;
        this.hostPid = hostPid;
        this.fifos = fifos;
        this.processes = processes;
        this.restarter = restarter;
        this.accounts = accounts;
        this.clock = clock;
        this.messages = messages;
        this.notes = notes;
        this.router = new LogRouter(fifos, messages, () -> {
            messages.accept("the host ends so that systemd starts a new one");
            stop();
        });
        this.housekeeper = new LogHousekeeper(messages);
        this.healthTimer = HealthMonitor.sharedTimer();
        this.prober = HealthMonitor.sharedProber();
    }

    /**
     * The host of this process's scope on this machine: system scope as root, {@code user} for the calling user's
     * service manager; its ports are the real ones (JNA, systemctl).
     */
    public static SharedHost create(boolean user, UnitRestarter restarter, Consumer<String> messages,
                                    Consumer<String> notes)
            throws IOException, BackendException {
        SvcctlPaths paths = SvcctlPaths.current();
        PosixProcessPort processes = new PosixProcessPort();
        int self = processes.userId().orElseThrow();
        Path runtime = paths.privateRuntimeDir();
        return new SharedHost(user ? Scope.USER : Scope.SYSTEM, paths, runtime, self, ProcessHandle.current().pid(),
                new PosixFifoPort(), processes, restarter, ServiceUserProbe.Accounts.host(), LocalClock.INSTANCE,
                messages, notes);
    }

    /** Serves until {@link #stop} (SIGTERM, SIGINT); SIGHUP rereads the installed specs. */
    public void run() throws InterruptedException {
        Runnable restore = processes.onSignals(this::stop, this::askRescan);
        try {
            router.start();
            rescan();
            notes.accept("serving " + served.size() + " service(s) of " + specsDir
                    + (served.isEmpty() ? "" : ": " + String.join(", ", served.keySet())));
            while (awaitSignal()) {
                if (rescanAsked) {
                    rescanAsked = false;
                    rescan();
                    notes.accept("reloaded; serving " + served.size() + " service(s)"
                            + (served.isEmpty() ? "" : ": " + String.join(", ", served.keySet())));
                }
            }
        } finally {
            restore.run();
            close();
        }
    }

    public void stop() {
        synchronized (signalled) {
            stopped.countDown();
            signalled.notifyAll();
        }
    }

    private void askRescan() {
        synchronized (signalled) {
            rescanAsked = true;
            signalled.notifyAll();
        }
    }

    /**
     * Sleeps until SIGHUP or a stop (no timer: an idle host's main thread never wakes); answers false on stop.
     */
    private boolean awaitSignal() throws InterruptedException {
        synchronized (signalled) {
            while (!rescanAsked && stopped.getCount() > 0) {
                signalled.wait();
            }
            return stopped.getCount() > 0;
        }
    }

    /** The names served now. */
    Set<String> served() {
        synchronized (rescanLock) {
            return Set.copyOf(served.keySet());
        }
    }

    /** Reads every installed spec of the scope; serves the new and changed ones, stops serving the ones gone. */
    void rescan() {
        synchronized (rescanLock) {
            Map<String, ServiceSpec> wanted = new LinkedHashMap<>();
            List<String> names;
            try {
                names = InstalledSpecs.names(specsDir);
            } catch (IOException e) {
                messages.accept("cannot list " + specsDir + ": " + e.getMessage());
                return;
            }
            for (String name : names) {
                Path file = specsDir.resolve(name + ".yaml");
                try {
                    ServiceSpec spec = InstalledSpecs.load(file, name, OptionalInt.of(selfUid));
                    refused.remove(name);
                    if (!HostDuties.served(spec).isEmpty()) {
                        wanted.put(name, spec);
                    }
                } catch (BackendException e) {
                    refuse(name, e.getMessage());
                } catch (InvalidSpecException e) {
                    refuse(name, e.errors().stream().map(SpecError::format).collect(Collectors.joining("; ")));
                }
            }
            for (String name : List.copyOf(served.keySet())) {
                ServiceSpec now = wanted.get(name);
                if (now == null || !now.equals(served.get(name).spec)) {
                    unserve(served.remove(name), now == null);
                }
            }
            for (ServiceSpec spec : wanted.values()) {
                if (!served.containsKey(spec.name())) {
                    try {
                        served.put(spec.name(), serve(spec));
                    } catch (IOException e) {
                        refuse(spec.name(), "cannot serve " + spec.name() + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    private void refuse(String name, String problem) {
        if (!problem.equals(refused.put(name, problem))) {
            messages.accept("skipping " + name + ": " + problem);
        }
    }

    private Served serve(ServiceSpec spec) throws IOException {
        Served s = new Served(spec, new StateFile(runtimeDir.resolve(spec.name() + ".json")), clock.instant());
        // Restarts asked for by an earlier life of the host stay counted.
        s.stateFile.read().filter(old -> old.monitor() && old.name().equals(spec.name()))
                .ifPresent(old -> s.restarts = old.restarts());
        Set<HostDuties.Duty> duties = HostDuties.of(spec);
        try {
            if (duties.contains(HostDuties.Duty.ROUTE_LOGS)) {
                ServiceLogFiles files = ServiceLogFiles.of(spec, paths, LogTarget.JOURNAL);
                s.dir = LogDir.open(files.dir().orElseThrow(), OptionalInt.of(selfUid));
                for (LogStream stream : LogStream.values()) {
                    if (files.writesFile(stream)) {
                        RotatingLog log = new RotatingLog(s.dir, files.base(stream), spec.logs().rotate(), clock,
                                housekeeper);
                        s.logs.add(log);
                        s.routes.add(new LogRouter.Route(spec.name() + " " + stream.base(),
                                HostPaths.logFifo(runtimeDir, spec.name(), hostStream(stream)), selfUid, log));
                    }
                }
                router.update(s.routes, List.of());
            }
            if (duties.contains(HostDuties.Duty.HEALTH)) {
                HealthCheckSpec check = ServiceUserProbe.of(spec.healthCheck().orElseThrow(), spec, selfUid, accounts);
                s.health = new HealthMonitor(check, HealthProbe.of(check, processes), s, healthTimer, prober);
                s.health.watch(s.run);
            }
        } catch (IOException | RuntimeException e) {
            s.close(router);
            throw e;
        }
        s.write();
        return s;
    }

    private static HostPaths.Stream hostStream(LogStream stream) {
        return stream == LogStream.STDOUT ? HostPaths.Stream.STDOUT : HostPaths.Stream.STDERR;
    }

    private void unserve(Served s, boolean gone) {
        s.close(router);
        // The path is also where 'svcctl run' keeps its state (a spec moved to supervisor: svcctl): only this host's
        // own monitor file is removed.
        boolean ours = s.stateFile.read().filter(state -> state.monitor() && state.supervisorPid() == hostPid)
                .isPresent();
        if (gone && ours) {
            try {
                Files.deleteIfExists(s.stateFile.path());
            } catch (IOException e) {
                messages.accept("cannot remove " + s.stateFile.path() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        synchronized (rescanLock) {
            healthTimer.shutdownNow();
            prober.shutdownNow();
            for (Served s : served.values()) {
                s.close(router);
            }
            served.clear();
        }
        router.close();
        try {
            housekeeper.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fifos.close();
    }

    /** One served service: its files, its health monitor and the host's view of it. */
    private final class Served implements HealthMonitor.Listener {
        final ServiceSpec spec;
        final StateFile stateFile;
        final Instant since;
        final List<RotatingLog> logs = new ArrayList<>();
        final List<LogRouter.Route> routes = new ArrayList<>();
        LogDir dir;
        HealthMonitor health;
        long run = 1;
        int restarts;
        Health verdict = Health.NONE;
        Optional<String> reason = Optional.empty();
        boolean closed;

        Served(ServiceSpec spec, StateFile stateFile, Instant since) {
            this.spec = spec;
            this.stateFile = stateFile;
            this.since = since;
            this.verdict = spec.healthCheck().isPresent() ? Health.UNKNOWN : Health.NONE;
        }

        @Override
        public void healthChanged(long probedRun, Health health) {
            synchronized (this) {
                verdict = health;
                reason = Optional.empty();
            }
            write();
        }

        @Override
        public void unhealthy(long probedRun, String detail) {
            String why = "unhealthy: " + detail;
            messages.accept(spec.name() + " is " + why + "; restarting it");
            try {
                if (restarter.restart(spec.name())) {
                    synchronized (this) {
                        restarts++;
                    }
                } else {
                    notes.accept(spec.name() + " is not running; not restarted");
                }
            } catch (IOException e) {
                messages.accept("cannot restart " + spec.name() + ": " + e.getMessage());
            }
            synchronized (this) {
                verdict = Health.UNHEALTHY;
                reason = Optional.of(why);
                run = probedRun + 1;
            }
            write();
            // Probing of the ended run stops when this returns; the new run is watched from the timer itself, so
            // that watch() never cancels (and interrupts) the task that is calling it.
            healthTimer.execute(() -> {
                HealthMonitor monitor = health;
                if (monitor != null && !healthTimer.isShutdown()) {
                    monitor.watch(probedRun + 1);
                }
            });
        }

        synchronized void write() {
            if (closed) {
                return; // a probe that ended after the service stopped being served: its file is not ours now
            }
            SupervisorState state = new SupervisorState(spec.name(), hostPid, OptionalLong.empty(),
                    ProgramState.RUNNING, since, restarts, Optional.empty(), verdict, ReadyState.NONE,
                    Optional.empty(), dir == null ? Optional.empty() : Optional.of(dir.path()), reason, true);
            try {
                stateFile.write(state);
            } catch (IOException e) {
                messages.accept("cannot write " + stateFile.path() + ": " + e.getMessage());
            }
        }

        void close(LogRouter router) {
            synchronized (this) {
                closed = true;
            }
            HealthMonitor monitor = health;
            health = null;
            if (monitor != null) {
                monitor.close();
            }
            try {
                router.update(List.of(), routes);
            } catch (IOException e) {
                messages.accept(e.getMessage());
            }
            for (RotatingLog log : logs) {
                try {
                    log.close();
                } catch (IOException e) {
                    messages.accept("cannot close " + log.activeFile() + ": " + e.getMessage());
                }
            }
            if (dir != null) {
                try {
                    dir.close();
                } catch (IOException e) {
                    // closing a directory handle: nothing was written through it
                }
            }
        }
    }
}
