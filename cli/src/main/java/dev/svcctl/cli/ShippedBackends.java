package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Backends;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import dev.svcctl.launchd.LaunchdBackend;
import dev.svcctl.supervisor.SupervisorBackend;
import dev.svcctl.systemd.SystemdBackend;
import dev.svcctl.windows.WindowsBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends svcctl ships, created by the CLI itself rather than found through {@code ServiceLoader}: its search
 * of every jar and of the JDK's modules for service files, and creating every backend, cost a short run like
 * {@code svcctl render} 15 to 20 ms. A command creates only the backend it names (or, without a name, the backends
 * up to the host's own). ShippedBackendsTest keeps {@link #IDS} in step with the backends' service registrations.
 */
final class ShippedBackends {
    /** The init systems, in the order of discovery: the order of host detection and of the ids in messages. */
    static final List<String> IDS = List.of("systemd", "windows", "launchd");
    /**
     * The services 'svcctl run' hosts, from their state files: not an init system (never detected, renders
     * nothing, not registered for ServiceLoader), the fallback of the commands that act on running services.
     */
    static final String SUPERVISOR = SupervisorBackend.ID;

    private ShippedBackends() {
    }

    /** Like {@link Backends#select}: the named backend, or the host's own when {@code id} is null. */
    static Backend select(String id, Host host) throws BackendException {
        if (id != null && (IDS.contains(id) || id.equals(SUPERVISOR))) {
            return create(id);
        }
        if (id == null) {
            for (String candidate : IDS) {
                Backend backend = create(candidate);
                if (backend.detect(host)) {
                    return backend;
                }
            }
        }
        return new Backends(all()).select(id, host); // the errors, which name every backend
    }

    /**
     * For the commands on running services (status, list, start, stop, restart, reload, logs): like
     * {@link #select}, but a host with no init system gets the {@code supervisor} backend, which finds the services
     * {@code svcctl run} hosts there.
     */
    static Backend selectForServices(String id, Host host) throws BackendException {
        try {
            return select(id, host);
        } catch (BackendException e) {
            if (id != null || e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            return create(SUPERVISOR);
        }
    }

    /**
     * For render, which is "for any host": without a name, the host's init system; on a host with none, a usage
     * error (exit 2) that says --backend is needed, rather than "unavailable".
     */
    static Backend selectForRender(String id, Host host) throws BackendException {
        try {
            return select(id, host);
        } catch (BackendException e) {
            if (id != null || e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            throw new BackendException(ExitCode.USAGE, "render needs --backend on this host: it has no init system"
                    + " svcctl supports to default to (" + host.osName() + ")", "name the target, e.g. 'svcctl render"
                    + " --backend " + String.join("|", IDS) + " FILE'");
        }
    }

    static List<Backend> all() {
        List<Backend> all = new ArrayList<>();
        for (String id : IDS) {
            all.add(create(id));
        }
        return all;
    }

    private static Backend create(String id) {
        return switch (id) {
            case "systemd" -> new SystemdBackend();
            case "windows" -> new WindowsBackend();
            case "launchd" -> new LaunchdBackend();
            case SUPERVISOR -> new SupervisorBackend();
            default -> throw new IllegalArgumentException("no backend " + id);
        };
    }
}
