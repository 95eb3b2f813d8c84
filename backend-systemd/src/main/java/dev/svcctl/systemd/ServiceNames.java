package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.util.List;
import java.util.regex.Pattern;

/** Service names given on the command line: the spec's name rule, so nothing else reaches systemctl. */
final class ServiceNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

    private ServiceNames() {
    }

    static void check(List<String> names) throws BackendException {
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new BackendException(ExitCode.USAGE, "'" + name + "' is not a service name",
                        "names are letters, digits, '_', '.' and '-', starting with a letter or digit");
            }
            if (name.endsWith(".service")) {
                throw new BackendException(ExitCode.USAGE, "'" + name + "' names the unit, not the service",
                        "use '" + name.substring(0, name.length() - ".service".length()) + "'");
            }
        }
    }
}
