package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.ServiceSpec;
import java.util.List;

/** Service names given on the command line: the spec's name rule, so nothing else reaches systemctl. */
final class ServiceNames {
    private ServiceNames() {
    }

    static void check(List<String> names) throws BackendException {
        for (String name : names) {
            if (name.endsWith(".service")) {
                throw new BackendException(ExitCode.USAGE, "'" + name + "' names the unit, not the service",
                        "use '" + name.substring(0, name.length() - ".service".length()) + "'");
            }
            String problem = ServiceSpec.nameProblem(name);
            if (problem != null) {
                throw new BackendException(ExitCode.USAGE, problem, null);
            }
        }
    }
}
