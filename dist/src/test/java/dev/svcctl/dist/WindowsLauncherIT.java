package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/svcctl.cmd from the zip, run by Wine's cmd.exe. No Windows JVM can be had here, so java.exe is a stand-in
 * (src/test/c/fakejava.c, built with mingw) that prints the command line the launcher gave it.
 */
class WindowsLauncherIT {
    private static final String VERSION = System.getProperty("svcctl.version");
    private static final Path WORK = Files2.target().resolve("it/wine");
    private static String wine;
    private static Path home;
    private static Path fakeJava;

    @BeforeAll
    static void unzipAndBuildTheFakeJava() throws Exception {
        wine = firstOnPath("wine", "wine-stable", "wine64");
        String compiler = firstOnPath("x86_64-w64-mingw32-gcc");
        if (wine == null || compiler == null) {
            String reason = "needs wine and x86_64-w64-mingw32-gcc (apt-get install wine wine64 gcc-mingw-w64-x86-64)";
            if (System.getenv("CI") != null) {
                fail(reason + "; CI is set, so a missing prerequisite is a failure");
            }
            Assumptions.abort(reason);
        }
        Path unzipped = Files2.freshDirectory("zip unpacked with space");
        try (ZipFile zip = new ZipFile(Files2.target().resolve("svcctl-" + VERSION + ".zip").toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path to = unzipped.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
        home = unzipped.resolve("svcctl-" + VERSION);
        Files.createDirectories(WORK.resolve("prefix"));
        Files.createDirectories(WORK.resolve("home"));
        fakeJava = WORK.resolve("java.exe");
        Run cc = Run.of(WORK, List.of(compiler, "-O1", "-Wall", "-Werror", "-o", fakeJava.toString(),
                Path.of("src/test/c/fakejava.c").toAbsolutePath().toString()));
        assertEquals(0, cc.exitCode(), cc::toString);
        Run boot = Run.of(WORK, wineEnvironment(null, null), List.of(wine, "wineboot", "--init"));
        assertEquals(0, boot.exitCode(), boot::toString);
    }

    private static String firstOnPath(String... commands) {
        for (String command : commands) {
            for (String dir : System.getenv("PATH").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                    return Path.of(dir, command).toString();
                }
            }
        }
        return null;
    }

    private static String windowsPath(Path unix) {
        return "Z:" + unix.toAbsolutePath().toString().replace('/', '\\');
    }

    private static Map<String, String> wineEnvironment(Path javaHome, String fakeVersion) {
        Map<String, String> env = new HashMap<>();
        env.put("WINEPREFIX", WORK.resolve("prefix").toString());
        env.put("HOME", WORK.resolve("home").toString());
        env.put("XDG_CACHE_HOME", WORK.resolve("home/.cache").toString());
        env.put("XDG_CONFIG_HOME", WORK.resolve("home/.config").toString());
        env.put("WINEDEBUG", "-all");
        env.put("WINEDLLOVERRIDES", "mscoree,mshtml=");
        env.put("DISPLAY", "");
        env.put("JAVA_HOME", javaHome == null ? null : windowsPath(javaHome));
        env.put("FAKE_JAVA_VERSION", fakeVersion);
        env.put("SVCCTL_JAVA_OPTS", null);
        return env;
    }

    private static Path fakeJavaHome(String name, String release) throws IOException {
        Path javaHome = Files2.freshDirectory("wine/" + name);
        Files.createDirectories(javaHome.resolve("bin"));
        Files.copy(fakeJava, javaHome.resolve("bin/java.exe"));
        if (release != null) {
            Files.writeString(javaHome.resolve("release"), release);
        }
        return javaHome;
    }

    private static Run svcctlCmd(Path javaHome, String fakeVersion, String... args) throws Exception {
        // From bin/ by its bare name: cmd /c strips the outer quotes of a command line that starts with a quoted path.
        List<String> command = new ArrayList<>(List.of(wine, "cmd", "/c", "svcctl.cmd"));
        command.addAll(List.of(args));
        return Run.of(home.resolve("bin"), wineEnvironment(javaHome, fakeVersion), command);
    }

    @Test
    void runsTheCliOnAJava17WithTheClassPathAndArgumentsIntact() throws Exception {
        Path java17 = fakeJavaHome("fake jdk 17", "JAVA_VERSION=\"17.0.9\"\r\n");

        Run run = svcctlCmd(java17, null, "render", "my spec.yaml", "--backend", "systemd");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> argv = run.out().lines().toList();
        int main = argv.indexOf("dev.svcctl.cli.Main");
        assertTrue(main > 1, run::toString);
        assertEquals(List.of("-cp", windowsPath(home.resolve("lib/svcctl.jar"))), argv.subList(main - 2, main));
        assertEquals(List.of("render", "my spec.yaml", "--backend", "systemd"), argv.subList(main + 1, argv.size()));
        assertTrue(argv.contains("-Dsvcctl.home=" + windowsPath(home)), run::toString);
        assertTrue(argv.contains("-XX:TieredStopAtLevel=1"), run::toString);
    }

    @Test
    void refusesAJava11ThatOnlyTellsItsVersionWhenAsked() throws Exception {
        Path java11 = fakeJavaHome("fake jdk 11", null);

        Run run = svcctlCmd(java11, "11.0.2", "--version");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertTrue(run.err().contains("svcctl: needs Java 17 or newer, but ") && run.err().contains("is Java 11.0.2 "),
                run::toString);
    }

    @Test
    void refusesAJava8NamedByItsReleaseFile() throws Exception {
        Path java8 = fakeJavaHome("fake jdk 8", "JAVA_VERSION=\"1.8.0_292\"\r\n");

        Run run = svcctlCmd(java8, null, "--version");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("is Java 1.8.0_292 "), run::toString);
    }

    @Test
    void saysSoWhenThereIsNoJava() throws Exception {
        Run run = svcctlCmd(null, null, "--version");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("svcctl: no Java found"), run::toString);
    }
}
