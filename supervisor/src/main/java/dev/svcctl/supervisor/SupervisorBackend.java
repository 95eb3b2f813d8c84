package dev.svcctl.supervisor;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.backend.WaitProgress;
import dev.svcctl.logs.LogStream;
import dev.svcctl.logs.ServiceLogs;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.spec.Durations;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisedStatus;
import dev.svcctl.state.SupervisorState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The services {@code svcctl run} hosts on a host with no init system, found through their state files in the
 * runtime directories ({@link SvcctlPaths#runtimeDirs}). Never detected as a host's init system: the CLI falls back
 * to it for status, list, stop, reload, start and restart when it finds none, and {@code --backend supervisor}
 * names it. It renders and installs nothing (the CLI refuses those for it before loading a spec).
 *
 * <p>A service is what its state file says, seen through {@link SupervisedStatus#standalone}: while its supervisor
 * runs, the program's pid, state, restarts, last exit, health and readiness; once the supervisor is gone,
 * {@code stopped} or {@code failed} as it left things, without a pid.
 */
public final class SupervisorBackend implements Backend {
    public static final String ID = "supervisor";
    /** How long {@code stop} waits for a supervisor at most (systemd's default stop timeout). */
    static final Duration STOP_BOUND = Duration.ofSeconds(90);
    private static final long POLL_MILLIS = 50;

    private final Function<Scope, List<Path>> runtimeDirs;
    private final SupervisorProcesses processes;
    private final Duration stopBound;

    /** The host's runtime directories and processes; cheap: nothing is read or started before an operation. */
    public SupervisorBackend() {
        this(scope -> SvcctlPaths.current().runtimeDirs(scope), null, STOP_BOUND);
    }

    SupervisorBackend(Function<Scope, List<Path>> runtimeDirs, SupervisorProcesses processes, Duration stopBound) {
        this.runtimeDirs = runtimeDirs;
        this.processes = processes;
        this.stopBound = stopBound;
    }

    private SupervisorProcesses processes() {
        return processes != null ? processes : SupervisorProcesses.host(new CommonsExecProcessRunner());
    }

    @Override
    public String id() {
        return ID;
    }

    /** Never the host's init system: the CLI chooses this backend only when it detects none. */
    @Override
    public boolean detect(Host host) {
        return false;
    }

    @Override
    public List<SpecProblem> check(ServiceSpec spec) {
        return List.of(rendersNothing());
    }

    @Override
    public Rendering render(ServiceSpec spec, RenderOptions options) throws UnsupportedSpecException {
        throw new UnsupportedSpecException(List.of(rendersNothing()));
    }

    private static SpecProblem rendersNothing() {
        return new SpecProblem("", "the supervisor backend renders nothing: it reads the state of services that"
                + " 'svcctl run' hosts", "name the target's init system with --backend systemd|launchd|windows");
    }

    /** The one-line refusal of render, install and uninstall, which the CLI gives before it loads a spec. */
    public static BackendException noFiles(String operation) {
        return new BackendException(ExitCode.USAGE, "'" + operation + "' does not work with the supervisor backend:"
                + " it only reads the state of services that 'svcctl run' hosts",
                "name the target's init system with --backend systemd|launchd|windows; 'svcctl run FILE' hosts a"
                        + " program on a host without one");
    }

    @Override
    public List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        throw noFiles("install");
    }

    @Override
    public List<String> uninstall(List<String> names, InstallOptions options) throws BackendException {
        throw noFiles("uninstall");
    }

    @Override
    public void start(List<String> names, boolean user) throws BackendException {
        throw noInitSystem("start", names);
    }

    @Override
    public void restart(List<String> names, boolean user) throws BackendException {
        throw noInitSystem("restart", names);
    }

    @Override
    public List<Enablement> enable(List<String> names, boolean user) throws BackendException {
        throw noBoot("enable", names);
    }

    @Override
    public List<Enablement> disable(List<String> names, boolean user) throws BackendException {
        throw noBoot("disable", names);
    }

    /** enable/disable: with no init system nothing starts a service at boot, so there is nothing to switch. */
    static BackendException noBoot(String operation, List<String> names) {
        return new BackendException(ExitCode.UNAVAILABLE, "cannot " + operation + " " + String.join(", ", names)
                + ": there is no init system on this host to start " + (names.size() == 1 ? "it" : "them")
                + " at boot", "start 'svcctl run FILE' from whatever starts programs here (a container's entry"
                + " point, cron's @reboot); on a host with an init system, 'svcctl install' then 'svcctl " + operation
                + "'");
    }

    private static BackendException noInitSystem(String operation, List<String> names) {
        return new BackendException(ExitCode.UNAVAILABLE, "cannot " + operation + " " + String.join(", ", names)
                + ": there is no init system on this host to start " + (names.size() == 1 ? "it" : "them"),
                "run it with 'svcctl run FILE' (or 'svcctl run --name NAME' for an installed spec)");
    }

    @Override
    public List<ServiceStatus> status(List<String> names, boolean user) throws BackendException {
        checkNames(names);
        List<ServiceStatus> statuses = new ArrayList<>();
        for (String name : names) {
            statuses.add(find(name, user).map(Found::status).orElse(ServiceStatus.notInstalled(name, ID)));
        }
        return statuses;
    }

    @Override
    public List<ServiceStatus> list(boolean user) throws BackendException {
        TreeMap<String, ServiceStatus> byName = new TreeMap<>();
        for (Path dir : runtimeDirs.apply(scope(user))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                    if (ServiceSpec.nameProblem(name) == null && !byName.containsKey(name)) {
                        names.add(name);
                    }
                }
            } catch (IOException | SecurityException unreadable) {
                continue; // another user's runtime directory: none of its services are this user's to see
            }
            for (String name : names) {
                find(name, List.of(dir)).ifPresent(found -> byName.put(name, found.status()));
            }
        }
        return List.copyOf(byName.values());
    }

    @Override
    public void stop(List<String> names, boolean user) throws BackendException {
        List<Found> running = running(names, user, false);
        for (Found found : running) {
            send(found, Signal.TERM);
        }
        long deadline = System.nanoTime() + stopBound.toNanos();
        for (Found found : running) {
            try (WaitProgress.Wait wait = WaitProgress.start(found.name() + " to stop")) {
                awaitStop(found, deadline, wait);
            }
        }
    }

    private void awaitStop(Found found, long deadline, WaitProgress.Wait wait) throws BackendException {
        while (!stopped(found)) {
            wait.tick();
            if (System.nanoTime() - deadline > 0) {
                throw new BackendException(ExitCode.FAILED, found.name() + " did not stop within "
                        + Durations.format(stopBound) + " (svcctl run, pid " + found.state().supervisorPid()
                        + ", still runs)", "kill -KILL " + found.state().supervisorPid()
                        + " ends it and, on Linux, its program's whole tree");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException(ExitCode.FAILED, "interrupted while " + found.name() + " stops", null);
            }
        }
    }

    @Override
    public void reload(List<String> names, boolean user) throws BackendException {
        for (Found found : running(names, user, true)) {
            send(found, Signal.HUP);
        }
    }

    /** The program's rotated files, found through the directory its state file names. */
    @Override
    public void logs(String name, LogStream stream, int lines, boolean follow, boolean user, OutputStream out)
            throws BackendException {
        checkNames(List.of(name));
        Found found = find(name, user).orElseThrow(() -> new BackendException(ExitCode.NOT_INSTALLED, name
                + " is not run by 'svcctl run' here (no state file)", "start it with 'svcctl run FILE'"));
        Path dir = found.state().logDir().orElseThrow(() -> new BackendException(ExitCode.FAILED, name
                + " writes no log files: svcctl run passes its output on (logs.stdout/logs.stderr are not 'file')",
                "set logs.stdout: file to keep its output in rotated files"));
        ServiceLogs.show(dir, stream.base(), lines, follow, out);
    }

    /** The supervisors of the named services, all checked before any is signalled. */
    private List<Found> running(List<String> names, boolean user, boolean mustRun) throws BackendException {
        checkNames(names);
        List<Found> running = new ArrayList<>();
        for (String name : names) {
            Optional<Found> found = find(name, user);
            if (found.isEmpty()) {
                throw new BackendException(ExitCode.NOT_INSTALLED, name + " is not run by 'svcctl run' here (no state"
                        + " file in " + String.join(" or ", runtimeDirs.apply(scope(user)).stream().map(Path::toString)
                        .toList()) + ")", "start it with 'svcctl run FILE'" + (user ? "" : "; a user's own services"
                        + " need --user"));
            }
            if (found.get().alive()) {
                running.add(found.get());
            } else if (mustRun) {
                throw new BackendException(ExitCode.NOT_RUNNING, name + " is not running", "run it with 'svcctl run"
                        + " FILE'");
            }
        }
        return running;
    }

    /**
     * A service of an {@code svcctl run} that hosts several is asked through its control socket only: a signal would
     * reach every service of the process, so when the socket is missing or does not answer, the request fails. Any
     * other supervisor is asked on a control socket if one listens, else gets the signal.
     */
    private void send(Found found, Signal signal) throws BackendException {
        Path control = ControlSockets.path(found.file().getParent(), found.name());
        String request = signal == Signal.TERM ? ControlSockets.STOP : ControlSockets.RELOAD;
        long pid = found.state().supervisorPid();
        boolean answered;
        try {
            answered = processes().request(control, request);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot " + request + " " + found.name() + " through its"
                    + " control socket " + control + ": " + e.getMessage(), "only the user running that svcctl run"
                    + " (pid " + pid + ") and root may use the socket; if it hangs, the process may be stopped"
                    + " (kill -CONT " + pid + ")");
        }
        if (answered) {
            return;
        }
        if (found.state().hostsSeveral()) {
            throw new BackendException(ExitCode.FAILED, "cannot " + request + " " + found.name() + ": svcctl run"
                    + " (pid " + pid + ") hosts several services and nobody answers on " + control, "a signal to pid "
                    + pid + " would " + (signal == Signal.TERM ? "stop" : "reload") + " every service it hosts;"
                    + " do that only on purpose (kill -" + signal.name() + " " + pid + ")");
        }
        try {
            processes().signal(pid, signal);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot send " + signal.sigName() + " to svcctl run of "
                    + found.name() + " (pid " + pid + "): " + e.getMessage(),
                    "a supervisor run by another user needs that user (or root) to stop or reload it");
        }
    }

    /** Stopped: the supervisor is gone, or its state file says the program is down for good. */
    private boolean stopped(Found before) {
        Optional<SupervisorState> now = new StateFile(before.file()).read()
                .filter(s -> s.supervisorPid() == before.state().supervisorPid());
        if (now.isPresent() && (now.get().state() == ProgramState.STOPPED
                || now.get().state() == ProgramState.FAILED)) {
            return true;
        }
        return !processes().alive(before.state().supervisorPid(), now.orElse(before.state()).since());
    }

    /** A service's state and whether its supervisor still runs. */
    private record Found(String name, Path file, SupervisorState state, boolean alive) {
        ServiceStatus status() {
            return SupervisedStatus.standalone(ID, state, alive);
        }
    }

    private Optional<Found> find(String name, boolean user) {
        return find(name, runtimeDirs.apply(scope(user)));
    }

    /** The first state of {@code name} whose supervisor runs, else the first state found. */
    private Optional<Found> find(String name, List<Path> dirs) {
        Optional<Found> first = Optional.empty();
        for (Path dir : dirs) {
            Path file = dir.resolve(name + ".json");
            // a monitor file is the shared host's view of a service systemd runs, not a supervisor's
            Optional<SupervisorState> state = new StateFile(file).read()
                    .filter(s -> s.name().equals(name) && !s.monitor());
            if (state.isEmpty()) {
                continue;
            }
            // A state that says the supervision is over is final, even while its process lives on: an svcctl run
            // hosting several services keeps running after one of them ended.
            boolean over = state.get().state() == ProgramState.STOPPED || state.get().state() == ProgramState.FAILED;
            Found found = new Found(name, file, state.get(),
                    !over && processes().alive(state.get().supervisorPid(), state.get().since()));
            if (found.alive()) {
                return Optional.of(found);
            }
            if (first.isEmpty()) {
                first = Optional.of(found);
            }
        }
        return first;
    }

    private static Scope scope(boolean user) {
        return user ? Scope.USER : Scope.SYSTEM;
    }

    private static void checkNames(List<String> names) throws BackendException {
        for (String name : names) {
            String problem = ServiceSpec.nameProblem(name);
            if (problem != null) {
                throw new BackendException(ExitCode.USAGE, problem, null);
            }
        }
    }
}
