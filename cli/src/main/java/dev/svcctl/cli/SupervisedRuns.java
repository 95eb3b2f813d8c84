package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.supervisor.ControlSockets;
import dev.svcctl.supervisor.Outcome;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.supervisor.ProcessPorts;
import dev.svcctl.supervisor.SharedThreads;
import dev.svcctl.supervisor.Supervisor;
import dev.svcctl.supervisor.SupervisorLock;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code svcctl run FILE FILE...}: one process hosts a {@link Supervisor} per spec (docs/design/shared-host.md,
 * option 3), so a host without an init system pays for one JVM, not one per service. Each service keeps what it has
 * under {@code svcctl run FILE}: its lock, state file, restart policy, logs, notify socket and exit handling; its
 * processes are told apart from the other services' ({@link ProcessPort#forService}). What is shared: the JVM, the
 * subreaper with its one reaper thread, the tree watchdog, the signal handlers, the {@link SharedThreads} (one probe
 * scheduler, one log router thread for every file stream) and one thread serving every service's control socket
 * ({@link ControlSockets}: {@code svcctl stop NAME} stops that service only).
 *
 * <p>All or nothing at the start: every spec is read and checked first, then every lock taken, then every service
 * started; a file that fails any of it is reported (one line each, spec errors one per problem) and no service runs.
 * SIGTERM/SIGINT stop every service, SIGHUP reloads every service. The process ends when every service has ended: exit
 * 0 when each ended as {@code svcctl run FILE} would have exited 0 (a requested stop, a clean end), else 1.
 */
final class SupervisedRuns {
    private final List<Path> files;
    private final Map<String, Integer> outcomes = new LinkedHashMap<>();

