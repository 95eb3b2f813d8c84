package dev.svcctl.logs;

import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the svcctl supervisor writes a service's output, decided in this one place: the supervisor opens its files
 * here and {@code svcctl logs} reads them from here. A stream whose target resolves to {@code file} goes to
 * {@code DIR/BASE.log} (rotated as {@link LogFileNames} says), {@code DIR} being {@code logs.dir} or the platform's
 * default directory; any other target is not written to a file by the supervisor.
 *
 * @param dir the log directory; empty when neither stream goes to a file
 * @param stdout where stdout goes, {@code default} resolved
 * @param stderr where stderr goes, {@code default} resolved
 */
public record ServiceLogFiles(Optional<Path> dir, LogTarget stdout, LogTarget stderr) {

    /**
     * @param platformDefault what {@code default} means where the supervisor runs: the journal under systemd, a
     *     file elsewhere
     * @param defaultDir the log directory when the spec names none
     */
    public static ServiceLogFiles of(LogsSpec logs, LogTarget platformDefault, Path defaultDir) {
        LogTarget out = LogsSpec.resolve(logs.stdout(), platformDefault);
        LogTarget err = LogsSpec.resolve(logs.stderr(), platformDefault);
        Optional<Path> dir = out == LogTarget.FILE || err == LogTarget.FILE
                ? Optional.of(logs.dir().map(Path::of).orElse(defaultDir)) : Optional.empty();
        return new ServiceLogFiles(dir, out, err);
    }

    /** For a POSIX host: the default directory from {@link SvcctlPaths#defaultLogDir}. */
    public static ServiceLogFiles of(ServiceSpec spec, SvcctlPaths paths, LogTarget platformDefault) {
        return of(spec.logs(), platformDefault, paths.defaultLogDir(spec.name(), spec.scope()));
    }

    public LogTarget target(LogStream stream) {
        return stream == LogStream.STDOUT ? stdout : stderr;
    }

    /** Whether the supervisor writes {@code stream} to a file of its own. */
    public boolean writesFile(LogStream stream) {
        return target(stream) == LogTarget.FILE;
    }

    /** The base name of {@code stream}'s files (each stream has its own). */
    public String base(LogStream stream) {
        return stream.base();
    }
}
