package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The POSIX launcher, run from the tar.gz unpacked into a directory whose name has a space. */
class LauncherIT {
    private static final String VERSION = System.getProperty("svcctl.version");
    private static Path home;
    private static Path elsewhere;

    @BeforeAll
    static void unpackTheTarball() throws Exception {
        Path into = Files2.freshDirectory("unpacked with space");
        Path tarball = Files2.target().resolve("svcctl-" + VERSION + ".tar.gz");
        Run untar = Run.of(into, List.of("tar", "-xzf", tarball.toString()));
        assertEquals(0, untar.exitCode(), untar::toString);
        home = into.resolve("svcctl-" + VERSION);
        elsewhere = Files2.freshDirectory("elsewhere");
    }

    private static Map<String, String> environment(String javaHome, String path) {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", javaHome);
        env.put("PATH", path);
        env.put("SVCCTL_JAVA_OPTS", null);
        return env;
    }

    private static String realJavaBin() {
        return Path.of(System.getProperty("java.home"), "bin").toString();
    }

    private static Path fakeJava(String name, String script, String release) throws IOException {
        Path javaHome = Files2.freshDirectory(name);
        Path bin = Files.createDirectories(javaHome.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (release != null) {
            Files.writeString(javaHome.resolve("release"), release);
        }
        return javaHome;
    }

    /**
     * Under the POSIX locale (no LANG: systemd's default) the JVM would hand a program '?' for every non-ASCII byte;
     * the launcher runs it under C.UTF-8, and the program still gets the caller's LC_ALL (or none) back.
     */
    @Test
    void aProgramRunWithoutALocaleGetsItsNonAsciiEnvironmentAndArgumentsByteForByte() throws Exception {
        Path work = Files2.freshDirectory("locale");
        for (String callerLcAll : java.util.Arrays.asList(null, "POSIX")) {
            Path environ = work.resolve("environ-" + callerLcAll);
            Path argument = work.resolve("argument-" + callerLcAll);
            Path spec = work.resolve("loc-" + callerLcAll + ".yaml");
            Files.writeString(spec, "name: loc\nexec: /bin/sh\nargs: [\"-c\", \"cat /proc/self/environ > '" + environ
                    + "'; printf %s \\\"$1\\\" > '" + argument + "'\", x, \"\u00e4rg \u65e5\"]\n"
                    + "env: {V: \"h\u00e9llo \u65e5\u672c\"}\nrestart: {policy: never}\n"
                    + "logs: {stdout: inherit, stderr: inherit}\n", StandardCharsets.UTF_8);
            Map<String, String> env = environment(null, realJavaBin() + ":/usr/bin:/bin");
            env.put("LANG", null);
            env.put("LC_CTYPE", null);
            env.put("LC_ALL", callerLcAll);
            env.put("SVCCTL_RUNTIME_DIR", work.resolve("runtime-" + callerLcAll).toString());

            Run run = Run.of(elsewhere, env, List.of(home.resolve("bin/svcctl").toString(), "run", spec.toString()));

            assertEquals(0, run.exitCode(), run::toString);
            List<String> variables = List.of(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8)
                    .split("\0"));
            assertTrue(variables.contains("V=h\u00e9llo \u65e5\u672c"), variables.toString());
            assertEquals("\u00e4rg \u65e5", Files.readString(argument, StandardCharsets.UTF_8));
            assertTrue(variables.stream().noneMatch(v -> v.startsWith("SVCCTL_CALLER_LC_ALL=")), variables.toString());
            if (callerLcAll == null) {
                assertTrue(variables.stream().noneMatch(v -> v.startsWith("LC_ALL=")), variables.toString());
            } else {
                assertTrue(variables.contains("LC_ALL=" + callerLcAll), variables.toString());
            }
        }
    }

    @Test
    void versionThroughAChainOfSymlinksFromAnotherDirectory() throws Exception {
        Path links = Files2.freshDirectory("links with space");
        Path absolute = Files.createSymbolicLink(links.resolve("svcctl-absolute"), home.resolve("bin/svcctl"));
        Path relative = Files.createSymbolicLink(links.resolve("svcctl"), Path.of("svcctl-absolute"));

        Run run = Run.of(elsewhere, environment(null, realJavaBin() + ":/usr/bin:/bin"),
                List.of(relative.toString(), "--version"));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("svcctl " + VERSION + "\n", run.out());
        assertEquals("", run.err(), "an archive unpacked elsewhere has no CDS archive and must say nothing about it");
        assertTrue(Files.isSymbolicLink(absolute));
    }

    @Test
    void relativeSpecPathsAreTheCallersAndNotTheLaunchers() throws Exception {
        Run run = Run.of(home.resolve("examples"), environment(null, realJavaBin() + ":/usr/bin:/bin"),
                List.of("../bin/svcctl", "render", "hello.yaml", "--backend", "systemd"));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Description=Says hello every five seconds"), run::toString);
    }

    @Test
    void javaHomeIsPreferredToPath() throws Exception {
        Path java11 = fakeJava("fake java 11 on path", "echo 'openjdk version \"11.0.2\" 2019-01-15' >&2\n", null);

        Run run = Run.of(elsewhere, environment(System.getProperty("java.home"), java11.resolve("bin") + ":/usr/bin:/bin"),
                List.of(home.resolve("bin/svcctl").toString(), "--version"));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("svcctl " + VERSION + "\n", run.out());
    }

