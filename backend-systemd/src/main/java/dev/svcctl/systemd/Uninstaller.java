package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.host.HostPaths;
import dev.svcctl.install.EnablementChoice;
import dev.svcctl.install.Existing;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.os.FileRoot;
import dev.svcctl.spec.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * uninstall: stop, disable, remove the unit, its links and the spec copy (through the install engine, which puts
 * back a unit that {@code install --force} took over), daemon-reload, reset-failed. Logs and data directories stay.
 * A service the shared host serves also loses its FIFOs' socket units (stopped first), the host is told (reload),
 * and the host's own unit goes with the last service it served.
 * Units svcctl did not write are refused before anything happens.
 */
final class Uninstaller {
    private final SystemdHost host;

    Uninstaller(SystemdHost host) {
        this.host = host;
    }

    /** What uninstall did for each service: the units whose taken-over original came back. */
    List<String> uninstall(List<String> services, InstallOptions options) throws BackendException {
        ServiceNames.check(services);
        boolean user = options.user();
        if (options.root().isPresent()) {
            return uninstallUnderRoot(services, user,
                    new InstallEngine(LocalArtifactFiles.under(options.root().get(), host.pauses())),
                    new ManagedUnits(host.withFiles(FileRoot.under(options.root().get())), user));
        }
        Preconditions.systemdRunning(host);
        if (!user) {
            Preconditions.superuser(host, "uninstalling system services");
        }
        InstallEngine engine = host.engine();
        Systemctl systemctl = new Systemctl(host.runner(), user);
        ManagedUnits managed = new ManagedUnits(host, user);
        return engine.whileLocked(locks(services, user), true, () -> {
            List<UnitState> states = systemctl.show(Control.units(services));
            List<String> present = new ArrayList<>();
            List<UnitState> presentStates = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                if (managed.read(services.get(i)).absent() && !states.get(i).loaded()) {
                    missing.add(services.get(i));
                } else {
                    present.add(services.get(i));
                    presentStates.add(states.get(i));
                }
            }
            managed.requireManaged(present, presentStates);
            List<String> restored = new ArrayList<>();
            if (!present.isEmpty()) {
                List<String> units = Control.units(present);
                boolean hosted = false;
                for (String service : present) {
                    hosted |= servedByHost(engine, user, service);
                }
                List<String> sockets = sockets(engine, user, present);
                Control.stopUnits(systemctl, units, presentStates);
                // Then their FIFOs go (RemoveOnStop=); the host reads what is left in them up to their end.
                systemctl.stop(sockets, Systemctl.DEFAULT_TIMEOUT);
                List<String> links = new ArrayList<>(units);
                // The wake units have no [Install] section: no links.
                links.addAll(sockets.stream().filter(u -> u.endsWith(".socket")).toList());
                systemctl.disable(links);
                for (String service : present) {
                    restored.addAll(removeFiles(engine, user, service));
                }
                boolean hostLeft = hosted && removeHostIfUnused(engine, systemctl, managed, user);
                systemctl.daemonReload();
                List<String> failed = new ArrayList<>(units);
                failed.addAll(sockets);
                systemctl.resetFailed(failed);
                if (hostLeft) {
                    // The host stops serving what is no longer installed (it reads the installed specs again).
                    systemctl.tryReloadOrRestart(List.of(HostPaths.HOST_UNIT));
                }
                for (String service : present) {
                    restoreTakenOver(engine, systemctl, user, service).ifPresent(restored::add);
                }
            }
            if (!missing.isEmpty()) {
                throw ManagedUnits.notInstalled(missing, user, restored);
            }
            return restored;
        });
    }

    /**
     * A unit svcctl took over comes back as it was: enabled again and started again if it was, as recorded at the
     * takeover. Answers what was done.
     */
    private static Optional<String> restoreTakenOver(InstallEngine engine, Systemctl systemctl,
                                                                boolean user, String service)
            throws BackendException {
        String record = UnitFiles.takeoverPath(service, user);
        Existing text = engine.read(record);
        if (text.kind() != Existing.Kind.FILE) {
            return Optional.empty();
        }
        boolean enabled = text.text().contains("enabled=true");
        boolean active = text.text().contains("active=true");
        String unit = UnitFiles.unitName(service);
        if (enabled) {
            systemctl.enable(List.of(unit));
        }
        if (active) {
            java.util.Map<String, String> failed = systemctl.start(List.of(unit), Systemctl.DEFAULT_TIMEOUT);
            if (!failed.isEmpty()) {
                throw new BackendException(ExitCode.FAILED, "'systemctl start " + unit + "' failed: its start job"
                        + " ended with " + failed.get(unit), "'journalctl -u " + unit + "' shows why");
            }
        }
        try {
            engine.files().delete(record);
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot remove " + record, e);
        }
        return Optional.of(unit + " as it was before svcctl took it over ("
                + (enabled ? "enabled" : "not enabled") + ", " + (active ? "started" : "not started") + ")");
    }

    /** Whether the shared host serves the service, as its spec copy says (one that cannot be read: maybe). */
    private static boolean servedByHost(InstallEngine engine, boolean user, String service) {
        try {
            return SpecCopy.read(engine, UnitFiles.specPath(service, user)).map(Supervision::hosted).orElse(false);
        } catch (BackendException | InvalidSpecException e) {
            return true;
        }
    }

    /** The units of the services' FIFOs that svcctl installed: socket units and their wake units. */
    private static List<String> sockets(InstallEngine engine, boolean user, List<String> services)
            throws BackendException {
        List<String> sockets = new ArrayList<>();
        for (String service : services) {
            for (String path : HostUnits.logUnitPaths(service, user)) {
                if (UnitFiles.read(engine, path).managed()) {
                    sockets.add(path.substring(path.lastIndexOf('/') + 1));
                }
            }
        }
        return sockets;
    }

    /**
     * Stops and removes the shared host's unit when no service left in the scope needs it; answers whether the
     * host stays (some service still needs it).
     */
    private static boolean removeHostIfUnused(InstallEngine engine, Systemctl systemctl, ManagedUnits managed,
                                              boolean user) throws BackendException {
        if (hostStillNeeded(engine, managed, user)) {
            return true;
        }
        String path = HostUnits.hostUnitPath(user);
        if (UnitFiles.read(engine, path).managed()) {
            systemctl.stop(List.of(HostPaths.HOST_UNIT), Systemctl.DEFAULT_TIMEOUT);
            engine.remove(HostPaths.HOST_UNIT, List.of(path));
        }
        return false;
    }

    /** Whether a service left in the scope is served by the host. */
    private static boolean hostStillNeeded(InstallEngine engine, ManagedUnits managed, boolean user)
            throws BackendException {
        for (String service : managed.names()) {
            if (servedByHost(engine, user, service)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> locks(List<String> services, boolean user) {
        List<String> locks = new ArrayList<>();
        for (String service : services) {
            locks.add(InstallEngine.lockPath(UnitFiles.specPath(service, user)));
        }
        locks.add(Installer.hostLock(user));
        return locks;
    }

    private List<String> uninstallUnderRoot(List<String> services, boolean user, InstallEngine engine,
                                            ManagedUnits managed) throws BackendException {
        List<String> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String service : services) {
            if (!engine.owns(service, UnitFiles.ownedPaths(service, user), problems)) {
                missing.add(service);
            }
        }
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        List<String> restored = new ArrayList<>();
        boolean hosted = false;
        for (String service : services) {
            if (!missing.contains(service)) {
                hosted |= servedByHost(engine, user, service);
                restored.addAll(removeFiles(engine, user, service));
            }
        }
        if (hosted && !hostStillNeeded(engine, managed, user)) {
            engine.remove(HostPaths.HOST_UNIT, List.of(HostUnits.hostUnitPath(user)));
        }
        if (!missing.isEmpty()) {
            throw ManagedUnits.notInstalled(missing, user, restored);
        }
        return restored;
    }

    /** The links, then the files; answers the units restored from a backup. */
    private static List<String> removeFiles(InstallEngine engine, boolean user, String service)
            throws BackendException {
        try {
            RootEnablement.remove(engine.files(), user, UnitFiles.unitName(service));
            for (String socket : HostUnits.socketUnitPaths(service, user)) {
                RootEnablement.remove(engine.files(), user, Path.of(socket).getFileName().toString());
            }
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot remove the enablement links of " + service, e);
        }
        engine.remove(service, List.of(SpecCopy.sourcePath(UnitFiles.specPath(service, user)),
                EnablementChoice.path(UnitFiles.specPath(service, user))));
        List<String> restored = new ArrayList<>();
        for (String path : engine.remove(service, UnitFiles.ownedPaths(service, user)).restored()) {
            restored.add(engine.files().describe(path) + " from its backup");
        }
        return restored;
    }
}