    SupervisedRuns(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** Each service's exit code, as {@code svcctl run FILE} of it alone would have ended, once all have ended. */
    Map<String, Integer> outcomes() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    int call() throws Exception {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err), true);
        List<ServiceSpec> specs = load(err);
        SvcctlPaths paths = SvcctlPaths.current();
        Path runtime = paths.privateRuntimeDir();
        List<SupervisorLock> locks = new ArrayList<>();
        try {
            int held = 0;
            for (ServiceSpec spec : specs) {
                try {
                    locks.add(SupervisedRun.lock(spec, runtime.resolve(spec.name() + ".lock")));
                } catch (BackendException e) {
                    Failures.report(e, err);
                    held++;
                }
            }
            if (held > 0) {
                throw refusal(held, specs.size(), "could not be locked", ExitCode.FAILED);
            }
            return host(specs, paths, runtime, err);
        } finally {
            for (SupervisorLock lock : locks) {
                lock.close();
            }
        }
    }

    /** Every spec, or none: each file that cannot run is reported, then the whole run is refused. */
    private List<ServiceSpec> load(PrintWriter err) throws BackendException {
        List<ServiceSpec> specs = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        int failed = 0;
        ExitCode first = null;
        for (Path file : files) {
            try {
                SpecFiles.requireExisting(List.of(file));
                ServiceSpec spec = SpecLoader.load(file).spec();
                Path other = byName.putIfAbsent(spec.name(), file);
                if (other != null) {
                    throw new BackendException(ExitCode.USAGE, file + ": the service '" + spec.name()
                            + "' is also in " + other, "each service once per run: rename one of them");
                }
                SupervisedRun.checkUser(spec);
                specs.add(spec);
            } catch (Exception e) {
                int code = Failures.report(e, err);
                failed++;
                if (first == null) {
                    first = java.util.Arrays.stream(ExitCode.values()).filter(c -> c.code() == code).findFirst()
                            .orElse(ExitCode.FAILED);
                }
            }
        }
        if (failed > 0) {
            throw refusal(failed, files.size(), "cannot run", first);
        }
        return specs;
    }

    private static BackendException refusal(int bad, int all, String what, ExitCode code) {
        return new BackendException(code, "not starting any service: " + bad + " of " + all + " spec files "
                + what + " (above)", "fix " + (bad == 1 ? "it" : "them") + ", or leave "
                + (bad == 1 ? "it" : "them") + " out of this run");
    }

    private int host(List<ServiceSpec> specs, SvcctlPaths paths, Path runtime, PrintWriter err) throws Exception {
        ProcessPort port = ProcessPorts.forCurrentOs().orElseThrow(() -> new BackendException(ExitCode.UNAVAILABLE,
                "'svcctl run' is not available on this OS yet", "install the service with 'svcctl install'"));
        Logging.supervisors();
        List<Supervisor> supervisors = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Should the one log router die, every program would block on a full FIFO: every service ends, as failed
        // (nobody asked for it), and what their FIFOs hold is still written to their files as they close them.
        SharedThreads shared = SharedThreads.start(port, LoggerFactory.getLogger("svcctl")::warn, () -> {
            LoggerFactory.getLogger("svcctl").warn("every service stops: their output can no longer reach their log"
                    + " files; start the run again");
            supervisors.forEach(s -> s.stopFailing("stopped because the log router of this svcctl run stopped"));
        });
        for (ServiceSpec spec : specs) {
            // One service's READY=1 or STOPPING=1 is not this process's: its init system, if any, hears nothing.
            supervisors.add(new Supervisor(spec, SupervisedRun.settings(spec, paths, runtime,
                            ProcessPorts.notifyForCurrentOs().towardsNoInitSystem()),
                    port.forService(spec), SupervisedRun.LifecycleLines.hosted(spec.name()), shared));
        }
        Runnable restoreSignals = port.onSignals(() -> supervisors.forEach(Supervisor::stop),
                () -> supervisors.forEach(Supervisor::reload));
        ControlSockets control = new ControlSockets(LoggerFactory.getLogger("svcctl")::warn);
        try {
            List<Supervisor> started = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                ServiceSpec spec = specs.get(i);
                Supervisor supervisor = supervisors.get(i);
                BackendException failure = null;
                try {
                    control.serve(ControlSockets.path(runtime, spec.name()), supervisor::stop, supervisor::reload);
                } catch (IOException e) {
                    failure = new BackendException(ExitCode.FAILED, spec.name() + ": cannot listen for stop and"
                            + " reload requests: " + SupervisedRun.describe(e) + "; no service runs",
                            "check the runtime directory " + runtime);
                } catch (RuntimeException e) {
                    failure = new BackendException(ExitCode.FAILED, spec.name() + ": cannot listen for stop and"
                            + " reload requests: " + e + "; no service runs", "check the runtime directory " + runtime);
                }
                if (failure == null) {
                    try {
                        supervisor.start();
                        started.add(supervisor);
                    } catch (IOException e) {
                        failure = startFailure(spec, runtime, e);
                    } catch (RuntimeException e) {
                        // Whatever it is, the services started so far must not run on without the rest.
                        failure = new BackendException(ExitCode.FAILED, spec.name() + ": cannot start: " + e
                                + "; no service runs", "report this as a bug of svcctl");
                    }
                }
                if (failure != null) {
                    // All or nothing: the services started so far are stopped again.
                    started.forEach(Supervisor::stop);
                    for (Supervisor s : started) {
                        s.awaitExit();
                    }
                    throw failure;
                }
            }
            control.start();
            boolean allClean = true;
            for (int i = 0; i < specs.size(); i++) {
                Outcome outcome = supervisors.get(i).awaitExit();
                outcomes.put(specs.get(i).name(), outcome.exitCode() == 0 ? 0 : 1);
                allClean &= outcome.exitCode() == 0;
            }
            return allClean ? ExitCode.OK.code() : ExitCode.FAILED.code();
        } finally {
            control.close();
            shared.close();
            restoreSignals.run();
        }
    }

    private static BackendException startFailure(ServiceSpec spec, Path runtime, IOException e) {
        if (e instanceof Supervisor.NotifySocketException) {
            return new BackendException(ExitCode.FAILED, spec.name() + ": " + e.getMessage() + "; no service runs",
                    "check the runtime directory " + runtime + " (or set SVCCTL_RUNTIME_DIR), or use another"
                            + " readiness kind (tcp, http, exec) on this host");
        }
        return new BackendException(ExitCode.FAILED, "cannot open the log files of " + spec.name() + ": "
                + SupervisedRun.describe(e) + "; no service runs",
                "set logs.dir to a writable directory, or logs.stdout/logs.stderr to inherit");
    }
}
