package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.host.HostPaths;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.state.SupervisedStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * status and list: every unit's properties from one {@code systemctl show}, drift from the unit files, and for a
 * service that runs under {@code svcctl run} (its spec copy is installed) the program as the supervisor's state file
 * shows it ({@link SupervisedStatus#merge}); for one the shared host serves, the health and the restarts the host
 * asked for, from its monitor file ({@link SupervisedStatus#mergeMonitored}, given the host unit's MainPID).
 */
final class StatusReader {
    private final SystemdHost host;
    private final boolean user;

    StatusReader(SystemdHost host, boolean user) {
        this.host = host;
        this.user = user;
    }

    /**
     * One {@code systemctl show} for all the services; per service, its files are read once, by the drift check
     * (the unit file alone when systemd knows no such unit: then it only tells "stopped" from "not installed"), and
     * a supervised service's state file.
     */
    List<ServiceStatus> status(List<String> services) throws BackendException {
        ServiceNames.check(services);
        Preconditions.systemdRunning(host);
        SupervisedPrograms programs = new SupervisedPrograms(host, user);
        List<String> units = new ArrayList<>(Control.units(services));
        boolean anyCopy = false;
        for (String service : services) {
            anyCopy |= programs.supervised(service);
        }
        if (anyCopy) {
            // A service with a spec copy runs under svcctl run or is served by the shared host: the host's MainPID
            // comes in the same systemctl show.
            units.add(HostPaths.HOST_UNIT);
        }
        List<UnitState> states = new Systemctl(host.runner(), user).show(units);
        OptionalLong hostPid = anyCopy ? states.get(services.size()).mainPid() : OptionalLong.empty();
        ManagedUnits managed = new ManagedUnits(host, user);
        InstallEngine engine = host.engine();
        List<ServiceStatus> statuses = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            UnitState unit = states.get(i);
            if (!unit.loaded() && managed.read(service).absent()) {
                statuses.add(ServiceStatus.notInstalled(service, SystemdBackend.ID));
                continue;
            }
            ServiceStatus status = status(service, unit, engine.drift(UnitFiles.ownedPaths(service, user)));
            if (programs.supervised(service)) {
                // Each merge believes only its own kind of state file: svcctl run's, whose supervisor is the
                // unit's main process, or the running host's monitor file of a program systemd runs itself.
                List<Path> files = programs.stateFiles(service);
                status = SupervisedStatus.mergeMonitored(SupervisedStatus.merge(status, files), hostPid, files);
            }
            statuses.add(status);
        }
        return statuses;
    }

    List<ServiceStatus> list() throws BackendException {
        Preconditions.systemdRunning(host);
        List<String> names = new ManagedUnits(host, user).names();
        return names.isEmpty() ? List.of() : status(names);
    }

    /** The status of an installed service (systemd knows its unit, or its unit file is there). */
    static ServiceStatus status(String service, UnitState unit, boolean drift) {
        ServiceState state = unit.loaded() ? unit.state() : ServiceState.STOPPED;
        return new ServiceStatus(service, SystemdBackend.ID, state, unit.mainPid(), unit.since(), unit.restarts(),
                unit.lastExit(), unit.get("UnitFileState").isEmpty() ? Optional.empty() : Optional.of(unit.enabled()),
                unit.memoryBytes(), drift);
    }
}
