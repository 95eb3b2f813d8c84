package dev.svcctl.supervisor;

import dev.svcctl.spec.Durations;
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
import java.time.Duration;
import java.time.Instant;
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
 * messages (program exits, stop and reload requests, health verdicts), so no two decisions ever race.
 *
 * <p>The Java API, for {@code svcctl run} and for the Windows service host: {@link #start()}, {@link #stop()},
 * {@link #reload()}, {@link #awaitExit()}, and a {@link SupervisorListener} for lifecycle events.
 */
public final class Supervisor {
    private static final long NONE = Long.MAX_VALUE;
    private static final long DRAIN_MILLIS = 5_000;
    /** As long as systemd gives ExecReload= by default (DefaultTimeoutStartSec). */
    static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(90);
    private static final long REAP_INTERVAL = TimeUnit.SECONDS.toNanos(5);

    private sealed interface Message
            permits Exited, StopRequested, ReloadRequested, ReloadFinished, Unhealthy, HealthChanged {
    }

    private record Exited(long run, ExitStatus status) implements Message {
    }

    private record StopRequested() implements Message {
    }

    private record ReloadRequested() implements Message {
    }

    /** A reload command ended; {@code failure} is null when it exited 0. */
    private record ReloadFinished(long pid, String failure) implements Message {
    }

    private record Unhealthy(long run, String detail) implements Message {
    }

    private record HealthChanged(long run, Health health) implements Message {
    }

    private final ServiceSpec spec;
    private final SupervisorSettings settings;
    private final ProcessPort port;
    private final SupervisorListener listener;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final RestartTracker tracker;
    private final Optional<StateFile> stateFile;
    private volatile Outcome outcome;
    private volatile SupervisorState snapshot;

    private ProgramOutput output;
    private HealthMonitor healthMonitor;
    private Process process;
    private long run;
    private Instant runStartedAt;
    private boolean stopping;
    private boolean reloading;
    private boolean unhealthyRestart;
    private long restartAtNanos = NONE;
    private long killAtNanos = NONE;
    private ProgramState state = ProgramState.STARTING;
    private Instant since;
    private Optional<SupervisorState.Exit> lastExit = Optional.empty();
    private Health health;
    /** Whether the program is ready: set by {@link #markWaiting()}, {@link #markReady()} and at the program's end. */
    private ReadyState ready = ReadyState.NONE;
    private Optional<String> reason = Optional.empty();
    private boolean stateFileWarned;

    public Supervisor(ServiceSpec spec, SupervisorSettings settings, ProcessPort port, SupervisorListener listener) {
        this.spec = spec;
        this.settings = settings;
        this.port = port;
        this.listener = listener;
        this.tracker = new RestartTracker(spec.restart());
        this.stateFile = settings.stateFile().map(StateFile::new);
        this.health = spec.healthCheck().isPresent() ? Health.UNKNOWN : Health.NONE;
        this.since = settings.clock().instant();
    }

    /**
     * Opens the logs and starts the program on the supervisor's thread.
     *
     * @throws IOException when the log files cannot be opened; nothing has been started then
     */
    public synchronized void start() throws IOException {
        if (output != null) {
            throw new IllegalStateException("already started");
        }
        output = new ProgramOutput(spec.logs(), settings.defaultLogTarget(), settings.defaultLogDir(),
                settings.clock(), port, problem -> emit(Kind.WARNING, problem));
        if (!port.keepOrphans()) {
            emit(Kind.WARNING, "this OS cannot keep hold of re-parented descendants; a process that leaves the"
                    + " program's tree may outlive it");
        }
        spec.healthCheck().ifPresent(check -> healthMonitor = new HealthMonitor(check, HealthProbe.of(check, port),
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
        Thread thread = new Thread(this::supervise, "svcctl-supervisor-" + spec.name());
        thread.start();
    }

    /** Asks for a graceful stop; a second request while stopping kills the process tree at once. */
    public void stop() {
        inbox.add(new StopRequested());
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
            spawn();
            while (outcome == null) {
                // Wakes up at least every REAP_INTERVAL to collect orphans that ended (no zombies pile up).
                long deadline = Math.min(Math.min(restartAtNanos, killAtNanos), System.nanoTime() + REAP_INTERVAL);
                Message message = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null) {
                    onTimer();
                } else {
                    handle(message);
                }
                port.reapOrphans();
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
        } else if (message instanceof StopRequested) {
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
        }
    }

    private void onExit(Exited exited) throws InterruptedException {
        if (exited.run() != run) {
            return;
        }
        Instant now = settings.clock().instant();
        long pid = process == null ? -1 : process.pid();
        process = null;
        killAtNanos = NONE;
        if (healthMonitor != null) {
            healthMonitor.stopWatching();
        }
        int leftovers = wholeTree() ? port.killDescendants() : 0;
        output.drain(DRAIN_MILLIS);
        lastExit = Optional.of(new SupervisorState.Exit(exited.status().code(),
                exited.status().signal().map(Signal::name), now));
        ready = ReadyState.NONE;
        emit(Kind.EXITED, (pid < 0 ? "the program did not start (counted as " + exited.status() + ")"
                : "program (pid " + pid + ") ended with " + exited.status())
                + (leftovers > 0 ? "; killed " + leftovers + " leftover process(es)" : ""));
        if (stopping) {
            finish(ProgramState.STOPPED, new Outcome(0, "stopped on request"));
            return;
        }
        RestartDecision decision = tracker.onExit(exited.status(), unhealthyRestart,
                runStartedAt == null ? now : runStartedAt, now);
        unhealthyRestart = false;
        if (decision.restart()) {
            restartAtNanos = System.nanoTime() + decision.delay().toNanos();
            enter(ProgramState.BACKOFF, Optional.of(decision.reason()));
            emit(Kind.RESTARTING, decision.reason() + "; restarting in " + Durations.format(decision.delay()));
        } else {
            finish(decision.supervisorExitCode() == 0 ? ProgramState.STOPPED : ProgramState.FAILED,
                    new Outcome(decision.supervisorExitCode(), decision.reason()));
        }
    }

    private void onStopRequest() throws IOException {
        if (process == null) {
            restartAtNanos = NONE;
            finish(ProgramState.STOPPED, new Outcome(0, "stopped on request"));
            return;
        }
        if (stopping) {
            killAtNanos = System.nanoTime();
            return;
        }
        stopping = true;
        Signal signal = spec.stop().signal();
        emit(Kind.STOPPING, "stopping: sending " + signal.sigName() + " to pid " + process.pid()
                + ", killing the process tree after " + Durations.format(spec.stop().timeout()));
        enter(ProgramState.STOPPING, Optional.of("stop requested"));
        signalProgram(signal);
    }

    private void onReload() throws IOException {
        if (!spec.reloads()) {
            emit(Kind.WARNING, "reload requested, but the spec has no reload.signal or reload.exec; ignored");
        } else if (process == null || stopping) {
            return;
        } else if (spec.reloadSignal().isPresent()) {
            signalProgram(spec.reloadSignal().get());
            emit(Kind.RELOADED, "sent " + spec.reloadSignal().get().sigName() + " to pid " + process.pid());
        } else if (reloading) {
            emit(Kind.WARNING, "reload requested while the reload command still runs; ignored");
        } else {
            runReloadCommand(process.pid());
        }
    }

    /** Runs reload.exec beside the message loop, which must stay free to handle a stop or an exit meanwhile. */
    private void runReloadCommand(long mainPid) {
        String command = spec.reloadExec().get(0);
        Process reload;
        try {
            reload = port.start(ProgramLaunch.reloadBuilder(spec, settings.inheritedEnvironment(), mainPid,
                    problem -> emit(Kind.WARNING, problem)));
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
        if (unhealthy.run() != run || process == null || stopping || unhealthyRestart) {
            return;
        }
        unhealthyRestart = true;
        health = Health.UNHEALTHY;
        emit(Kind.UNHEALTHY, "unhealthy: " + unhealthy.detail() + "; restarting the program");
        enter(ProgramState.STOPPING, Optional.of("unhealthy: " + unhealthy.detail()));
        signalProgram(spec.stop().signal());
    }

    private void signalProgram(Signal signal) throws IOException {
        port.signal(process.pid(), signal);
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
            } else if (process != null) {
                emit(Kind.KILLING, "the program did not end within " + Durations.format(spec.stop().timeout())
                        + "; killing it (stop.mode: process leaves its children)");
                port.signal(process.pid(), Signal.KILL);
            }
        }
        if (restartAtNanos != NONE && now >= restartAtNanos) {
            restartAtNanos = NONE;
            spawn();
        }
    }

    private void spawn() throws IOException {
        run++;
        unhealthyRestart = false;
        Instant now = settings.clock().instant();
        runStartedAt = now;
        markWaiting();
        try {
            ProcessBuilder builder = ProgramLaunch.builder(spec, settings.inheritedEnvironment(),
                    problem -> emit(Kind.WARNING, problem));
            output.configure(builder);
            process = wholeTree() ? port.start(builder) : port.startLeavingDescendants(builder);
        } catch (IOException e) {
            output.abandon();
            emit(Kind.START_FAILED, "cannot start " + spec.exec() + ": " + e.getMessage());
            inbox.add(new Exited(run, new ExitStatus(127)));
            return;
        }
        process.getOutputStream().close();
        output.attach(process, run);
        long thisRun = run;
        Process started = process;
        started.onExit().thenRun(() -> inbox.add(new Exited(thisRun, new ExitStatus(started.exitValue()))));
        if (healthMonitor != null) {
            health = Health.UNKNOWN;
            healthMonitor.watch(run);
        }
        enter(ProgramState.RUNNING, Optional.empty());
        markReady();
        emit(Kind.STARTED, "started " + spec.exec() + " (pid " + process.pid() + ")"
                + (tracker.restarts() > 0 ? ", restart " + tracker.restarts() : ""), process.pid());
    }

    /** stop.mode: group ends the program's whole tree, process only the program itself. */
    private boolean wholeTree() {
        return spec.stop().mode() == StopMode.GROUP;
    }

    private void finish(ProgramState finalState, Outcome result) {
        enter(finalState, Optional.of(result.reason()));
        emit(Kind.FINISHED, result.reason());
        outcome = result;
    }

    private void cleanUp() {
        try {
            if (healthMonitor != null) {
                healthMonitor.close();
            }
            if (wholeTree()) {
                port.killDescendants();
            } else if (process != null) {
                port.signal(process.pid(), Signal.KILL);
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
            finished.countDown();
        }
    }

    /** A program is being started: not ready until {@link #markReady()}. */
    private void markWaiting() {
        ready = ReadyState.WAITING;
    }

    /**
     * The one place where the program becomes ready. Until readiness can be declared in the spec, a program is
     * ready once it runs (as systemd's Type=exec has it).
     */
    private void markReady() {
        if (ready != ReadyState.READY) {
            ready = ReadyState.READY;
            saveState();
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
        OptionalLong pid = process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
        snapshot = new SupervisorState(spec.name(), ProcessHandle.current().pid(), pid, state, since,
                tracker.restarts(), lastExit, health, ready, Optional.empty(),
                output == null ? Optional.empty() : output.directory(), reason);
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
