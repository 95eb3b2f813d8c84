package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.host.HostDuties;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.logs.LogStream;
import dev.svcctl.logs.ServiceLogFiles;
import dev.svcctl.logs.ServiceLogs;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * logs: a stream written to files is read from them with common's one reader ({@link ServiceLogs}): the rotated
 * files of a supervised service (where its installed spec copy says the supervisor writes them, decided by
 * {@link ServiceLogFiles} as the supervisor decides it), or the {@code StandardOutput=append:} file of a native
 * unit. Anything else is in the journal: journalctl, which cannot tell the streams apart.
 */
final class LogsReader {
    private final SystemdHost host;
    private final boolean user;

    LogsReader(SystemdHost host, boolean user) {
        this.host = host;
        this.user = user;
    }

    void show(String service, LogStream stream, int lines, boolean follow, OutputStream out)
            throws BackendException {
        ServiceNames.check(List.of(service));
        ManagedUnits managed = new ManagedUnits(host, user);
        UnitFiles.Found found = managed.read(service);
        if (found.absent()) {
            throw managed.notInstalled(List.of(service));
        }
        Optional<ServiceSpec> supervised = supervisedSpec(service);
        if (supervised.isPresent()) {
            ServiceSpec spec = supervised.get();
            // Under systemd the supervisor runs with JOURNAL_STREAM set: default streams go to the journal.
            ServiceLogFiles files = ServiceLogFiles.of(spec, paths(), LogTarget.JOURNAL);
            if (files.writesFile(stream)) {
                ServiceLogs.show(host.files().resolve(files.dir().orElseThrow().toString()), files.base(stream),
                        spec.user(), lines, follow, out);
                return;
            }
            journal(service, stream, files.target(stream), lines, follow, out);
            return;
        }
        Optional<String> file = logFile(found.content(), stream, user);
        if (file.isPresent()) {
            Path path = host.files().resolve(file.get());
            String name = path.getFileName().toString();
            if (!name.endsWith(".log")) {
                throw new BackendException(ExitCode.FAILED, "the unit of " + service + " writes its " + stream.base()
                        + " to " + file.get() + ", not to a NAME.log file svcctl reads", "journalctl or tail(1) it");
            }
            ServiceLogs.show(path.getParent(), name.substring(0, name.length() - ".log".length()),
                    unitUser(found.content()), lines, follow, out);
            return;
        }
        journal(service, stream, LogTarget.JOURNAL, lines, follow, out);
    }

    /**
     * The installed spec copy, when svcctl writes the service's log files: the svcctl supervisor, or the shared
     * host's log router (which writes them where the supervisor would).
     */
    private Optional<ServiceSpec> supervisedSpec(String service) throws BackendException {
        String specPath = UnitFiles.specPath(service, user);
        try {
            return SpecCopy.read(host.engine(), specPath).filter(spec -> Supervision.bySvcctl(spec)
                    || Supervision.hostDuties(spec).contains(HostDuties.Duty.ROUTE_LOGS));
        } catch (InvalidSpecException e) {
            throw new BackendException(ExitCode.FAILED, "the installed spec of " + service + " (" + specPath
                    + ") cannot be read, so where its logs are is unknown: " + e.getMessage().lines().findFirst()
                    .orElse(""), "install the service again");
        }
    }

    /** svcctl's paths with {@code ~} for the home, which the file root resolves. */
    private SvcctlPaths paths() {
        return new SvcctlPaths(System.getenv(), "~", System.getProperty("user.name", "user"),
                System.getProperty("java.io.tmpdir", "/tmp"), host.superuser());
    }

    /**
     * journalctl's lines: attached to this process's own output when {@code out} is standard output (the CLI, so
     * that {@code logs -f | head} ends journalctl with SIGPIPE), else read and written to {@code out} (svcctl
     * serve's response).
     */
    private void journal(String service, LogStream stream, LogTarget target, int lines, boolean follow,
            OutputStream out) throws BackendException {
        if (stream == LogStream.STDERR) {
            throw new BackendException(ExitCode.USAGE, "the stderr of " + service + " is not written to a file of its"
                    + " own (logs.stderr: " + target.name().toLowerCase(java.util.Locale.ROOT) + ")"
                    + (target == LogTarget.JOURNAL ? "; the journal does not keep it apart from stdout" : ""),
                    "'svcctl logs " + service + "' shows the journal, both streams together; 'logs.stderr: file'"
                            + " keeps stderr in a file of its own");
        }
        List<String> argv = new Systemctl(host.runner(), user).journalctl(UnitFiles.unitName(service), lines, follow,
                "short-iso");
        try {
            int exit;
            if (out == System.out) {
                exit = host.runner().runAttached(argv, follow ? ProcessRunner.NO_TIMEOUT : Systemctl.DEFAULT_TIMEOUT);
            } else {
                ProcessRunner.Result result = host.runner().run(argv, follow ? ProcessRunner.NO_TIMEOUT
                        : Systemctl.DEFAULT_TIMEOUT);
                out.write(result.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                exit = result.exitCode();
            }
            if (exit != 0 && !follow) {
                throw new BackendException(ExitCode.FAILED, "'" + String.join(" ", argv) + "' exited with " + exit,
                        null);
            }
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot run " + argv.get(0) + ": " + e.getMessage(), null, e);
        }
    }

    /** The file a native unit appends the stream to ({@code StandardOutput=append:...}), specifiers expanded. */
    static Optional<String> logFile(String unitText, LogStream stream, boolean user) {
        String key = stream == LogStream.STDOUT ? "StandardOutput=" : "StandardError=";
        Optional<String> file = Optional.empty();
        for (String line : unitText.split("\n")) {
            for (String kind : List.of("append:", "file:")) {
                if (line.startsWith(key + kind) && !HostUnits.isFifo(line.substring((key + kind).length()))) {
                    file = Optional.of(expand(line.substring((key + kind).length()).strip(), user));
                }
            }
        }
        return file;
    }

    /** Every file a native unit appends its output to, specifiers expanded (install creates their directories). */
    static List<String> logFiles(String unitText, boolean user) {
        List<String> files = new java.util.ArrayList<>();
        for (LogStream stream : LogStream.values()) {
            logFile(unitText, stream, user).filter(f -> !files.contains(f)).ifPresent(files::add);
        }
        return files;
    }

    /** The unit's {@code User=}: the files systemd writes for it are that user's. */
    static Optional<String> unitUser(String unitText) {
        Optional<String> user = Optional.empty();
        for (String line : unitText.split("\n")) {
            if (line.startsWith("User=") && line.length() > "User=".length()) {
                user = Optional.of(line.substring("User=".length()).strip());
            }
        }
        return user;
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
