package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.os.ProcessRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** logs: journalctl for services that log to the journal, tail(1) of the log files otherwise. */
final class LogsReader {
    private final SystemdHost host;
    private final boolean user;

    LogsReader(SystemdHost host, boolean user) {
        this.host = host;
        this.user = user;
    }

    void show(String service, int lines, boolean follow) throws BackendException {
        ServiceNames.check(List.of(service));
        ManagedUnits managed = new ManagedUnits(host, user);
        UnitFiles.Found found = managed.read(service);
        if (found.absent()) {
            throw managed.notInstalled(List.of(service));
        }
        List<String> files = logFiles(found.content(), user);
        List<String> argv;
        if (files.isEmpty()) {
            argv = new Systemctl(host.runner(), user).journalctl(UnitFiles.unitName(service), lines, follow, "short-iso");
        } else {
            argv = new ArrayList<>(List.of("tail", "-n", Integer.toString(lines)));
            if (follow) {
                argv.add("-F");
            }
            files.forEach(f -> argv.add(host.files().resolve(f).toString()));
        }
        try {
            int exit = host.runner().runAttached(argv, follow ? ProcessRunner.NO_TIMEOUT : Systemctl.DEFAULT_TIMEOUT);
            if (exit != 0 && !follow) {
                throw new BackendException(ExitCode.FAILED, "'" + String.join(" ", argv) + "' exited with " + exit,
                        null);
            }
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot run " + argv.get(0) + ": " + e.getMessage(), null, e);
        }
    }

    /** The files a unit appends its output to ({@code StandardOutput=append:...}), specifiers expanded. */
    static List<String> logFiles(String unitText, boolean user) {
        Set<String> files = new LinkedHashSet<>();
        for (String line : unitText.split("\n")) {
            for (String key : List.of("StandardOutput=append:", "StandardError=append:", "StandardOutput=file:",
                    "StandardError=file:")) {
                if (line.startsWith(key)) {
                    files.add(expand(line.substring(key.length()).strip(), user));
                }
            }
        }
        return List.copyOf(files);
    }

    /** The specifiers svcctl's renderer writes in log paths: %L (the log directory) and %%. */
    private static String expand(String value, boolean user) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(switch (next) {
                    case 'L' -> user ? "~/.local/state/log" : "/var/log";
                    case '%' -> "%";
                    default -> "%" + next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
