package dev.svcctl.windows.host;

import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.ServiceGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What {@code svcctl host --group GROUP} runs: the shared host process of a group of Windows services
 * (SERVICE_WIN32_SHARE_PROCESS, {@code platform.windows.serviceHost: shared}). Its dispatcher table is fixed when it
 * starts (StartServiceCtrlDispatcher), so it holds every service of the group installed at that moment ({@link
 * #installed}). Each start of a service makes a {@link WindowsServiceHost} of its own (its own Supervisor, process
 * port, state machine; nothing shared between services but the process), which reports that service's own status:
 * START_PENDING, RUNNING once ready, STOPPED with its own exit code; a service whose restart policy gives up ends
 * STOPPED alone instead of ending the process. The process ends when the last of its services has stopped
 * (StartServiceCtrlDispatcher returns then): {@link #ended}. Free of JNA.
 */
public final class ServiceGroupHost {
    /** One entry of the dispatcher table: the service's name and what its service main runs. */
    public record Member(String name, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> main) {
    }

    private final String group;
    private final List<ServiceSpec> members;
    private final Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>>
            hosts;
    /** The last state each service reported, by name; absent until its first start. */
    private final Map<String, Integer> states = new LinkedHashMap<>();

    /**
     * @param hosts the service main of one service: called for each start, it makes a fresh host (in production
     *              a {@link WindowsServiceHost} with its own Supervisor and process port, see {@link #hostOf}) and
     *              its state machine, again when a stopped service of a running process is started again
     */
    public ServiceGroupHost(String group, List<ServiceSpec> members,
                            Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter,
                                    ServiceHostStateMachine>> hosts) {
        for (ServiceSpec spec : members) {
            if (!ServiceGroup.of(spec).equals(Optional.of(group))) {
                throw new IllegalArgumentException(spec.name() + " is not in service group " + group);
            }
        }
        this.group = group;
        this.members = members.stream().sorted(Comparator.comparing(ServiceSpec::name)).toList();
        this.hosts = hosts;
    }

    public String group() {
        return group;
    }

    /**
     * The installed specs of {@code group} in {@code servicesDir} (the stored copies, {@code NAME.yaml}); a copy
     * that cannot be read is skipped (its group cannot be known; its own start then fails with 1083 and its
     * status says why).
     */
    public static List<ServiceSpec> installed(Path servicesDir, String group) throws IOException {
        List<ServiceSpec> found = new ArrayList<>();
        if (!Files.isDirectory(servicesDir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(servicesDir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".yaml")) {
                    continue;
                }
                try {
                    ServiceSpec spec = SpecLoader.load(file).spec();
                    if (spec.name().equals(name.substring(0, name.length() - ".yaml".length()))
                            && ServiceGroup.of(spec).equals(Optional.of(group))) {
                        found.add(spec);
                    }
                } catch (InvalidSpecException unreadable) {
                    // not a member anyone can tell
                }
            }
        }
        return found;
    }

    /** The dispatcher table, one entry per service of the group, by name. */
    public List<Member> table() {
        return members.stream().map(spec -> new Member(spec.name(),
                reporter -> hosts.apply(spec).apply(status -> {
                    synchronized (states) {
                        states.put(spec.name(), status.state());
                    }
                    reporter.report(status);
                }))).toList();
    }

    /** The production service main: a new {@link WindowsServiceHost} for every start, from {@code make}. */
    public static Function<ServiceSpec, Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>>
            hostOf(Function<ServiceSpec, WindowsServiceHost> make) {
        return spec -> reporter -> make.apply(spec).machine(reporter);
    }

    /** The services of this process that have started and not yet reported STOPPED. */
    public Set<String> running() {
        synchronized (states) {
            Set<String> names = new TreeSet<>();
            states.forEach((name, state) -> {
                if (state != ServiceHostStateMachine.SERVICE_STOPPED) {
                    names.add(name);
                }
            });
            return names;
        }
    }

    /** Whether the process is done: a service has run, and every one has reported STOPPED since. */
    public boolean ended() {
        synchronized (states) {
            return !states.isEmpty() && running().isEmpty();
        }
    }
}
