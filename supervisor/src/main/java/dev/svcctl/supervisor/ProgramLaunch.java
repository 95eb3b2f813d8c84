package dev.svcctl.supervisor;

import dev.svcctl.spec.EnvFileEntry;
import dev.svcctl.spec.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the spec into a ready {@link ProcessBuilder}: argv exactly as written (the JDK hands each element to
 * execve as one argument on POSIX), the supervisor's environment overlaid with {@code env} and then
 * {@code envFile}, file after file (the files win, as with systemd's EnvironmentFile=), and the working directory.
 */
final class ProgramLaunch {
    private ProgramLaunch() {
    }

    static ProcessBuilder builder(ServiceSpec spec, Map<String, String> inherited, Consumer<String> warnings)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv());
        environment(builder, spec, inherited, warnings);
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        return builder;
    }

    /**
     * {@code reload.exec}: the program's environment and working directory, with {@code MAINPID} set to the
     * program's pid as systemd sets it for ExecReload=; its output goes where the supervisor's goes.
     */
    static ProcessBuilder reloadBuilder(ServiceSpec spec, Map<String, String> inherited, long mainPid,
            Consumer<String> warnings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.reloadExec());
        environment(builder, spec, inherited, warnings);
        builder.environment().put("MAINPID", Long.toString(mainPid));
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        return builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static void environment(ProcessBuilder builder, ServiceSpec spec, Map<String, String> inherited,
            Consumer<String> warnings) throws IOException {
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(inherited);
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
    }
}
