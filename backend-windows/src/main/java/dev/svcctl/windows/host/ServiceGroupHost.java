package dev.svcctl.windows.host;

import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.ServiceGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What {@code svcctl host --group GROUP} runs: the shared host process of a group of Windows services
 * (SERVICE_WIN32_SHARE_PROCESS, {@code platform.windows.serviceHost: shared}). Its dispatcher table is fixed when it
 * starts (StartServiceCtrlDispatcher), so it holds every service of the group installed at that moment ({@link
 * #installed}: by name, the table needs no spec; a name whose stored copy cannot be read is in it too, so that its
 * start fails with a reason rather than a bare 1083). Each start of a service makes a {@link WindowsServiceHost} of its own (its own Supervisor, process
 * port, state machine; nothing shared between services but the process), which reports that service's own status:
 * START_PENDING, RUNNING once ready, STOPPED with its own exit code; a service whose restart policy gives up ends
 * STOPPED alone instead of ending the process. The process ends when the last of its services has stopped: the
 * SCM then makes StartServiceCtrlDispatcher return (nothing here decides it). Free of JNA.
 *
 * <p>Each start reads the service's stored spec again ({@link Loader}), as an own-process host does when its process
 * starts: an install that changed a service of a running process (and restarted it) is then what runs. A copy that
 * cannot be read, or that now belongs to another group, fails that start alone: STOPPED with
 * ERROR_SERVICE_SPECIFIC_ERROR and {@link #UNUSABLE_SPEC_EXIT_CODE}, and the reason goes to {@link Unusable} (the
 * Event Log under the service's name in production).
 */
public final class ServiceGroupHost {
    /** The service-specific exit code of a start whose stored spec cannot be used (sysexits' EX_DATAERR). */
    public static final int UNUSABLE_SPEC_EXIT_CODE = 65;

    /** Reads a service's stored spec at each start. */
    public interface Loader {
        ServiceSpec load(String name) throws InvalidSpecException, IOException;
    }

    /** Where the reason of a start whose stored spec cannot be used goes (the service's name, the reason). */
    public interface Unusable {
        void report(String name, String message);
    }

    /** One entry of the dispatcher table: the service's name and what its service main runs. */
    public record Member(String name, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> main) {
    }

    private final String group;
    private final List<String> members;
    private final Loader loader;
    private final Unusable unusable;
    private final Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>>
            hosts;

    /**
     * @param hosts the service main of one service: called for each start, it makes a fresh host (in production
     *              a {@link WindowsServiceHost} with its own Supervisor and process port, see {@link #hostOf}) and
     *              its state machine, again when a stopped service of a running process is started again
     */
    public ServiceGroupHost(String group, List<String> members, Loader loader,
                            Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter,
                                    ServiceHostStateMachine>> hosts, Unusable unusable) {
        this.group = group;
        this.members = members.stream().sorted().distinct().toList();
        this.hosts = hosts;
        this.loader = loader;
        this.unusable = unusable;
    }

    public String group() {
        return group;
    }

    /**
     * The names of the installed services of {@code group} in {@code servicesDir} (the stored copies,
     * {@code NAME.yaml}), and of every copy that cannot be read: its group cannot be known, so it is in the table,
     * and its start reads it again and fails with {@link #UNUSABLE_SPEC_EXIT_CODE} and the reason (an entry for a
     * service of another group is never used: the SCM starts it in its own group's process).
     */
    public static List<String> installed(Path servicesDir, String group) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(servicesDir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(servicesDir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".yaml")) {
                    continue;
                }
                String service = name.substring(0, name.length() - ".yaml".length());
                try {
                    if (ServiceGroup.of(load(servicesDir, service)).equals(Optional.of(group))) {
                        found.add(service);
                    }
                } catch (InvalidSpecException | IOException unreadable) {
                    found.add(service);
                }
            }
        }
        return found;
    }

    /** The stored spec of service {@code name} in {@code servicesDir}: {@code NAME.yaml}, naming that service. */
    public static ServiceSpec load(Path servicesDir, String name) throws InvalidSpecException, IOException {
        Path file = servicesDir.resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + file);
        }
        ServiceSpec spec = SpecLoader.load(file).spec();
        if (!spec.name().equals(name)) {
            throw new IOException(file + " names the service '" + spec.name() + "'");
        }
        return spec;
    }

    /** The dispatcher table, one entry per service of the group, by name. */
    public List<Member> table() {
        return members.stream().map(name -> new Member(name, reporter -> start(name, reporter))).toList();
    }

    /** One start of service {@code name}: its stored spec as it is now, in a fresh host. */
    private ServiceHostStateMachine start(String name, ServiceHostStateMachine.StatusReporter reporter) {
        String problem;
        try {
            ServiceSpec current = loader.load(name);
            if (ServiceGroup.of(current).equals(Optional.of(group))) {
                return hosts.apply(current).apply(reporter);
            }
            problem = "the installed spec of " + name + " is no longer in service group " + group
                    + " (its account, SID type, privileges or serviceHost changed); install it again";
        } catch (InvalidSpecException | IOException e) {
            problem = "cannot read the installed spec of " + name + ": " + e.getMessage();
        }
        String message = problem;
        unusable.report(name, message);
        return new ServiceHostStateMachine(reporter, new ServiceHostStateMachine.Program() {
            @Override
            public void start() throws ServiceHostStateMachine.ProgramStartException {
                throw new ServiceHostStateMachine.ProgramStartException(UNUSABLE_SPEC_EXIT_CODE, message);
            }

            @Override
            public void requestStop() {
            }
        }, code -> { }, java.time.Duration.ZERO, ServiceHostStateMachine.startWaitHint(Optional.empty()), true);
    }

    /**
     * The production service main: a new {@link WindowsServiceHost} for every start, from {@code make}, with an Event
     * Log of that start ({@link #withEventLog}).
     */
    public static Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>>
            hostOf(Function<ServiceSpec, EventLog> open, BiFunction<ServiceSpec, EventLog, WindowsServiceHost> make) {
        return withEventLog(open, (spec, eventLog) -> reporter -> make.apply(spec, eventLog).machine(reporter));
    }

    /**
     * Each start opens its own Event Log from that start's spec ({@code platform.windows.eventLog} may have changed
     * since the process started, as install rewrites the spec and restarts the service) and closes it when that
     * run reports STOPPED (every line of a run is written before its STOPPED, see WindowsServiceHost), or when its
     * host cannot be made.
     */
    static Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>>
            withEventLog(Function<ServiceSpec, EventLog> open, BiFunction<ServiceSpec, EventLog,
                    Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>> main) {
        return spec -> reporter -> {
            EventLog eventLog = open.apply(spec);
            AtomicBoolean closed = new AtomicBoolean();
            Runnable close = () -> {
                if (closed.compareAndSet(false, true)) {
                    eventLog.close();
                }
            };
            try {
                return main.apply(spec, eventLog).apply(status -> {
                    try {
                        reporter.report(status);
                    } finally {
                        if (status.state() == ServiceHostStateMachine.SERVICE_STOPPED) {
                            close.run();
                        }
                    }
                });
            } catch (RuntimeException | Error e) {
                close.run();
                throw e;
            }
        };
    }
}
