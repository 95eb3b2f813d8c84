package dev.svcctl.supervisor;

import dev.svcctl.spec.EnvFileEntry;
import dev.svcctl.spec.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the spec into a ready {@link ProcessBuilder}: argv exactly as written (the JDK hands each element to
 * execve as one argument on POSIX), the supervisor's environment overlaid with {@code env} and then
 * {@code envFile}, file after file (the files win, as with systemd's EnvironmentFile=), and the working directory.
 *
 * <p>The init system's notify variables ({@value #NOTIFY_SOCKET}, {@value #WATCHDOG_USEC}, {@code WATCHDOG_PID})
 * are meant for {@code svcctl run}, its main process, never for the program: they are removed from what the
 * program inherits (a program that found systemd's socket would tell systemd it is ready, as if it were the
 * unit's main process). With {@code readiness.notify} the program gets the supervisor's own socket instead, and
 * with a {@code watchdog} its interval in microseconds.
 */
final class ProgramLaunch {
    static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    private static final List<String> INIT_SYSTEM_VARIABLES = List.of(NOTIFY_SOCKET, WATCHDOG_USEC, "WATCHDOG_PID");

    /** The supervisor's notify socket and watchdog, as the program is told of them; empty socket: no notify. */
    record Notify(Optional<Path> socket, Optional<Duration> watchdog) {
        static final Notify NONE = new Notify(Optional.empty(), Optional.empty());
    }

    private ProgramLaunch() {
    }

    static ProcessBuilder builder(ServiceSpec spec, Map<String, String> inherited, Notify notify,
            Consumer<String> warnings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv());
        environment(builder, spec, inherited, notify, warnings);
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        return builder;
    }

    /**
     * {@code reload.exec}: the program's environment and working directory, with {@code MAINPID} set to the
     * program's pid as systemd sets it for ExecReload=; its output goes where the supervisor's goes.
     */
    static ProcessBuilder reloadBuilder(ServiceSpec spec, Map<String, String> inherited, Notify notify, long mainPid,
            Consumer<String> warnings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.reloadExec());
        environment(builder, spec, inherited, notify, warnings);
        builder.environment().put("MAINPID", Long.toString(mainPid));
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        return builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * A hook (hooks.preStart or hooks.postStop): the program's environment (without the notify socket, which is the
     * program's) and working directory; its output goes where the supervisor's goes, as reload.exec's does.
     */
    static ProcessBuilder hookBuilder(ServiceSpec spec, List<String> command, Map<String, String> inherited,
            Consumer<String> warnings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(builder, spec, inherited, Notify.NONE, warnings);
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        return builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static void environment(ProcessBuilder builder, ServiceSpec spec, Map<String, String> inherited,
            Notify notify, Consumer<String> warnings) throws IOException {
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(inherited);
        INIT_SYSTEM_VARIABLES.forEach(env::remove);
        env.putAll(spec.env());
        for (EnvFileEntry file : spec.envFiles()) {
            EnvFile.Contents contents;
            try {
                contents = EnvFile.read(Path.of(file.path()));
            } catch (IOException e) {
                if (!file.optional()) {
                    throw e;
                }
                // As systemd with EnvironmentFile=-PATH: any failure to load an optional file only skips it.
                warnings.accept("skipped the optional envFile " + file.path() + ": " + e.getMessage());
                continue;
            }
            contents.warnings().forEach(warnings);
            env.putAll(contents.variables());
        }
        notify.socket().ifPresent(socket -> env.put(NOTIFY_SOCKET, socket.toString()));
        notify.watchdog().ifPresent(interval -> env.put(WATCHDOG_USEC, Long.toString(interval.toNanos() / 1000)));
    }
}
