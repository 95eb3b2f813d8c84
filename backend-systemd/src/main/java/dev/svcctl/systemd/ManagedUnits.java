package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.NotInstalledException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The services svcctl manages in one scope, and the ownership check every operation on a unit makes first. */
final class ManagedUnits {
    private final SystemdHost host;
    private final boolean user;

    ManagedUnits(SystemdHost host, boolean user) {
        this.host = host;
        this.user = user;
    }

    Path file(String service) {
        return host.files().resolve(UnitFiles.unitPath(service, user));
    }

    UnitFiles.Found read(String service) throws BackendException {
        return UnitFiles.read(host.engine(), UnitFiles.unitPath(service, user));
    }

    /** Names of the services whose unit in this scope carries svcctl's marker. */
    List<String> names() throws BackendException {
        Path dir = host.files().resolve(UnitFiles.unitDir(user));
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> units = Files.newDirectoryStream(dir, "*.service")) {
            for (Path unit : units) {
                String service = unit.getFileName().toString().replaceFirst("\\.service$", "");
                // The shared host's unit and the wake units of the FIFOs are svcctl's too, but no services.
                if (Files.isRegularFile(unit) && !Files.isSymbolicLink(unit) && !HostUnits.isHostUnit(
                        UnitFiles.unitPath(service, user)) && read(service).managed()
                        && !HostUnits.isWakeUnit(service, Files.readString(unit))) {
                    names.add(service);
                }
            }
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot list " + dir, e);
        }
        return List.copyOf(names);
    }

    /**
     * Fails unless every named service is installed by svcctl: exit 1 naming the file when a unit of that name is
     * not svcctl's, exit 4 when there is none. {@code states} are the units' properties in the same order.
     */
    void requireManaged(List<String> services, List<UnitState> states) throws BackendException {
        List<String> foreign = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            UnitFiles.Found found = read(service);
            if (found.managed()) {
                continue;
            }
            if (!found.absent()) {
                foreign.add(service + ": " + file(service) + " was not written by svcctl");
            } else if (states.get(i).loaded()) {
                foreign.add(service + ": " + UnitFiles.unitName(service) + " is defined by "
                        + (states.get(i).fragmentPath().isEmpty() ? "systemd" : states.get(i).fragmentPath())
                        + ", which was not written by svcctl");
            } else {
                missing.add(service);
            }
        }
        if (!foreign.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("\n", foreign),
                    "svcctl only acts on services it installed; use systemctl for the others");
        }
        if (!missing.isEmpty()) {
            throw notInstalled(missing);
        }
    }

    BackendException notInstalled(List<String> services) {
        return notInstalled(services, user);
    }

    static NotInstalledException notInstalled(List<String> services, boolean user) {
        return notInstalled(services, user, List.of());
    }

    /** {@link #notInstalled} after uninstall removed the others, which answered {@code removed}. */
    static NotInstalledException notInstalled(List<String> services, boolean user, List<String> removed) {
        return new NotInstalledException(services, removed, String.join(", ", services)
                + (services.size() == 1 ? " is" : " are") + " not installed"
                + (user ? " as a user service" : " as a system service"),
                "'svcctl list" + (user ? " --user" : "") + "' shows the services svcctl manages"
                        + (user ? "" : "; per-user services need --user"));
    }
}
