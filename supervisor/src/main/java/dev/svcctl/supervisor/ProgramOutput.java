package dev.svcctl.supervisor;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the program's stdout and stderr go: {@code file} streams into rotated files under the log directory
 * ({@code stdout.log}, {@code stderr.log}), {@code inherit} and {@code journal} to the supervisor's own streams
 * (under systemd that is the journal), {@code discard} nowhere. The files stay open across restarts.
 */
final class ProgramOutput implements AutoCloseable {
    private final LogTarget stdout;
    private final LogTarget stderr;
    private final LogHousekeeper housekeeper;
    private final RotatingLog stdoutLog;
    private final RotatingLog stderrLog;
    private final Consumer<String> problems;
    private final List<LogPump> pumps = new ArrayList<>();

    ProgramOutput(LogsSpec logs, LogTarget platformDefault, Path defaultDir, Clock clock, Consumer<String> problems)
            throws IOException {
        this.stdout = LogsSpec.resolve(logs.stdout(), platformDefault);
        this.stderr = LogsSpec.resolve(logs.stderr(), platformDefault);
        this.problems = problems;
        this.housekeeper = new LogHousekeeper(problems);
        Path dir = logs.dir().map(Path::of).orElse(defaultDir);
        this.stdoutLog = stdout == LogTarget.FILE
                ? new RotatingLog(dir, "stdout", logs.rotate(), clock, housekeeper) : null;
        this.stderrLog = stderr == LogTarget.FILE
                ? new RotatingLog(dir, "stderr", logs.rotate(), clock, housekeeper) : null;
    }

    void configure(ProcessBuilder builder) {
        builder.redirectOutput(redirect(stdout));
        builder.redirectError(redirect(stderr));
    }

    /** Before a run starts: each file begins the run's output on a line of its own. */
    void beginRun() throws IOException {
        if (stdoutLog != null) {
            stdoutLog.beginRun();
        }
        if (stderrLog != null) {
            stderrLog.beginRun();
        }
    }

    /** After the run started: copies its piped streams into the files. */
    void attach(Process process, long run) {
        pumps.removeIf(p -> !p.isAlive());
        if (stdoutLog != null) {
            pump("svcctl-stdout-" + run, process.getInputStream(), stdoutLog);
        }
        if (stderrLog != null) {
            pump("svcctl-stderr-" + run, process.getErrorStream(), stderrLog);
        }
    }

    private void pump(String name, InputStream in, RotatingLog log) {
        LogPump pump = new LogPump(name, in, log, problems);
        pumps.add(pump);
        pump.start();
    }

    /** Waits until every byte the ended run wrote has been copied (its writers are gone by then). */
    void drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (LogPump pump : pumps) {
            pump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        pumps.removeIf(p -> !p.isAlive());
    }

    private static ProcessBuilder.Redirect redirect(LogTarget target) {
        return switch (target) {
            case FILE -> ProcessBuilder.Redirect.PIPE;
            case DISCARD -> ProcessBuilder.Redirect.DISCARD;
            default -> ProcessBuilder.Redirect.INHERIT;
        };
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (stdoutLog != null) {
                stdoutLog.close();
            }
            if (stderrLog != null) {
                stderrLog.close();
            }
        } finally {
            housekeeper.close();
        }
    }
}