    @Test
    void refusesAJava11FoundOnPathInOneLine() throws Exception {
        Path marker = Files2.target().resolve("it/fake java 11 ran svcctl");
        Files.deleteIfExists(marker);
        Path java11 = fakeJava("fake java 11", """
                if [ "$1" = -version ]; then
                  echo 'openjdk version "11.0.2" 2019-01-15' >&2
                  echo 'OpenJDK Runtime Environment 18.9 (build 11.0.2+9)' >&2
                  exit 0
                fi
                touch '%s'
                exit 99
                """.formatted(marker), null);

        Run run = Run.of(elsewhere, environment(null, java11.resolve("bin") + ":/usr/bin:/bin"),
                List.of(home.resolve("bin/svcctl").toString(), "--version"));

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("svcctl: needs Java 17 or newer, but "), run::toString);
        assertTrue(run.err().contains("is Java 11.0.2 "), run::toString);
        assertFalse(Files.exists(marker), "the launcher ran svcctl on Java 11");
    }

    @Test
    void readsAnOldJavaHomesVersionFromItsReleaseFileWithoutStartingIt() throws Exception {
        Path marker = Files2.target().resolve("it/fake java 8 ran");
        Files.deleteIfExists(marker);
        Path java8 = fakeJava("fake java 8", "touch '" + marker + "'\nexit 99\n",
                "IMPLEMENTOR=\"Temurin\"\nJAVA_VERSION=\"1.8.0_392\"\n");

        Run run = Run.of(elsewhere, environment(java8.toString(), realJavaBin() + ":/usr/bin:/bin"),
                List.of(home.resolve("bin/svcctl").toString(), "validate", "x.yaml"));

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("needs Java 17 or newer") && run.err().contains("Java 1.8.0_392 "), run::toString);
        assertFalse(Files.exists(marker), "the launcher started a JVM to learn what the release file says");
    }

    @Test
    void aJavaHomeWithoutJavaIsReportedInOneLine() throws Exception {
        Path empty = Files2.freshDirectory("empty java home");

        Run run = Run.of(elsewhere, environment(empty.toString(), "/usr/bin:/bin"),
                List.of(home.resolve("bin/svcctl").toString(), "--version"));

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("JAVA_HOME is " + empty + ", which has no bin/java"), run::toString);
    }

    @Test
    void anArchiveMadeForAnotherDirectoryIsIgnoredSilently() throws Exception {
        Path copy = Files2.freshDirectory("stale archive");
        Run cp = Run.of(copy, List.of("cp", "-a", home.toString() + "/.", copy.toString()));
        assertEquals(0, cp.exitCode(), cp::toString);
        Path built = Path.of(System.getProperty("svcctl.dist"));
        Files.copy(built.resolve("lib/svcctl.jsa"), copy.resolve("lib/svcctl.jsa"));
        Files.copy(built.resolve("lib/svcctl.jsa.key"), copy.resolve("lib/svcctl.jsa.key"));
        Map<String, String> env = environment(null, realJavaBin() + ":/usr/bin:/bin");
        env.put("SVCCTL_JAVA_OPTS", "-Xlog:class+load=info");

        Run run = Run.of(elsewhere, env, List.of(copy.resolve("bin/svcctl").toString(), "render",
                copy.resolve("examples/hello.yaml").toString(), "--backend", "systemd"));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertTrue(run.out().contains("picocli.CommandLine source: file:"), "picocli should come from its jar");
    }

    @Test
    void svcctlCdsMakesNoArchiveWhereJavaCouldNotUseIt() throws Exception {
        Run run = Run.of(elsewhere, environment(System.getProperty("java.home"), "/usr/bin:/bin"),
                List.of(home.resolve("bin/svcctl-cds").toString()));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("has a space in it"), run::toString);
        assertFalse(Files.exists(home.resolve("lib/svcctl.jsa")));
    }

    @Test
    void svcctlCdsTurnsTheShippedClassListIntoAnArchiveTheLauncherUses() throws Exception {
        Path copy = Files2.freshDirectory("cds-after-unpacking");
        Run cp = Run.of(copy, List.of("cp", "-a", home.toString() + "/.", copy.toString()));
        assertEquals(0, cp.exitCode(), cp::toString);
        Map<String, String> env = environment(System.getProperty("java.home"), "/usr/bin:/bin");

        Run cds = Run.of(elsewhere, env, List.of(copy.resolve("bin/svcctl-cds").toString()));
        env.put("SVCCTL_JAVA_OPTS", "-Xlog:class+load=info");
        Run run = Run.of(elsewhere, env, List.of(copy.resolve("bin/svcctl").toString(), "validate",
                copy.resolve("examples/hello.yaml").toString()));

        assertEquals(0, cds.exitCode(), cds::toString);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("picocli.CommandLine source: shared objects file"), run::toString);
    }

    /**
     * The build trains lib/svcctl-run.classlist on readiness.notify with a watchdog too (a second svcctl run speaks
     * sd_notify to the first): the notify socket's reader and messages are archived, not parsed by every supervisor.
     */
    @Test
    void theRunClassListCoversTheNotifyPath() throws Exception {
        List<String> classes = Files.readAllLines(home.resolve("lib/svcctl-run.classlist"), StandardCharsets.UTF_8);

        for (String notifyClass : List.of("dev/svcctl/supervisor/PosixNotifyPort$Listener",
                "dev/svcctl/supervisor/NotifyMessage", "dev/svcctl/supervisor/Supervisor$Notified")) {
            assertTrue(classes.contains(notifyClass), notifyClass + " is not in lib/svcctl-run.classlist");
        }
        assertTrue(classes.contains("dev/svcctl/supervisor/HealthMonitor"), "the first training (health check) is kept");
    }
}
