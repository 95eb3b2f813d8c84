package dev.svcctl.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs host commands with Apache Commons Exec: a watchdog ends a command that outlives its timeout, and pump threads
 * drain its stdout and stderr while it runs, so a chatty command never stalls on a full pipe.
 */
public final class CommonsExecProcessRunner implements ProcessRunner {

    @Override
    public Result run(List<String> argv, Duration timeout) throws IOException {
        return Execution.captured(argv, timeout);
    }

    @Override
    public int runAttached(List<String> argv, Duration timeout) throws IOException {
        return Execution.attached(argv, timeout);
    }

    /**
     * Everything that names a Commons Exec type, in a class of its own: every backend creates a runner, and only the
     * first command run should load Commons Exec (render, validate and a status without an init system run none).
     */
    private static final class Execution {
        /** How long the pumps may read on after the command ended: a descendant holding a pipe must not hang us. */
        private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

        static Result captured(List<String> argv, Duration timeout) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exitCode = execute(argv, timeout, new PumpStreamHandler(out, err), false);
            return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        static int attached(List<String> argv, Duration timeout) throws IOException {
            return execute(argv, timeout, new PumpStreamHandler(OutputStream.nullOutputStream()), true);
        }

        private static int execute(List<String> argv, Duration timeout, PumpStreamHandler streams, boolean attached)
                throws IOException {
            streams.setStopTimeout(DRAIN_TIMEOUT);
            Executor executor = new Executor(argv, attached);
            executor.setStreamHandler(streams);
            executor.setExitValues(null); // every exit code is an answer for the caller, none an exception
            ExecuteWatchdog watchdog = timeout.equals(NO_TIMEOUT)
                    ? null : ExecuteWatchdog.builder().setTimeout(timeout).get();
            executor.setWatchdog(watchdog);
            int exitCode;
            try {
                exitCode = executor.execute(new CommandLine(argv.get(0)));
            } catch (IOException e) {
                throw killed(watchdog) ? new TimedOutException(argv, timeout) : e;
            }
            if (killed(watchdog)) {
                throw new TimedOutException(argv, timeout);
            }
            return exitCode;
        }

        private static boolean killed(ExecuteWatchdog watchdog) {
            return watchdog != null && watchdog.killedProcess();
        }
    }

    /**
     * Starts the command with the JDK's ProcessBuilder rather than through Commons Exec's CommandLine and launchers:
     * <ul>
     * <li>the argument vector reaches the program exactly as given: CommandLine trims every argument (even with
     *     {@code addArgument(arg, false)}), so {@code " "} would arrive as {@code ""}; it only names the program here;
     * <li>stdin stays this process's, as systemctl asks for a polkit password on the terminal;
     * <li>an attached command writes to our stdout and stderr itself, so {@code logs -f | head} ends journalctl with
     *     SIGPIPE instead of leaving it running behind a pump;
     * <li>on Windows nothing is wrapped in {@code cmd /c}, which the stock launcher does whenever a working directory
     *     is set (it always is), re-quoting the arguments.
     * </ul>
     */
    private static final class Executor extends DefaultExecutor {
        private final List<String> argv;
        private final boolean attached;

        Executor(List<String> argv, boolean attached) {
            this.argv = List.copyOf(argv);
            this.attached = attached;
        }

        @Override
        protected Process launch(CommandLine program, Map<String, String> environment, Path workingDirectory)
                throws IOException {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.INHERIT);
            if (attached) {
                builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            return builder.start();
        }
    }
}
