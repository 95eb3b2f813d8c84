package dev.svcctl.supervisor;

import dev.svcctl.spec.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns the spec into a ready {@link ProcessBuilder}: argv exactly as written (the JDK hands each element to
 * execve as one argument on POSIX), the supervisor's environment overlaid with {@code env} and then
 * {@code envFile} (the file wins, as with systemd's EnvironmentFile=), and the working directory.
 */
final class ProgramLaunch {
    private ProgramLaunch() {
    }

    static ProcessBuilder builder(ServiceSpec spec, Map<String, String> inherited) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(inherited);
        env.putAll(spec.env());
        if (spec.envFile().isPresent()) {
            env.putAll(EnvFile.read(Path.of(spec.envFile().get())));
        }
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        return builder;
    }
}
