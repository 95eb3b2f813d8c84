package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.install.Existing;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.InstallEngine.Ownership;
import dev.svcctl.spec.UnitDependencies;
import java.util.List;

/** Where svcctl keeps a service's files for a scope, and what is found there. */
final class UnitFiles {
    static final String SYSTEM_SPEC_DIR = SvcctlPaths.SYSTEM_SPECS + "/";
    static final String USER_SPEC_DIR = "~/" + SvcctlPaths.USER_SPECS_IN_HOME + "/";
    static final String SYSTEM_ENV_DIR = "/etc/svcctl/env/";
    static final String USER_ENV_DIR = "~/.config/svcctl/env/";

    private UnitFiles() {
    }

    static String unitName(String service) {
        return service + ".service";
    }

    /** The service a unit name of {@link #unitName} names. */
    static String serviceName(String unit) {
        return unit.endsWith(".service") ? unit.substring(0, unit.length() - ".service".length()) : unit;
    }

    /**
     * The unit a {@code dependsOn} entry names: {@code syslog.socket} and {@code app.service} as written, any other
     * name ({@code postgresql}, {@code postgresql@15-main}) is a service.
     */
    static String dependencyUnit(String dependency) {
        return UnitDependencies.suffix(dependency).isPresent() ? dependency : unitName(dependency);
    }

    static String unitDir(boolean user) {
        return user ? SystemdBackend.USER_UNIT_DIR : SystemdBackend.SYSTEM_UNIT_DIR;
    }

    /** The unit's path on the target host ({@code /etc/...} or {@code ~/...}). */
    static String unitPath(String service, boolean user) {
        return unitDir(user) + unitName(service);
    }

    /** The installed copy of the spec that {@code svcctl run --name} reads (supervised services only). */
    static String specPath(String service, boolean user) {
        return (user ? USER_SPEC_DIR : SYSTEM_SPEC_DIR) + service + ".yaml";
    }

    /**
     * The private file (mode 0600, the installer's) that holds the values of {@code env} for a unit that systemd runs
     * the program of itself, loaded with {@code EnvironmentFile=}: next to the spec copies, in svcctl's own
     * directory.
     */
    static String envPath(String service, boolean user) {
        return (user ? USER_ENV_DIR : SYSTEM_ENV_DIR) + service + ".env";
    }

    /** {@link #envPath} as the unit names it: a user unit's through {@code %h}, its manager's home. */
    static String envPathInUnit(String service, boolean user) {
        String path = envPath(service, user);
        return path.startsWith("~/") ? "%h/" + path.substring(2) : path;
    }

    /**
     * Where install records how a unit it took over (a foreign file at its path, or a unit of the same name
     * elsewhere that its file overrides) was enabled and running, so that uninstall can put that back.
     */
    static String takeoverPath(String service, boolean user) {
        return (user ? USER_SPEC_DIR : SYSTEM_SPEC_DIR) + "." + service + ".takeover";
    }

    /**
     * Every file a service may own in a scope: what uninstall removes and status checks for drift. The shared host's
     * unit is no service's (see {@link HostUnits#hostUnit}).
     */
    static List<String> ownedPaths(String service, boolean user) {
        List<String> paths = new java.util.ArrayList<>(List.of(specPath(service, user), envPath(service, user),
                unitPath(service, user)));
        paths.addAll(HostUnits.logUnitPaths(service, user));
        return paths;
    }

    /** What lies at a unit's path, and whose it is. */
    record Found(Ownership ownership, Existing existing) {
        boolean absent() {
            return ownership == Ownership.ABSENT;
        }

        boolean managed() {
            return ownership == Ownership.MANAGED || ownership == Ownership.DRIFTED;
        }

        String content() {
            return existing.kind() == Existing.Kind.FILE ? existing.text() : "";
        }
    }

    static Found read(InstallEngine engine, String unitPath) throws BackendException {
        Existing existing = engine.read(unitPath);
        return new Found(InstallEngine.ownership(unitPath, existing), existing);
    }
}
