package dev.svcctl.supervisor;

import dev.svcctl.spec.Durations;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.HooksSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopMode;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hosts one program: starts it exactly as the spec says, restarts it per the restart policy (and when its health
 * check fails), stops it gracefully on request and then leaves no descendant alive (with {@code stop.mode: process},
 * only the program itself is stopped and killed: its children live on, outside the watchdog), and copies its output into
 * rotated files. Everything that changes state happens on the supervisor's own thread, fed by a queue of
 * messages (program exits, stop and reload requests, health verdicts, readiness, sd_notify messages), and its
 * timers (restart delay, kill, readiness timeout, watchdog, pid file polling, the init system's watchdog ping) are
 * deadlines of that one loop, so no two decisions ever race.
 *
 * <p>Readiness ({@code readiness}): a run is {@link ReadyState#WAITING} from its start until READY=1 arrives on the
 * supervisor's notify socket, a probe first succeeds (every {@value #PROBE_MILLIS} ms, through {@link HealthProbe}),
 * or a forking program's first process exited 0 and its pid file names a live process of the program (which then
 * is the program's main process for everything); not ready within {@code readiness.timeout} is a failed run,
 * stopped and restarted like a crash. The first time a run is ready, the supervisor tells its own init system
 * READY=1 (a no-op where none listens). With {@code watchdog}, a ready program must send WATCHDOG=1 at least that
 * often, else it gets SIGABRT (then the tree is killed after {@code stop.timeout}) and is restarted like a crash.
 *
 * <p>All state is this instance's own: several supervisors may share one process (signals and other
 * process-wide matters belong to the host, e.g. {@code svcctl run}).
 *
 * <p>The Java API, for {@code svcctl run} and for the Windows service host: {@link #start()}, {@link #stop()},
 * {@link #reload()}, {@link #awaitExit()}, and a {@link SupervisorListener} for lifecycle events.
 */
public final class Supervisor {
    private static final long NONE = Long.MAX_VALUE;
    private static final long DRAIN_MILLIS = 5_000;
    /** As long as systemd gives ExecReload= by default (DefaultTimeoutStartSec). */
    static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(90);
    /** How often probe readiness (tcp, http, exec) probes, and a pid file is looked at, until ready. */
    static final long PROBE_MILLIS = HealthProbe.READINESS_PROBE_MILLIS;

    private sealed interface Message
            permits Exited, StopRequested, ReloadRequested, ReloadFinished, Unhealthy, HealthChanged, Probed, Notified,
            HookEnded {
    }

    /**
     * The program's main process {@code pid} ended; {@code pid} -1: the run has no process (it did not start, or a
     * forking program's daemon never showed).
     */
    private record Exited(long run, long pid, ExitStatus status) implements Message {
    }

    /** A readiness probe of {@code run} succeeded. */
    private record Probed(long run) implements Message {
    }

    /** A datagram on the notify socket; it names no run: it concerns the run alive when it is handled. */
    private record Notified(NotifyMessage message) implements Message {
    }

    /** {@code failure}: null for a stop on request, else why the host has to end the service as failed. */
    private record StopRequested(String failure) implements Message {
    }

    private record ReloadRequested() implements Message {
    }

    /** A reload command ended; {@code failure} is null when it exited 0. */
    private record ReloadFinished(long pid, String failure) implements Message {
    }

    private record Unhealthy(long run, String detail) implements Message {
    }

    /** The process of hook number {@code hook} ended with {@code exitCode}. */
    private record HookEnded(long hook, int exitCode) implements Message {
    }

    private record HealthChanged(long run, Health health) implements Message {
    }

    private final ServiceSpec spec;
    private final SupervisorSettings settings;
    private final ProcessPort port;
    private final SupervisorListener listener;
    /** The host's shared threads; null for a supervisor alone in its process. */
    private final SharedThreads shared;
    /** The host's shared scheduler for probes; null when each monitor has a thread of its own. */
    private final java.util.concurrent.ScheduledExecutorService probeTimer;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final RestartTracker tracker;
    private final Optional<StateFile> stateFile;
    private final NotifyPort notifyPort;
    private final Optional<ReadinessSpec> readinessSpec;
    /** {@code watchdog}, only with readiness.notify (the program has no other way to ping). */
    private final Optional<Duration> watchdog;
    /** Half of the init system's $WATCHDOG_USEC for this process; 0 when it asks for no pings. */
    private final long initPingNanos;
    private volatile Outcome outcome;
    /** Set by {@link #run()}: the caller's thread supervises, so {@link #start()} starts none. */
    private boolean callerSupervises;
    private volatile SupervisorState snapshot;

    private ProgramOutput output;
    private HealthMonitor healthMonitor;
    /** Probes tcp/http/exec readiness: a HealthMonitor that never gives up, stopped at the first success. */
    private HealthMonitor readinessMonitor;
    private NotifyPort.Listening notifySocket;
    private ProgramLaunch.Notify launchNotify = ProgramLaunch.Notify.NONE;
    /** The program's main process: the one started, a forking program's daemon, or a MAINPID=; null if none. */
    private ProcessHandle main;
    private long run;
    private Instant runStartedAt;
    private boolean stopping;
    private boolean reloading;
    private boolean unhealthyRestart;
    private long restartAtNanos = NONE;
    private long killAtNanos = NONE;
    private long readyByNanos = NONE;
    private long watchdogAtNanos = NONE;
    private long pidFileAtNanos = NONE;
    private long initPingAtNanos = NONE;
    /** The hook that runs (hooks.preStart before a run, hooks.postStop after one), or null; see {@link #runHook}. */
    private Process hook;
    private String hookName;
    private long hooks;
    private long hookKillAtNanos = NONE;
    private boolean hookKilled;
    private String hookFailure;
    private HookContinuation afterHook;
    private ReadyState readiness = ReadyState.NONE;
    private Optional<String> statusText = Optional.empty();
    /** Set when the supervisor ends the current run as failed (not ready, watchdog): how it failed. */
    private Optional<String> runFailure = Optional.empty();
    /** The exit of a forking program's first process, while its pid file is awaited. */
    private ExitStatus forkedStatus;
    private String pidFileProblem;
    private boolean initToldReady;
    private boolean initReloading;
    private ProgramState state = ProgramState.STARTING;
    private Instant since;
    private Optional<SupervisorState.Exit> lastExit = Optional.empty();
    private Health health;
    private Optional<String> reason = Optional.empty();
    private boolean stateFileWarned;
    /** The state supervision ended in, written once {@link #cleanUp} is done (see {@link #finish}). */
    private ProgramState finalState;
    /** Set by {@link #stopFailing}: the stop ends supervision as failed, with this reason. */
    private String stopFailure;

    public Supervisor(ServiceSpec spec, SupervisorSettings settings, ProcessPort port, SupervisorListener listener) {
        this(spec, settings, port, listener, null);
    }

    /**
     * A supervisor that uses the threads the host shares among the services it hosts ({@code svcctl run FILE
     * FILE...}), which the host closes itself: its health checks and readiness probes run on the shared scheduler,
     * and its file streams go through the shared log router (a FIFO per stream in the runtime directory, beside the
     * state file, held open by this supervisor). null: threads of its own, as a lone {@code svcctl run} has.
     */
    public Supervisor(ServiceSpec spec, SupervisorSettings settings, ProcessPort port, SupervisorListener listener,
                      SharedThreads shared) {
        this.shared = shared;
        this.probeTimer = shared == null ? null : shared.probes();
        this.spec = spec;
        this.settings = settings;
        this.port = port;
        this.listener = listener;
        this.tracker = new RestartTracker(spec.restart());
        this.stateFile = settings.stateFile().map(StateFile::new);
        this.health = spec.healthCheck().isPresent() ? Health.UNKNOWN : Health.NONE;
        this.since = settings.clock().instant();
        this.notifyPort = settings.notifyPort();
        this.readinessSpec = spec.readiness();
        this.watchdog = notifyReadiness() ? spec.watchdog() : Optional.empty();
        this.initPingNanos = initWatchdogNanos(settings.inheritedEnvironment()) / 2;
    }

    /**
     * The watchdog interval the init system gave this process ($WATCHDOG_USEC, for this process when
     * $WATCHDOG_PID is unset or names it, as sd_watchdog_enabled reads them), in nanoseconds; 0 for none.
     */
    static long initWatchdogNanos(java.util.Map<String, String> environment) {
        String pid = environment.get("WATCHDOG_PID");
        if (pid != null && !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            return 0;
        }
        try {
            long micros = Long.parseLong(environment.getOrDefault(ProgramLaunch.WATCHDOG_USEC, ""));
            return micros > 0 && micros < Long.MAX_VALUE / 1000 ? micros * 1000 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Thrown by {@link #start()} when the notify socket of a readiness.notify spec cannot be bound. */
    public static final class NotifySocketException extends IOException {
        NotifySocketException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Binds the notify socket (readiness.notify), opens the logs and starts the program on the supervisor's thread.
     *
     * @throws NotifySocketException when the notify socket cannot be bound; nothing has been started then
     * @throws IOException when the log files cannot be opened; nothing has been started then
     */
    public synchronized void start() throws IOException {
        if (output != null || notifySocket != null) {
            throw new IllegalStateException("already started");
        }
        if (notifyPort.hangupIgnored()) {
            emit(Kind.WARNING, "SIGHUP is ignored (started under nohup?): 'svcctl reload' cannot reach this"
                    + " supervisor; start it without nohup (to leave the terminal: 'setsid svcctl run ... &'),"
                    + " or install the service");
        }
        if (notifyReadiness()) {
            Path socket = settings.notifySocket().orElseThrow(() -> new NotifySocketException(
                    "readiness.notify needs a notify socket, and this host gives none", null));
            try {
                notifySocket = notifyPort.listen(socket, message -> inbox.add(new Notified(message)));
            } catch (IOException e) {
                throw new NotifySocketException("cannot open the notify socket " + socket + ": " + e.getMessage(), e);
            }
            launchNotify = new ProgramLaunch.Notify(Optional.of(notifySocket.path()), watchdog);
        }
        try {
            Optional<ProgramOutput.Routed> routed = shared == null || shared.router() == null
                    || settings.stateFile().isEmpty() ? Optional.empty()
                    : Optional.of(new ProgramOutput.Routed(shared.router(), shared.uid(),
                            settings.stateFile().get().resolveSibling(spec.name()), shared.housekeeper()));
            output = new ProgramOutput(settings.logFiles(spec.logs()), spec.logs().rotate(), settings.clock(), port,
                    problem -> emit(Kind.WARNING, problem), routed);
        } catch (IOException | RuntimeException e) {
            closeNotifySocket();
            throw e;
        }
        if (!port.keepOrphans()) {
            emit(Kind.WARNING, "this OS cannot keep hold of re-parented descendants; a process that leaves the"
                    + " program's tree may outlive it");
        }
        spec.healthCheck().ifPresent(check -> healthMonitor = monitor(check, HealthProbe.of(check, port),
                new HealthMonitor.Listener() {
                    @Override
                    public void healthChanged(long run, Health health) {
                        inbox.add(new HealthChanged(run, health));
                    }

                    @Override
                    public void unhealthy(long run, String detail) {
                        inbox.add(new Unhealthy(run, detail));
                    }
                }));
        readinessSpec.filter(ReadinessSpec::probes).ifPresent(ready -> {
            HealthCheckSpec probe = HealthProbe.readinessCheck(ready);
            readinessMonitor = monitor(probe, HealthProbe.of(probe, port), new HealthMonitor.Listener() {
                @Override
                public void healthChanged(long run, Health health) {
                    if (health == Health.HEALTHY) {
                        inbox.add(new Probed(run));
                    }
                }

                @Override
                public void unhealthy(long run, String detail) {
                    // never: the monitor retries until the readiness timeout stops it
                }
            });
        });
        if (!callerSupervises) {
            Thread thread = new Thread(this::supervise, "svcctl-supervisor-" + spec.name());
            thread.start();
        }
    }

    private HealthMonitor monitor(HealthCheckSpec check, HealthProbe probe, HealthMonitor.Listener to) {
        return probeTimer == null ? new HealthMonitor(check, probe, to)
                : new HealthMonitor(check, probe, to, probeTimer, shared.prober());
    }

    /**
     * {@link #start()} and {@link #awaitExit()} in one, supervising on the calling thread, for a host that has
     * nothing else to do meanwhile ({@code svcctl run}): one thread less, whose stack would stay resident for the
     * service's life. Throws as {@link #start()} does, before anything has been started.
     */
    public Outcome run() throws IOException {
        synchronized (this) {
            callerSupervises = true;
            start();
        }
        supervise();
        return outcome;
    }

    /** Asks for a graceful stop; a second request while stopping kills the process tree at once. */
    public void stop() {
        inbox.add(new StopRequested(null));
    }

    /**
     * Stops as {@link #stop} does, but supervision then ends as failed with {@code reason} (exit code 1): the host
     * cannot go on (its shared log router died), which is not a stop anyone asked for.
     */
    public void stopFailing(String reason) {
        inbox.add(new StopRequested(reason));
    }

    /** Sends {@code reload.signal} to the program or runs {@code reload.exec}, whichever the spec has. */
    public void reload() {
        inbox.add(new ReloadRequested());
    }

    public Outcome awaitExit() throws InterruptedException {
        finished.await();
        return outcome;
    }

    /** Empty when supervision has not ended within the timeout. */
    public Optional<Outcome> awaitExit(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(outcome) : Optional.empty();
    }

    /** The latest state, as also written to the state file. */
    public SupervisorState state() {
        return snapshot;
    }

    private void supervise() {
        try {
            if (initPingNanos > 0) {
                initPingAtNanos = System.nanoTime() + initPingNanos;
            }
            spawn();
            while (outcome == null) {
                // No timer of its own: orphans are reaped by the port as they end, so an idle loop sleeps until a
                // message or one of the program's deadlines.
                long deadline = Math.min(Math.min(Math.min(restartAtNanos, killAtNanos), Math.min(readyByNanos,
                        watchdogAtNanos)), Math.min(Math.min(pidFileAtNanos, initPingAtNanos), hookKillAtNanos));
                Message message = deadline == NONE ? inbox.take()
                        : inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message != null) {
                    handle(message);
                }
                // After a message too: a program that sends messages without pause must not hold the timers off.
                if (outcome == null) {
                    onTimer();
                }
            }
        } catch (Throwable t) {
            finish(ProgramState.FAILED, new Outcome(1, "supervisor failure: " + t));
        } finally {
            cleanUp();
        }
    }

    private void handle(Message message) throws IOException, InterruptedException {
        if (message instanceof Exited exited) {
            onExit(exited);
        } else if (message instanceof StopRequested request) {
            if (request.failure() != null && stopFailure == null) {
                stopFailure = request.failure();
            }
            onStopRequest();
        } else if (message instanceof ReloadRequested) {
            onReload();
        } else if (message instanceof ReloadFinished finished) {
            reloading = false;
            if (finished.failure() == null) {
                emit(Kind.RELOADED, "reloaded: " + spec.reloadExec().get(0) + " exited 0", finished.pid());
            } else {
                emit(Kind.RELOAD_FAILED, "reload failed: " + finished.failure(), finished.pid());
            }
        } else if (message instanceof Unhealthy unhealthy) {
            onUnhealthy(unhealthy);
        } else if (message instanceof HealthChanged changed && changed.run() == run && !unhealthyRestart) {
            health = changed.health();
            saveState();
            emit(Kind.HEALTH, "health: " + health.label());
        } else if (message instanceof Probed probed && probed.run() == run && awaitingReadiness()) {
            becomeReady(readinessSpec.get().kind().key() + " probe succeeded");
        } else if (message instanceof Notified notified) {
            onNotified(notified.message());
        } else if (message instanceof HookEnded ended && ended.hook() == hooks && hook != null) {
            onHookEnded(ended.exitCode());
        }
    }

    private boolean notifyReadiness() {
        return spec.readiness().map(r -> r.kind() == ReadinessSpec.Kind.NOTIFY).orElse(false);
    }

    private boolean pidFileReadiness() {
        return readinessSpec.map(r -> r.kind() == ReadinessSpec.Kind.PID_FILE).orElse(false);
    }

    /** The current run has not been ready yet and nothing is ending it. */
    private boolean awaitingReadiness() {
        return readiness == ReadyState.WAITING && !stopping && !unhealthyRestart && runFailure.isEmpty();
    }

    private void becomeReady(String how) {
        readiness = ReadyState.READY;
        readyByNanos = NONE;
        pidFileAtNanos = NONE;
        if (readinessMonitor != null) {
            readinessMonitor.stopWatching();
        }
        watchdog.ifPresent(interval -> watchdogAtNanos = System.nanoTime() + interval.toNanos());
        saveState();
        if (!initToldReady) {
            // Once per supervisor life: the init system waits for the service's start, not for each restart.
            initToldReady = true;
            notifyPort.notifyInitSystem("READY=1");
        }
        if (readinessSpec.isPresent()) {
            // Without readiness STARTED says it all: no second line per start in the log.
            emit(Kind.READY, "ready: " + how + " (pid " + main.pid() + ")", main.pid());
        }
    }

    /**
     * A datagram on the notify socket. It names no run, so it is taken for the run alive now (one that has
     * ended sends nothing more; a message still queued from it is the one race left, as with systemd).
     */
    private void onNotified(NotifyMessage message) throws IOException {
        if (main == null) {
            return;
        }
        StringBuilder forward = new StringBuilder();
        boolean changed = false;
        if (message.mainPid().isPresent()) {
            changeMainPid(message.mainPid().getAsLong());
        }
        if (message.status().isPresent() && !message.status().equals(statusText)) {
            statusText = message.status();
            changed = true;
            forward.append("STATUS=").append(statusText.get()).append('\n');
        }
        if (message.reloading()) {
            reason = Optional.of("reloading (the program sent RELOADING=1)");
            changed = true;
            if (initToldReady && !initReloading) {
                initReloading = true;
                forward.append("RELOADING=1\n");
            }
        }
        if (message.stopping()) {
            // Not forwarded: the supervisor restarts the program; the init system's unit is not stopping.
            reason = Optional.of("stopping (the program sent STOPPING=1)");
            changed = true;
        }
        boolean nowReady = message.ready() && notifyReadiness() && awaitingReadiness();
        if (message.ready()) {
            if (!nowReady && initReloading) {
                initReloading = false;
                forward.append("READY=1\n");
            }
            if (reason.isPresent() && reason.get().startsWith("reloading")) {
                reason = Optional.empty();
                changed = true;
            }
        }
        if (message.watchdog() && watchdogAtNanos != NONE) {
            watchdogAtNanos = System.nanoTime() + watchdog.get().toNanos();
        }
        if (changed) {
            saveState();
        }
        if (forward.length() > 0) {
            notifyPort.notifyInitSystem(forward.substring(0, forward.length() - 1));
        }
        if (nowReady) {
            // After the status: the init system shows the program's STATUS= along with its start.
            becomeReady("READY=1");
        }
        if (message.watchdogTrigger()) {
            watchdogFailed("the program sent WATCHDOG=trigger");
        }
    }

    /** MAINPID=: only a live descendant of the current main process becomes the main process. */
    private void changeMainPid(long pid) {
        if (pid == main.pid()) {
            return;
        }
        if (!descendsFrom(pid, main.pid())) {
            emit(Kind.WARNING, "MAINPID=" + pid + " ignored: not a live process of the program (a descendant of"
                    + " pid " + main.pid() + ")");
            return;
        }
        adopt(pid);
        emit(Kind.STARTED, "the program's main process is now pid " + pid + " (MAINPID=)", pid);
    }

    /** Makes {@code pid}, a process of the program the supervisor did not start, the program's main process. */
    private void adopt(long pid) {
        main = ProcessHandle.of(pid).orElse(null);
        if (main == null) {
            return;
        }
        long thisRun = run;
        port.watch(pid).thenAccept(status -> inbox.add(new Exited(thisRun, pid, status)));
        saveState();
    }

    /** Whether {@code pid} is alive and {@code ancestor} is among its ancestors. */
    private static boolean descendsFrom(long pid, long ancestor) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        for (int depth = 0; depth < 128 && process.isPresent(); depth++) {
            process = process.get().parent();
            if (process.isPresent() && process.get().pid() == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** A forking program's first process ended: exit 0 hands over to the daemon its pid file names. */
    private boolean forked(Exited exited) {
        if (!pidFileReadiness() || !awaitingReadiness() || exited.pid() < 0 || exited.status().code() != 0) {
            return false;
        }
        main = null;
        forkedStatus = exited.status();
        pidFileProblem = null;
        pidFileAtNanos = System.nanoTime();
        saveState();
        return true;
    }

    private void checkPidFile() {
        long self = ProcessHandle.current().pid();
        PidFile.Contents contents = PidFile.read(Path.of(readinessSpec.get().target()));
        if (contents.pid().isPresent()) {
            long pid = contents.pid().getAsLong();
            // The daemon is re-parented to this process (the subreaper), or still below a process of the program.
            if (pid != self && descendsFrom(pid, self) && !isStartedHelper(pid) && port.ownsProcess(pid)) {
                adopt(pid);
                if (main != null) {
                    becomeReady("the pid file " + readinessSpec.get().target() + " names pid " + pid);
                    return;
                }
            }
            pidFileProblem = "the pid file " + readinessSpec.get().target() + " names pid " + pid
                    + ", which is not a live process of the program";
        } else {
            pidFileProblem = contents.problem();
        }
        pidFileAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
    }

    /** The supervisor's own helpers (the tree watchdog's shell) are never the program's daemon. */
    private static boolean isStartedHelper(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments())
                .map(args -> java.util.Arrays.asList(args).contains("svcctl-watchdog")).orElse(false);
    }

    /** readiness.timeout passed: the start has failed; the program is stopped and restarted like a crash. */
    private void notReady() throws IOException {
        if (!awaitingReadiness()) {
            return;
        }
        String why = "not ready after " + Durations.format(readinessSpec.get().timeout());
        runFailure = Optional.of(why);
        if (readinessMonitor != null) {
            readinessMonitor.stopWatching();
        }
        pidFileAtNanos = NONE;
        if (main == null) {
            // A forking program whose daemon never showed: nothing to signal; what is left of it is killed.
            emit(Kind.NOT_READY, why + ": " + pidFileProblem);
            inbox.add(new Exited(run, -1, forkedStatus));
            return;
        }
        emit(Kind.NOT_READY, why + " (" + readinessSpec.get().kind().key() + "); stopping it: sending "
                + spec.stop().signal().sigName() + " to pid " + main.pid() + ", killing the process tree after "
                + Durations.format(spec.stop().timeout()), main.pid());
        enter(ProgramState.STOPPING, runFailure);
        signalProgram(spec.stop().signal());
    }

    /** A missed watchdog (or WATCHDOG=trigger): SIGABRT as systemd sends, the tree killed after stop.timeout. */
    private void watchdogFailed(String detail) throws IOException {
        if (main == null || stopping || unhealthyRestart || runFailure.isPresent()) {
            return;
        }
        watchdogAtNanos = NONE;
        runFailure = Optional.of("watchdog: " + detail);
        emit(Kind.WATCHDOG, runFailure.get() + "; sending SIGABRT to pid " + main.pid() + ", killing the"
                + " process tree after " + Durations.format(spec.stop().timeout()), main.pid());
        enter(ProgramState.STOPPING, runFailure);
        port.abort(main.pid());
        killAtNanos = System.nanoTime() + spec.stop().timeout().toNanos();
    }

    private void onExit(Exited exited) throws InterruptedException {
        // Only the end of the current main process ends the run: after a MAINPID=, the first process may end.
        if (exited.run() != run || (main == null ? exited.pid() >= 0 : exited.pid() != main.pid())) {
            return;
        }
        if (forked(exited)) {
            return;
        }
        Instant now = settings.clock().instant();
        long pid = exited.pid();
        main = null;
        killAtNanos = NONE;
        readyByNanos = NONE;
        watchdogAtNanos = NONE;
        pidFileAtNanos = NONE;
        readiness = ReadyState.NONE;
        if (healthMonitor != null) {
            healthMonitor.stopWatching();
        }
        if (readinessMonitor != null) {
            readinessMonitor.stopWatching();
        }
        int leftovers = wholeTree() ? port.killDescendants() : 0;
        output.drain(DRAIN_MILLIS);
        lastExit = Optional.of(new SupervisorState.Exit(exited.status().code(),
                exited.status().signal().map(Signal::name), now));
        String ended = pid >= 0 ? "program (pid " + pid + ") ended with " + exited.status()
                : runFailure.isPresent() ? "the program has no process left (its first one ended with "
                        + exited.status() + ")"
                : "the program did not start (counted as " + exited.status() + ")";
        emit(Kind.EXITED, ended + (leftovers > 0 ? "; killed " + leftovers + " leftover process(es)" : ""));
        Instant startedAt = runStartedAt == null ? now : runStartedAt;
        RestartDecision decision = stopping ? null : runFailure.isPresent()
                ? tracker.onFailedRun(runFailure.get(), startedAt, now)
                : tracker.onExit(exited.status(), unhealthyRestart, startedAt, now);
        unhealthyRestart = false;
        runFailure = Optional.empty();
        afterRun(decision);
    }

    /**
     * The run is over (the program ended, or its start failed): hooks.postStop runs, then {@code decision} is
     * carried out; null, or a stop requested meanwhile, ends supervision as stopped.
     */
    private void afterRun(RestartDecision decision) {
        List<String> postStop = spec.hooks().map(HooksSpec::postStop).orElse(List.of());
        if (postStop.isEmpty()) {
            conclude(decision);
            return;
        }
        enter(stopping || decision == null || !decision.restart() ? ProgramState.STOPPING : ProgramState.BACKOFF,
                Optional.of("running hooks.postStop"));
        runHook("postStop", postStop, failure -> {
            if (failure != null) {
                emit(Kind.WARNING, "hooks.postStop " + failure);
            }
            conclude(decision);
        });
    }

    private void conclude(RestartDecision decision) {
        if (stopping || decision == null) {
            finishStopped();
            return;
        }
        if (decision.restart()) {
            restartAtNanos = System.nanoTime() + decision.delay().toNanos();
            enter(ProgramState.BACKOFF, Optional.of(decision.reason()));
            emit(Kind.RESTARTING, decision.reason() + "; restarting in " + Durations.format(decision.delay()));
        } else {
            finish(decision.supervisorExitCode() == 0 ? ProgramState.STOPPED : ProgramState.FAILED,
                    new Outcome(decision.supervisorExitCode(), decision.reason()));
        }
    }

    /** Ends supervision after a stop: as stopped on request, or as failed after {@link #stopFailing}. */
    private void finishStopped() {
        if (stopFailure != null) {
            finish(ProgramState.FAILED, new Outcome(1, stopFailure));
        } else {
            finish(ProgramState.STOPPED, new Outcome(0, "stopped on request"));
        }
    }

    private void onStopRequest() throws IOException {
        if (!stopping) {
            notifyPort.notifyInitSystem("STOPPING=1");
        }
        if (hook != null) {
            // A preStart ends at once (the program never starts); a postStop may finish within hooks.timeout,
            // unless asked twice. Either way supervision ends as stopped once it is over.
            if (stopping || hookName.equals("preStart")) {
                killHook("a stop was requested");
            }
            stopping = true;
            restartAtNanos = NONE;
            return;
        }
        if (main == null) {
            stopping = true;
            restartAtNanos = NONE;
            finishStopped();
            return;
        }
        if (stopping) {
            killAtNanos = System.nanoTime();
            return;
        }
        stopping = true;
        Signal signal = spec.stop().signal();
        emit(Kind.STOPPING, "stopping: sending " + signal.sigName() + " to pid " + main.pid()
                + ", killing the process tree after " + Durations.format(spec.stop().timeout()));
        enter(ProgramState.STOPPING, Optional.of("stop requested"));
        signalProgram(signal);
    }

    private void onReload() throws IOException {
        if (!spec.reloads()) {
            emit(Kind.WARNING, "reload requested, but the spec has no reload.signal or reload.exec; ignored");
        } else if (main == null || stopping) {
            return;
        } else if (spec.reloadSignal().isPresent()) {
            signalProgram(spec.reloadSignal().get());
            emit(Kind.RELOADED, "sent " + spec.reloadSignal().get().sigName() + " to pid " + main.pid());
        } else if (reloading) {
            emit(Kind.WARNING, "reload requested while the reload command still runs; ignored");
        } else {
            runReloadCommand(main.pid());
        }
    }

    /** Runs reload.exec beside the message loop, which must stay free to handle a stop or an exit meanwhile. */
    private void runReloadCommand(long mainPid) {
        String command = spec.reloadExec().get(0);
        Process reload;
        try {
            reload = port.start(ProgramLaunch.reloadBuilder(spec, settings.inheritedEnvironment(), launchNotify,
                    mainPid, problem -> emit(Kind.WARNING, problem)));
            reload.getOutputStream().close();
        } catch (IOException e) {
            emit(Kind.RELOAD_FAILED, "reload failed: cannot run " + command + ": " + e.getMessage());
            return;
        }
        reloading = true;
        Thread waiter = new Thread(() -> {
            String failure;
            try {
                if (reload.waitFor(RELOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    int code = reload.exitValue();
                    failure = code == 0 ? null : command + " exited with " + code;
                } else {
                    reload.descendants().forEach(ProcessHandle::destroyForcibly);
                    reload.destroyForcibly();
                    failure = command + " did not finish within " + Durations.format(RELOAD_TIMEOUT)
                            + "; killed";
                }
            } catch (InterruptedException e) {
                reload.destroyForcibly();
                failure = command + ": interrupted";
            }
            inbox.add(new ReloadFinished(reload.pid(), failure));
        }, "svcctl-reload-" + spec.name());
        waiter.setDaemon(true);
        waiter.start();
    }

    private void onUnhealthy(Unhealthy unhealthy) throws IOException {
        if (unhealthy.run() != run || main == null || stopping || unhealthyRestart || runFailure.isPresent()) {
            return;
        }
        unhealthyRestart = true;
        health = Health.UNHEALTHY;
        emit(Kind.UNHEALTHY, "unhealthy: " + unhealthy.detail() + "; restarting the program");
        enter(ProgramState.STOPPING, Optional.of("unhealthy: " + unhealthy.detail()));
        signalProgram(spec.stop().signal());
    }

    private void signalProgram(Signal signal) throws IOException {
        port.signal(main.pid(), signal);
        if (killAtNanos == NONE && signal == spec.stop().signal()) {
            killAtNanos = System.nanoTime() + spec.stop().timeout().toNanos();
        }
    }

    private void onTimer() throws IOException {
        long now = System.nanoTime();
        if (killAtNanos != NONE && now >= killAtNanos) {
            killAtNanos = NONE;
            if (wholeTree()) {
                emit(Kind.KILLING, "the program did not end within " + Durations.format(spec.stop().timeout())
                        + "; killing its process tree");
                port.killDescendants();
            } else if (main != null) {
                emit(Kind.KILLING, "the program did not end within " + Durations.format(spec.stop().timeout())
                        + "; killing it (stop.mode: process leaves its children)");
                port.signal(main.pid(), Signal.KILL);
            }
        }
        if (readyByNanos != NONE && now >= readyByNanos) {
            readyByNanos = NONE;
            notReady();
        }
        if (pidFileAtNanos != NONE && now >= pidFileAtNanos) {
            pidFileAtNanos = NONE;
            if (awaitingReadiness()) {
                checkPidFile();
            }
        }
        if (watchdogAtNanos != NONE && now >= watchdogAtNanos) {
            watchdogAtNanos = NONE;
            watchdogFailed("no WATCHDOG=1 for " + Durations.format(watchdog.get()));
        }
        if (initPingAtNanos != NONE && now >= initPingAtNanos) {
            initPingAtNanos = now + initPingNanos;
            notifyPort.notifyInitSystem("WATCHDOG=1");
        }
        if (hookKillAtNanos != NONE && now >= hookKillAtNanos) {
            hookKillAtNanos = NONE;
            killHook("it did not finish within " + Durations.format(spec.hooks().get().timeout()));
        }
        if (restartAtNanos != NONE && now >= restartAtNanos) {
            restartAtNanos = NONE;
            spawn();
        }
    }

    /** A run begins: hooks.preStart first when the spec has one, then the program. */
    private void spawn() throws IOException {
        run++;
        unhealthyRestart = false;
        runFailure = Optional.empty();
        statusText = Optional.empty();
        runStartedAt = settings.clock().instant();
        List<String> preStart = spec.hooks().map(HooksSpec::preStart).orElse(List.of());
        if (preStart.isEmpty()) {
            launch();
            return;
        }
        enter(ProgramState.STARTING, Optional.of("running hooks.preStart"));
        runHook("preStart", preStart, failure -> {
            if (stopping) {
                afterRun(null);
            } else if (failure == null) {
                launch();
            } else {
                // A failed start, like a program that could not be executed: counted toward burst, restarted
                // unless the policy is never, and followed by postStop (as systemd runs ExecStopPost= then).
                String why = "hooks.preStart " + failure;
                emit(Kind.START_FAILED, why + "; the program was not started");
                Instant now = settings.clock().instant();
                afterRun(tracker.onFailedRun(why, runStartedAt, now));
            }
        });
    }

    /** What to do once a hook is over: {@code failure} is null when it exited 0 in time. */
    @FunctionalInterface
    private interface HookContinuation {
        void accept(String failure) throws IOException;
    }

    /**
     * Starts a hook with the program's environment, working directory and CPUs (its user is the supervisor's, which
     * is the program's) beside the message loop, which stays free for a stop; its end comes back as
     * {@link HookEnded}, and past hooks.timeout its process tree is killed (see {@link #onTimer}).
     */
    private void runHook(String name, List<String> command, HookContinuation then) {
        Process started;
        try {
            ProcessBuilder builder = ProgramLaunch.hookBuilder(spec, command, settings.inheritedEnvironment(),
                    problem -> emit(Kind.WARNING, problem));
            started = port.startOn(spec.cpuAffinity(), () -> port.start(builder));
            started.getOutputStream().close();
        } catch (IOException e) {
            try {
                then.accept("cannot run " + command.get(0) + ": " + e.getMessage());
            } catch (IOException again) {
                finish(ProgramState.FAILED, new Outcome(1, "supervisor failure: " + again));
            }
            return;
        }
        hook = started;
        hookName = name;
        hookKilled = false;
        afterHook = then;
        long number = ++hooks;
        hookKillAtNanos = System.nanoTime() + spec.hooks().get().timeout().toNanos();
        emit(Kind.HOOK, "hooks." + name + ": started " + command.get(0) + " (pid " + started.pid() + ")",
                started.pid());
        started.onExit().thenRun(() -> inbox.add(new HookEnded(number, started.exitValue())));
    }

    private void onHookEnded(int exitCode) throws IOException {
        String failure = hookKilled ? hookFailure : exitCode == 0 ? null : "failed with " + new ExitStatus(exitCode);
        emit(Kind.HOOK, "hooks." + hookName + " ended with " + new ExitStatus(exitCode), hook.pid());
        hook = null;
        hookKillAtNanos = NONE;
        HookContinuation then = afterHook;
        afterHook = null;
        then.accept(failure);
    }

    /**
     * Kills the running hook's whole process tree. The program is not running while a hook runs, so with
     * stop.mode group every descendant of this process is the hook's; with stop.mode process the program's
     * leftover children are spared and the hook's tree is walked instead.
     */
    private void killHook(String why) {
        if (hook == null || hookKilled) {
            return;
        }
        hookKilled = true;
        hookFailure = "was killed: " + why;
        emit(Kind.KILLING, "hooks." + hookName + " (pid " + hook.pid() + "): " + why + "; killing its process tree",
                hook.pid());
        if (wholeTree()) {
            port.killDescendants();
        } else {
            hook.descendants().forEach(ProcessHandle::destroyForcibly);
            hook.destroyForcibly();
        }
    }

    /** Starts the program itself. */
    private void launch() throws IOException {
        Process process;
        try {
            ProcessBuilder builder = ProgramLaunch.builder(spec, settings.inheritedEnvironment(), launchNotify,
                    problem -> emit(Kind.WARNING, problem));
            output.configure(builder);
            process = port.startOn(spec.cpuAffinity(),
                    () -> wholeTree() ? port.start(builder) : port.startLeavingDescendants(builder));
        } catch (IOException e) {
            output.abandon();
            emit(Kind.START_FAILED, "cannot start " + spec.exec() + ": " + e.getMessage());
            inbox.add(new Exited(run, -1, new ExitStatus(127)));
            return;
        }
        process.getOutputStream().close();
        output.attach(process, run);
        main = process.toHandle();
        long thisRun = run;
        long pid = process.pid();
        process.onExit().thenRun(() -> inbox.add(new Exited(thisRun, pid, new ExitStatus(process.exitValue()))));
        if (healthMonitor != null) {
            health = Health.UNKNOWN;
            healthMonitor.watch(run);
        }
        // Without readiness a started program is ready: the state file never shows it running but waiting.
        readiness = readinessSpec.isEmpty() ? ReadyState.READY : ReadyState.WAITING;
        readinessSpec.ifPresent(ready -> readyByNanos = System.nanoTime() + ready.timeout().toNanos());
        if (readinessMonitor != null) {
            readinessMonitor.watch(run);
        }
        enter(ProgramState.RUNNING, Optional.empty());
        emit(Kind.STARTED, "started " + spec.exec() + " (pid " + pid + ")"
                + (tracker.restarts() > 0 ? ", restart " + tracker.restarts() : ""), pid);
        if (readinessSpec.isEmpty()) {
            becomeReady("started");
        }
    }

    /** stop.mode: group ends the program's whole tree, process only the program itself. */
    private boolean wholeTree() {
        return spec.stop().mode() == StopMode.GROUP;
    }

    /**
     * Supervision is over: the state file says {@code stopping} until {@link #cleanUp} has killed what is left and
     * closed the logs, and only then {@code finalState}, so that nobody reads "stopped" (and {@code svcctl stop}
     * does not return) while this process still ends the program's tree.
     */
    private void finish(ProgramState finalState, Outcome result) {
        this.finalState = finalState;
        enter(ProgramState.STOPPING, Optional.of(result.reason()));
        emit(Kind.FINISHED, result.reason());
        outcome = result;
    }

    private void cleanUp() {
        try {
            if (healthMonitor != null) {
                healthMonitor.close();
            }
            if (readinessMonitor != null) {
                readinessMonitor.close();
            }
            closeNotifySocket();
            if (wholeTree()) {
                port.killDescendants();
            } else if (main != null) {
                port.signal(main.pid(), Signal.KILL);
            }
            if (output != null) {
                output.drain(DRAIN_MILLIS);
                output.close();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            emit(Kind.WARNING, "while finishing: " + e);
        } finally {
            if (outcome == null) {
                outcome = new Outcome(1, "supervision ended unexpectedly");
            }
            if (finalState != null) {
                enter(finalState, Optional.of(outcome.reason()));
            }
            finished.countDown();
        }
    }

    private void closeNotifySocket() {
        if (notifySocket != null) {
            try {
                notifySocket.close();
            } catch (IOException e) {
                emit(Kind.WARNING, "cannot close the notify socket " + notifySocket.path() + ": " + e.getMessage());
            }
        }
    }

    private void enter(ProgramState newState, Optional<String> why) {
        if (newState != state) {
            state = newState;
            since = settings.clock().instant();
        }
        reason = why;
        saveState();
    }

    private void saveState() {
        OptionalLong pid = main == null ? OptionalLong.empty() : OptionalLong.of(main.pid());
        snapshot = new SupervisorState(spec.name(), ProcessHandle.current().pid(), pid, state, since,
                tracker.restarts(), lastExit, health, readiness, statusText,
                output == null ? Optional.empty() : output.directory(), reason, false, shared != null);
        if (stateFile.isPresent()) {
            try {
                stateFile.get().write(snapshot);
            } catch (IOException e) {
                if (!stateFileWarned) {
                    stateFileWarned = true;
                    emit(Kind.WARNING, "cannot write the state file " + stateFile.get().path() + ": " + e);
                }
            }
        }
    }

    private void emit(Kind kind, String message) {
        listener.onEvent(SupervisorEvent.of(kind, message));
    }

    private void emit(Kind kind, String message, long pid) {
        listener.onEvent(SupervisorEvent.of(kind, message, pid));
    }
}
