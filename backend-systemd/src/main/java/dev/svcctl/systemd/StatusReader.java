package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.state.SupervisedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * status and list: every unit's properties from one {@code systemctl show}, drift from the unit files, and for a
 * service that runs under {@code svcctl run} (its spec copy is installed) the program as the supervisor's state file
 * shows it ({@link SupervisedStatus#merge}).
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
        List<UnitState> states = new Systemctl(host.runner(), user).show(Control.units(services));
        ManagedUnits managed = new ManagedUnits(host, user);
        InstallEngine engine = host.engine();
        SupervisedPrograms programs = new SupervisedPrograms(host, user);
        List<ServiceStatus> statuses = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            UnitState unit = states.get(i);
            if (!unit.loaded() && managed.read(service).absent()) {
                statuses.add(ServiceStatus.notInstalled(service, SystemdBackend.ID));
                continue;
            }
            ServiceStatus status = status(service, unit, engine.drift(UnitFiles.ownedPaths(service, user)));
            statuses.add(programs.supervised(service) ? SupervisedStatus.merge(status, programs.stateFiles(service))
                    : status);
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
