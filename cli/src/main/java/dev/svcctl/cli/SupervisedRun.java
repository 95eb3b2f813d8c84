package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.supervisor.CallerLocale;
import dev.svcctl.supervisor.InstalledSpecs;
import dev.svcctl.supervisor.LocalClock;
import dev.svcctl.supervisor.Outcome;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.supervisor.ProcessPorts;
import dev.svcctl.supervisor.Supervisor;
import dev.svcctl.supervisor.SupervisorEvent;
import dev.svcctl.supervisor.SupervisorLock;
import dev.svcctl.supervisor.SupervisorListener;
import dev.svcctl.supervisor.SupervisorSettings;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code svcctl run} does once its arguments are known: load the spec (a file, or an installed service's),
 * host it under the supervisor until it stops. Free of picocli so that {@link #plainInvocation} can serve the usual
 * forms of the command without it: the supervisor stays up as long as its service, and picocli's command model
 * (reflection, annotations, some 180 classes) would stay in its memory for nothing (bench/supervisor: idle RSS).
 */
final class SupervisedRun {
    private final Path file;
    private final List<Path> files;
    private final String name;
    private final boolean user;
    private String serviceName;
    private SupervisedRuns many;

    /**
     * {@code files} (one or more, then {@code name} is null) or {@code name}; with several files one process hosts a
     * supervisor for each ({@link SupervisedRuns}).
     */
    SupervisedRun(List<Path> files, String name, boolean user) {
        this.files = List.copyOf(files);
        this.file = files.size() == 1 ? files.get(0) : null;
        this.name = name;
        this.user = user;
    }

    /**
     * {@code run FILE}, {@code run --name NAME}, {@code run --name NAME --user} and {@code run --user --name NAME},
     * the forms the README, the systemd units and the launchd plists use; empty for anything else (help, other
     * spellings, mistakes), which picocli then parses and reports as for every other command.
     */
    static Optional<SupervisedRun> plainInvocation(String... args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return Optional.empty();
        }
        if (java.util.Arrays.stream(args, 1, args.length).allMatch(SupervisedRun::plain)) {
            return Optional.of(new SupervisedRun(java.util.Arrays.stream(args, 1, args.length).map(Path::of).toList(),
                    null, false));
        }
        if (args.length == 3 && args[1].equals("--name") && plain(args[2])) {
            return Optional.of(new SupervisedRun(List.of(), args[2], false));
        }
        if (args.length == 4 && args[1].equals("--name") && plain(args[2]) && args[3].equals("--user")) {
            return Optional.of(new SupervisedRun(List.of(), args[2], true));
        }
        if (args.length == 4 && args[1].equals("--user") && args[2].equals("--name") && plain(args[3])) {
            return Optional.of(new SupervisedRun(List.of(), args[3], true));
        }
        return Optional.empty();
    }

    /** An argument picocli would take literally: no option, no argument file ({@code @file}). */
    private static boolean plain(String arg) {
        return !arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@");
    }

    /** For {@link #plainInvocation}: runs and reports failures as picocli's handlers would. */
    int execute() {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err), true);
        try {
            return call();
        } catch (Exception e) {
            return Failures.report(e, err);
        } finally {
            err.flush();
        }
    }

    int call() throws Exception {
        if (files.size() > 1) {
            many = new SupervisedRuns(files);
            return many.call();
        }
        SvcctlPaths paths = SvcctlPaths.current();
        ServiceSpec spec;
        if (file != null) {
            SpecFiles.requireExisting(java.util.List.of(file));
            spec = SpecLoader.load(file).spec();
        } else {
            spec = InstalledSpecs.load(paths, name, user);
        }
        serviceName = spec.name();
        checkUser(spec);
        ProcessPort port = ProcessPorts.forCurrentOs().orElseThrow(() -> new BackendException(ExitCode.UNAVAILABLE,
                "'svcctl run' is not available on this OS yet", "install the service with 'svcctl install'"))
                .forService(spec);
        Path runtime = paths.privateRuntimeDir();
        try (SupervisorLock lock = lock(spec, runtime.resolve(spec.name() + ".lock"))) {
            Logging.supervisor(spec.name());
            Supervisor supervisor = new Supervisor(spec, settings(spec, paths, runtime), port, LifecycleLines.create());
            Runnable restoreSignals = port.onSignals(supervisor::stop, supervisor::reload);
            try {
                Outcome outcome = supervisor.run();
                return outcome.exitCode() == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
            } catch (Supervisor.NotifySocketException e) {
                throw new BackendException(ExitCode.FAILED, e.getMessage(),
                        "check the runtime directory " + runtime + " (or set SVCCTL_RUNTIME_DIR), or use another"
                                + " readiness kind (tcp, http, exec) on this host");
            } catch (IOException e) {
                throw new BackendException(ExitCode.FAILED, "cannot open the log files of " + spec.name() + ": "
                        + describe(e), "set logs.dir to a writable directory, or logs.stdout/logs.stderr to inherit");
            } finally {
                restoreSignals.run();
            }
        }
    }

    /** The name of the service run, once its spec is loaded (null before). */
    String serviceName() {
        return serviceName;
    }

    /** With several files: each service's name and outcome (empty before they ran). */
    java.util.Map<String, Integer> outcomes() {
        return many == null ? java.util.Map.of() : many.outcomes();
    }

    /** Refuses a second supervisor of the same service: both would start the program, and fight over its files. */
    static SupervisorLock lock(ServiceSpec spec, Path file) throws BackendException {
        Optional<SupervisorLock> lock;
        try {
            lock = SupervisorLock.tryAcquire(file);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot lock " + file + ": " + describe(e),
                    "check the runtime directory, or set SVCCTL_RUNTIME_DIR");
        }
        if (lock.isPresent()) {
            return lock.get();
        }
        OptionalLong holder = SupervisorLock.holder(file);
        throw new BackendException(ExitCode.FAILED, "'" + spec.name() + "' is already supervised by svcctl run"
                + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "") + "; not starting it twice",
                "stop that one first" + (holder.isPresent() ? " (kill -TERM " + holder.getAsLong() + ")" : ""));
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + ": " + fs.getFile();
        }
        return e.getMessage();
    }

    /** The supervisor does not change accounts: the init system does (systemd User=), or the caller runs as it. */
    static void checkUser(ServiceSpec spec) throws BackendException {
        String current = System.getProperty("user.name", "");
        if (spec.user().isPresent() && !spec.user().get().equals(current)) {
            throw new BackendException(ExitCode.PERMISSION_DENIED, "the spec runs " + spec.name() + " as '"
                    + spec.user().get() + "' but svcctl run is running as '" + current + "'",
                    "run it as that user (e.g. 'sudo -u " + spec.user().get() + " svcctl run ...'), or remove 'user'");
        }
    }

    /**
     * Under systemd (JOURNAL_STREAM set) {@code default} logs go to the journal, elsewhere to files. The program's
     * notify socket (readiness.notify) is {@code RUNTIME/NAME.notify}, in the private runtime directory.
     */
    static SupervisorSettings settings(ServiceSpec spec, SvcctlPaths paths, Path runtime) {
        return settings(spec, paths, runtime, ProcessPorts.notifyForCurrentOs());
    }

    static SupervisorSettings settings(ServiceSpec spec, SvcctlPaths paths, Path runtime,
                                       dev.svcctl.supervisor.NotifyPort notify) {
        LogTarget platformDefault = System.getenv("JOURNAL_STREAM") != null ? LogTarget.JOURNAL : LogTarget.FILE;
        return new SupervisorSettings(platformDefault, paths.defaultLogDir(spec.name(), spec.scope()),
                Optional.of(paths.stateFile(spec.name())), CallerLocale.restore(System.getenv()),
                LocalClock.INSTANCE, notify, Optional.of(runtime.resolve(spec.name() + ".notify")));
    }

    /**
     * The supervisor's events as log lines, at the levels the Windows host gives them in the Event Log: an exit is a
     * warning unless a stop was asked for. Under systemd the level becomes the journal entry's priority, so
     * {@code journalctl -p warning} finds crashes, failed health checks and kills.
     */
    static final class LifecycleLines implements SupervisorListener {
        private final Logger log;
        private boolean stopping; // only the supervisor's thread calls onEvent

        private LifecycleLines(Logger log) {
            this.log = log;
        }

        /** Typed as the interface so that verifying {@link #call} loads nothing for the commands that never run it. */
        static SupervisorListener create() {
            return new LifecycleLines(LoggerFactory.getLogger(Supervisor.class));
        }

        /** For one of several services in one process: its lines carry its name ({@link StderrLines#hosted}). */
        static SupervisorListener hosted(String service) {
            return new LifecycleLines(LoggerFactory.getLogger(StderrLines.SERVICE_LOGGER + service));
        }

        @Override
        public void onEvent(SupervisorEvent event) {
            switch (event.kind()) {
                case START_FAILED -> log.error(event.message());
                case UNHEALTHY, KILLING, WARNING, RELOAD_FAILED, NOT_READY, WATCHDOG -> log.warn(event.message());
                case EXITED -> {
                    if (stopping) {
                        log.info(event.message());
                    } else {
                        log.warn(event.message());
                    }
                }
                case STOPPING -> {
                    stopping = true;
                    log.info(event.message());
                }
                default -> log.info(event.message());
            }
        }
    }
}
