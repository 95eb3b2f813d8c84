package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.os.FileRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * uninstall: stop, disable, remove the unit, its links and the spec copy, daemon-reload, reset-failed. Logs and
 * data directories stay. Units svcctl did not write are refused before anything happens.
 */
final class Uninstaller {
    private final SystemdHost host;

    Uninstaller(SystemdHost host) {
        this.host = host;
    }

    void uninstall(List<String> services, InstallOptions options) throws BackendException {
        ServiceNames.check(services);
        boolean user = options.user();
        if (options.root().isPresent()) {
            uninstallUnderRoot(services, user, FileRoot.under(options.root().get()));
            return;
        }
        Preconditions.systemdRunning(host);
        if (!user) {
            Preconditions.superuser(host, "uninstalling system services");
        }
        Systemctl systemctl = new Systemctl(host.runner(), user);
        ManagedUnits managed = new ManagedUnits(host, user);
        List<UnitState> states = systemctl.show(Control.units(services));
        List<String> present = new ArrayList<>();
        List<UnitState> presentStates = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            if (managed.read(services.get(i)).kind() == UnitFiles.Kind.ABSENT && !states.get(i).loaded()) {
                missing.add(services.get(i));
            } else {
                present.add(services.get(i));
                presentStates.add(states.get(i));
            }
        }
        managed.requireManaged(present, presentStates);
        if (!present.isEmpty()) {
            List<String> units = Control.units(present);
            Control.stopUnits(systemctl, units, presentStates);
            systemctl.disable(units);
            for (String service : present) {
                removeFiles(host.files(), user, service);
            }
            systemctl.daemonReload();
            systemctl.resetFailed(units);
        }
        if (!missing.isEmpty()) {
            throw managed.notInstalled(missing);
        }
    }

    private void uninstallUnderRoot(List<String> services, boolean user, FileRoot root) throws BackendException {
        ManagedUnits managed = new ManagedUnits(host.withFiles(root), user);
        List<String> missing = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (String service : services) {
            switch (managed.read(service).kind()) {
                case ABSENT -> missing.add(service);
                case MANAGED -> { }
                default -> foreign.add(service + ": " + managed.file(service) + " was not written by svcctl");
            }
        }
        if (!foreign.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("\n", foreign), null);
        }
        for (String service : services) {
            if (!missing.contains(service)) {
                removeFiles(root, user, service);
            }
        }
        if (!missing.isEmpty()) {
            throw managed.notInstalled(missing);
        }
    }

    private static void removeFiles(FileRoot files, boolean user, String service) throws BackendException {
        Path unit = files.resolve(UnitFiles.unitPath(service, user));
        try {
            RootEnablement.remove(files, user, service);
            Files.deleteIfExists(unit);
            AtomicWriter.removeStaleTemporaries(unit);
            Path spec = files.resolve(UnitFiles.specPath(service, user));
            Files.deleteIfExists(spec);
            AtomicWriter.removeStaleTemporaries(spec);
            AtomicWriter.syncDirectory(unit.getParent());
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot remove the files of " + service, e);
        }
    }
}
