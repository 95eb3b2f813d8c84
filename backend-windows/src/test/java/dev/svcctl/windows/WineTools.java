package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the C helpers under src/test/c with the mingw cross compiler and runs them under Wine, in a Wine prefix and
 * home kept under target/ so that nothing outside the build directory changes.
 *
 * <p>When mingw or wine is missing, tests that need them are skipped with the reason, unless the CI environment
 * variable is set: then the missing prerequisite is a failure.
 */
public final class WineTools {
    static final String COMPILER = "x86_64-w64-mingw32-gcc";
    /** backend-windows' src/test/c, also when another module's tests use this class through the test-jar. */
    static final Path SOURCES = sources();
    static final Path WORK = Path.of("target", "wine").toAbsolutePath();
    private static final Path PREFIX = WORK.resolve("prefix");
    private static final Path HOME = WORK.resolve("home");
    private static final int BOOT_ATTEMPTS = 3;
    private static boolean prefixReady;

    private WineTools() {
    }

    private static Path sources() {
        try {
            Path classes = Path.of(WineTools.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // backend-windows/target/test-classes (in the reactor) -> backend-windows/src/test/c
            Path module = classes.getParent() == null ? null : classes.getParent().getParent();
            if (module != null && Files.isDirectory(module.resolve("src/test/c"))) {
                return module.resolve("src/test/c");
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("src", "test", "c").toAbsolutePath();
    }

    /** Skips (or, in CI, fails) the calling test unless mingw and wine are installed. */
    public static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!onPath(COMPILER)) {
            missing.add(COMPILER + " (apt-get install gcc-mingw-w64-x86-64)");
        }
        if (wineCommand() == null) {
            missing.add("wine (apt-get install wine wine64)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "needs " + String.join(" and ", missing);
        if (System.getenv("CI") != null) {
            fail(reason + "; CI is set, so a missing prerequisite is a failure");
        }
        Assumptions.abort(reason);
    }

    /** Debian 12 installs the loader as wine-stable (and /usr/lib/wine/wine64) but no plain "wine". */
    private static String wineCommand() {
        for (String candidate : List.of("wine", "wine-stable", "wine64")) {
            if (onPath(candidate)) {
                return candidate;
            }
        }
        return Files.isExecutable(Path.of("/usr/lib/wine/wine64")) ? "/usr/lib/wine/wine64" : null;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Compiles C sources from src/test/c into target/wine/bin/NAME.exe unless it is newer than its sources. */
    public static synchronized Path compile(String exeName, List<String> sources, String... flags) throws IOException {
        Path exe = WORK.resolve("bin").resolve(exeName);
        if (Files.exists(exe) && upToDate(exe, sources)) {
            return exe;
        }
        Files.createDirectories(exe.getParent());
        List<String> argv = new ArrayList<>(List.of(COMPILER, "-O1", "-Wall", "-Werror", "-o", exe.toString()));
        sources.forEach(s -> argv.add(SOURCES.resolve(s).toString()));
        argv.addAll(List.of(flags));
        Result r = run(argv, Map.of(), null, 120);
        if (r.exitCode != 0) {
            Files.deleteIfExists(exe);
            fail("compiling " + sources + " failed:\n" + r.stdout + r.stderr);
        }
        return exe;
    }

    private static boolean upToDate(Path exe, List<String> sources) throws IOException {
        for (String source : sources) {
            if (Files.getLastModifiedTime(SOURCES.resolve(source)).compareTo(Files.getLastModifiedTime(exe)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The Wine prefix's C: drive (created on first use), for placing programs at the Windows paths a test needs. */
    public static Path driveC() throws IOException {
        ensurePrefix();
        return PREFIX.resolve("drive_c");
    }

    /** Runs a Windows program under wine with {@code input} on its standard input. */
    public static Result wine(Path exe, List<String> args, String input, int timeoutSeconds) throws IOException {
        return wine(exe, args, input, timeoutSeconds, "-all");
    }

    /**
     * As {@link #wine(Path, List, String, int)} for a long batch that reports each step on its standard output (and
     * flushes it): the bound is {@code idleSeconds} without any new output, not a total. A batch of hundreds of
     * Wine process starts takes minutes on a loaded machine, yet each step still comes within seconds; a hung step
     * still fails.
     */
    public static Result wineWhileProgressing(Path exe, List<String> args, String input, int idleSeconds)
            throws IOException {
        ensurePrefix();
        List<String> argv = new ArrayList<>(List.of(wineCommand(), exe.toString()));
        argv.addAll(args);
        Result result = runOrNull(argv, wineEnvironment(), input, idleSeconds, true);
        if (result == null) {
            fail(argv + " printed nothing for " + idleSeconds + "s");
        }
        return result;
    }

    /** As {@link #wine(Path, List, String, int)}, with Wine's debug channels set by {@code wineDebug} (WINEDEBUG). */
    public static Result wine(Path exe, List<String> args, String input, int timeoutSeconds, String wineDebug)
            throws IOException {
        ensurePrefix();
        List<String> argv = new ArrayList<>(List.of(wineCommand(), exe.toString()));
        argv.addAll(args);
        Map<String, String> env = new java.util.HashMap<>(wineEnvironment());
        env.put("WINEDEBUG", wineDebug);
        return run(argv, env, input, timeoutSeconds);
    }

    /**
     * Runs one of Wine's own programs by its Windows path (e.g. {@code C:\windows\system32\schtasks.exe}) with
     * {@code extraEnvironment} on top of the prefix's; wine builds the Windows command line from the argv.
     */
    public static Result wineProgram(List<String> argv, Map<String, String> extraEnvironment, int timeoutSeconds)
            throws IOException {
        ensurePrefix();
        List<String> command = new ArrayList<>(List.of(wineCommand()));
        command.addAll(argv);
        Map<String, String> env = new java.util.HashMap<>(wineEnvironment());
        env.putAll(extraEnvironment);
        return run(command, env, null, timeoutSeconds);
    }

    /**
     * Ends the prefix's wineserver and every Wine process of it (services.exe included), so that the next program
     * run starts Wine's system processes again, with its own environment and standard error (WINEDEBUG channels of
     * services.exe then reach that program's stderr). Only this module's prefix under target/ is affected.
     */
    public static void restartPrefix() throws IOException {
        ensurePrefix();
        String wineserver = onPath("wineserver") ? "wineserver"
                : Files.isExecutable(Path.of("/usr/lib/wine/wineserver64")) ? "/usr/lib/wine/wineserver64" : null;
        if (wineserver == null) {
            fail("wineserver not found");
        }
        run(List.of(wineserver, "-k"), wineEnvironment(), null, 120);
        run(List.of(wineserver, "-w"), wineEnvironment(), null, 120);
    }

    /** Starts a Windows program under wine for a conversation over its standard input and output. */
    public static Process startWine(Path exe) throws IOException {
        ensurePrefix();
        ProcessBuilder builder = new ProcessBuilder(wineCommand(), exe.toString());
        builder.environment().putAll(wineEnvironment());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    /** A Linux path as Wine's programs name it: / is drive Z:. */
    public static String windowsPath(Path linuxPath) {
        return "Z:" + linuxPath.toAbsolutePath().toString().replace('/', '\\');
    }

    /**
     * Boots the prefix once per JVM. Only this start-up is retried (up to three attempts, the wineserver killed in
     * between): on a loaded machine wineboot can time out or fail while Wine creates a fresh prefix, which says
     * nothing about the behaviour a test checks. A test's own program and its assertions are never retried.
     */
    private static synchronized void ensurePrefix() throws IOException {
        if (prefixReady) {
            return;
        }
        Files.createDirectories(PREFIX);
        Files.createDirectories(HOME);
        String wineserver = onPath("wineserver") ? "wineserver"
                : Files.isExecutable(Path.of("/usr/lib/wine/wineserver64")) ? "/usr/lib/wine/wineserver64" : null;
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= BOOT_ATTEMPTS; attempt++) {
            Result r = runUnlessTimedOut(List.of(wineCommand(), "wineboot", "--init"), wineEnvironment(), 300);
            if (r != null && r.exitCode == 0) {
                // wineboot returns while the new prefix is still being set up in the background; a program started
                // in that window can die without output (seen once in a fresh CI clone). Wait until it is quiet.
                if (wineserver == null
                        || runUnlessTimedOut(List.of(wineserver, "-w"), wineEnvironment(), 300) != null) {
                    prefixReady = true;
                    return;
                }
                failures.append("attempt ").append(attempt).append(": wineserver -w did not return in 300s\n");
            } else {
                failures.append("attempt ").append(attempt).append(": ")
                        .append(r == null ? "timed out after 300s" : "exit " + r.exitCode + "\n" + r.stderr)
                        .append('\n');
            }
            if (wineserver != null) {
                runUnlessTimedOut(List.of(wineserver, "-k"), wineEnvironment(), 60);
            }
        }
        fail("wineboot failed " + BOOT_ATTEMPTS + " times:\n" + failures);
    }

    private static Map<String, String> wineEnvironment() {
        return Map.of(
                "WINEPREFIX", PREFIX.toString(),
                "HOME", HOME.toString(),
                "XDG_CACHE_HOME", HOME.resolve(".cache").toString(),
                "XDG_CONFIG_HOME", HOME.resolve(".config").toString(),
                "XDG_DATA_HOME", HOME.resolve(".local/share").toString(),
                "WINEDEBUG", "-all",
                // No Mono or Gecko install prompts: the helpers are plain console programs.
                "WINEDLLOVERRIDES", "mscoree,mshtml=",
                "DISPLAY", "");
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(List<String> argv, Map<String, String> env, String input, int timeoutSeconds)
            throws IOException {
        Result result = runOrNull(argv, env, input, timeoutSeconds, false);
        if (result == null) {
            fail(argv + " did not finish within " + timeoutSeconds + "s");
        }
        return result;
    }

    /** As {@link #run}, but null when the program did not finish in time (it is killed). */
    private static Result runUnlessTimedOut(List<String> argv, Map<String, String> env, int timeoutSeconds)
            throws IOException {
        return runOrNull(argv, env, null, timeoutSeconds, false);
    }

    /**
     * Runs {@code argv} to its end, or null when it ran past {@code timeoutSeconds} (it is killed then): counted from
     * its start, or with {@code sinceLastOutput} from the last bytes it wrote to standard output.
     */
    private static Result runOrNull(List<String> argv, Map<String, String> env, String input, int timeoutSeconds,
            boolean sinceLastOutput) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        Process p = builder.start();
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        AtomicLong started = new AtomicLong(lastOutput.get());
        ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
        Thread out = drainer(p.getInputStream(), outBuffer, lastOutput, "wine-stdout");
        Thread err = drainer(p.getErrorStream(), errBuffer, null, "wine-stderr");
        // The input is written by a thread of its own (not a shared pool's, where it could wait behind the drains):
        // a program that reads it slowly, or stops reading, must not hold this thread before the timeout below
        // starts counting. A write that fails because the program ended early is left to its output to explain.
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the program closed its input: nothing more to give it
            }
        }, "wine-stdin");
        feeder.setDaemon(true);
        feeder.start();
        AtomicLong from = sinceLastOutput ? lastOutput : started;
        try {
            while (!p.waitFor(1, TimeUnit.SECONDS)) {
                if (System.nanoTime() - from.get() > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                    p.destroyForcibly();
                    return null;
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long settleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        return new Result(p.exitValue(), settled(out, outBuffer, settleBy), settled(err, errBuffer, settleBy));
    }

    /**
     * What the program wrote, once its pipe ends or, by {@code settleBy} (10 s after the program ended, for both streams together), as it is: a process the
     * program started (the wineserver or services.exe a first {@code wine} call launches) can inherit the pipe and
     * keep it open for its whole life, and waiting for its end hung a loaded CI run for half an hour.
     */
    private static String settled(Thread drainer, ByteArrayOutputStream buffer, long settleBy) {
        try {
            drainer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(settleBy - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** A daemon thread copying everything {@code in} gives into {@code buffer}; each chunk sets {@code activity}. */
    private static Thread drainer(InputStream in, ByteArrayOutputStream buffer, AtomicLong activity, String name) {
        Thread t = new Thread(() -> {
            try (in) {
                byte[] chunk = new byte[8192];
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    buffer.write(chunk, 0, n);
                    if (activity != null) {
                        activity.set(System.nanoTime());
                    }
                }
            } catch (IOException e) {
                // the stream was closed under us: what was read so far is the output
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
