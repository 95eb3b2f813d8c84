package dev.svcctl.cli;

import dev.svcctl.systemd.sandbox.RawResult;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real svcctl (this build's classes, a fresh JVM) inside a booted sandbox, as root or as nobody, with
 * systemctl wrapped so that each run can count the systemctl processes it spawned.
 */
final class InsideSandbox {
    static final Path WORK = Path.of("target", "sandbox-cli").toAbsolutePath();
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final SystemdSandbox sandbox;
    private final String classPath;
    private final Path wrappers;
    private int runs;

    /**
     * @param sinceFirstSystemctl from svcctl's first systemctl call to its end: its wall time less the JVM's start and
     *     the planning before it, which a loaded machine stretches (zero when it made no call)
     */
    record Run(int exitCode, String out, String err, int systemctlCalls, Duration wallTime, List<String> calls,
               Duration sinceFirstSystemctl) {
    }

    InsideSandbox(SystemdSandbox sandbox) throws IOException {
        this.sandbox = sandbox;
        this.classPath = readableClassPath();
        this.wrappers = Files.createDirectories(WORK.resolve("bin"));
        Path systemctl = wrappers.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/sh
                echo "$(date +%s.%N) $*" >> "$SYSTEMCTL_LOG"
                /usr/bin/systemctl "$@"
                rc=$?
                echo "$(date +%s.%N) exit $rc" >> "$SYSTEMCTL_LOG.ends"
                exit $rc
                """);
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The test class path with its jars copied under target/ (the local Maven repository lives in /root, which
     * nobody cannot read).
     */
    /**
     * A launcher script in {@code dir} that runs this build's CLI on {@code classPath} with {@code javaOptions}, for
     * units that run {@code svcctl run} (the project directory is shared with the sandbox at the same path).
     */
    static Path launcherScript(Path dir, String classPath, String... javaOptions) throws IOException {
        Path launcher = dir.resolve("svcctl");
        StringBuilder options = new StringBuilder();
        for (String option : javaOptions) {
            options.append(" '").append(option).append('\'');
        }
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "'" + options + " -cp '" + classPath + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** Polls {@code condition} every 100 ms for up to a minute. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }

    static String readableClassPath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path lib = Files.createDirectories(WORK.resolve("lib"));
        List<String> entries = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isRegularFile(path) && entry.endsWith(".jar") && path.startsWith("/root")) {
                Path copy = lib.resolve(path.getFileName());
                Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else {
                entries.add(path.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** argv of one svcctl run inside, with extra environment. */
    List<String> command(Path systemctlLog, Map<String, String> env, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("env", "PATH=" + wrappers + ":" + PATH,
                "SYSTEMCTL_LOG=" + systemctlLog));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, Main.class.getName()));
        argv.addAll(args);
        return argv;
    }

    Run svcctl(String... args) throws IOException {
        return svcctl(Map.of(), List.of(args));
    }

    Run svcctl(Map<String, String> env, List<String> args) throws IOException {
        Path log = newLog();
        long start = System.nanoTime();
        RawResult result = sandbox.execRaw(Duration.ofMinutes(3), new byte[0],
                command(log, env, args).toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Run(result.exitCode(), result.stdoutText(), result.stderrText(), calls(log), took, timings(log),
                sinceFirstCall(log));
    }

    /** As an ordinary user (nobody), with setpriv. */
    Run svcctlAsNobody(String... args) throws IOException {
        return svcctlAs(65534, Map.of("HOME", "/nonexistent"), List.of(args));
    }

    /** As the user of this uid (its group the same number, no other groups), with setpriv and extra environment. */
    Run svcctlAs(int uid, Map<String, String> env, List<String> args) throws IOException {
        Path log = newLog();
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        argv.addAll(command(log, env, args));
        RawResult result = sandbox.execRaw(Duration.ofMinutes(3), new byte[0], argv.toArray(String[]::new));
        return new Run(result.exitCode(), result.stdoutText(), result.stderrText(), calls(log), Duration.ZERO,
                List.of(), Duration.ZERO);
    }

    /** Starts svcctl inside without waiting for it: the host side of {@code systemd-sandbox exec}. */
    Process launch(Map<String, String> env, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(script().toString(), "exec", sandbox.dir().toString()));
        argv.addAll(command(newLog(), env, args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("launched-" + runs + ".log").toFile());
        return builder.start();
    }

    private Path newLog() throws IOException {
        Path log = WORK.resolve("systemctl-" + (++runs) + ".log");
        Files.deleteIfExists(log);
        Files.deleteIfExists(Path.of(log + ".ends"));
        Files.createFile(log);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        return log;
    }

    private static int calls(Path log) throws IOException {
        return (int) Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
    }

    /** From the first call's start (the wrapper's date +%s.%N, the same clock as this JVM's) to now. */
    private static Duration sinceFirstCall(Path log) throws IOException {
        List<String> starts = Files.readAllLines(log);
        if (starts.isEmpty() || starts.get(0).isBlank()) {
            return Duration.ZERO;
        }
        double first = Double.parseDouble(starts.get(0).split(" ", 2)[0]);
        return Duration.ofNanos(Math.max(0, Math.round((System.currentTimeMillis() / 1000.0 - first) * 1e9)));
    }

    /** Each systemctl call of a run with how long it took, e.g. {@code 120 ms  systemctl start a.service ...}. */
    private static List<String> timings(Path log) throws IOException {
        List<String> starts = Files.readAllLines(log);
        Path endsFile = Path.of(log + ".ends");
        List<String> ends = Files.exists(endsFile) ? Files.readAllLines(endsFile) : List.of();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < starts.size() && i < ends.size(); i++) {
            String[] start = starts.get(i).split(" ", 2);
            double seconds = Double.parseDouble(ends.get(i).split(" ")[0]) - Double.parseDouble(start[0]);
            String call = start[1].length() > 70 ? start[1].substring(0, 70) + "..." : start[1];
            lines.add(String.format("%5d ms  systemctl %s", Math.round(seconds * 1000), call));
        }
        return lines;
    }

    static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/systemd-sandbox");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/systemd-sandbox not found above " + Path.of("").toAbsolutePath());
    }

    /** Writes a spec file under target/, visible inside at the same path. */
    static Path spec(String fileName, String yaml) throws IOException {
        Path dir = Files.createDirectories(WORK.resolve("specs"));
        Path file = dir.resolve(fileName);
        Files.writeString(file, yaml);
        return file;
    }

    /** Removes what an earlier run left (pause files of a killed svcctl stay behind). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
