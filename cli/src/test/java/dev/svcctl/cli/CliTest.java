package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliTest {
    static final Path WORK = Path.of("target/cli-test");

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome svcctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** The {@code services} of a --json document (status, list, install, start...: docs/json.md). */
    static com.google.gson.JsonArray services(String json) {
        return com.google.gson.JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("services");
    }

    static Path spec(String name, String yaml) throws Exception {
        Files.createDirectories(WORK);
        Path file = WORK.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void versionPrintsTheVersion() {
        Outcome o = svcctl("--version");
        assertEquals(0, o.exitCode());
        assertTrue(o.out().startsWith("svcctl "), o.out());
        assertEquals(o.out(), svcctl("version").out());
    }

    @Test
    void validAndInvalidSpecsGiveZeroAnd65WithLocatedOneLineErrors() throws Exception {
        Path good = spec("good.yaml", "name: good\nexec: /bin/true\n");
        Path bad = spec("bad.yaml", "name: bad\nexce: /bin/true\nrestart:\n  delay: 5\n");
        assertEquals(0, svcctl("validate", good.toString()).exitCode());

        Outcome o = svcctl("validate", good.toString(), bad.toString());
        assertEquals(65, o.exitCode());
        String[] lines = o.err().strip().split("\n");
        assertEquals(3, lines.length, o.err());
        assertTrue(lines[0].startsWith(bad + ":1:1: missing required key 'exec'"), lines[0]);
        assertTrue(lines[1].startsWith(bad + ":2:1: unknown key 'exce' (hint: did you mean 'exec'?)"), lines[1]);
        assertTrue(lines[2].startsWith(bad + ":4:10: restart.delay: '5' has no unit"), lines[2]);
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    void renderPrintsTheUnitForAnyBackendAndWritesItUnderAnOutputRoot() throws Exception {
        Path file = spec("web.yaml", "name: web\nexec: /usr/bin/env\nargs: [\"a b\", \"$X\"]\n");
        Outcome o = svcctl("render", file.toString(), "--backend", "systemd");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("ExecStart=\"/usr/bin/env\" \"a b\" \"$$X\"\n"), o.out());

        Path root = WORK.resolve("root");
        o = svcctl("render", file.toString(), "--backend", "systemd", "-o", root.toString());
        assertEquals(0, o.exitCode(), o.err());
        Path unit = root.resolve("etc/systemd/system/web.service");
        assertTrue(Files.readString(unit).contains("ExecStart="));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(unit)));
    }

    @Test
    void escapeHatchValuesAreRefusedAtTheirKey() throws Exception {
        Path file = spec("hatch.yaml", "name: hatch\nexec: /bin/true\nplatform:\n  systemd:\n    service:\n"
                + "      ProtectSystem: strict\n      ReadWritePaths: \"/var/lib/app\\\\\"\n");
        Outcome o = svcctl("validate", file.toString(), "--backend", "systemd");
        assertEquals(65, o.exitCode());
        assertTrue(o.err().startsWith(file + ":7:7: platform.systemd.service.ReadWritePaths: a trailing backslash"),
                o.err());
    }

    @Test
    void unitsOfAnyKindAndTemplateInstancesOnSystemdAndAClearRefusalElsewhere() throws Exception {
        Path file = spec("app@1.yaml", "name: app@1\nexec: /bin/true\n"
                + "dependsOn: [syslog.socket, postgresql@15-main, db, remote-fs.target]\n");
        Outcome o = svcctl("render", file.toString(), "--backend", "systemd", "-o", WORK.resolve("inst").toString());
        assertEquals(0, o.exitCode(), o.err());
        String unit = Files.readString(WORK.resolve("inst/etc/systemd/system/app@1.service"));
        assertTrue(unit.contains("Requires=syslog.socket\nRequires=postgresql@15-main.service\nRequires=db.service\n"
                + "Requires=remote-fs.target\n"), unit);

        o = svcctl("validate", file.toString(), "--backend", "launchd");
        assertEquals(65, o.exitCode());
        assertTrue(o.err().startsWith(file + ":1:1: name: 'app@1' is a systemd template instance; launchd jobs have"
                + " no templates (hint: use a name without '@', such as app-1)"), o.err());
        o = svcctl("validate", file.toString(), "--backend", "windows");
        assertEquals(65, o.exitCode());
        assertTrue(o.err().contains(file + ":1:1: name: 'app@1' is a systemd template instance; Windows services"),
                o.err());
        assertTrue(o.err().contains(":3:28: dependsOn[1]: 'postgresql@15-main' is a systemd template instance"),
                o.err());
        assertTrue(o.err().contains(":3:13: dependsOn[0]: 'syslog.socket' names a systemd socket unit; Windows"
                + " services depend only on other services (hint: name the Windows service it stands for"), o.err());
        assertTrue(o.err().contains(":3:52: dependsOn[3]: 'remote-fs.target' names a systemd target unit"), o.err());
        assertFalse(o.err().contains("dependsOn[2]"), "db is a service name: " + o.err());
    }

    @Test
    void windowsRefusesNotifyReadinessAndTheWatchdogAtTheirKeys() throws Exception {
        Path file = spec("ready.yaml", "name: ready\nexec: C:\\app\\app.exe\nreadiness:\n  notify: true\n"
                + "watchdog: 30s\n");
        Outcome o = svcctl("validate", file.toString(), "--backend", "windows");
        assertEquals(65, o.exitCode());
        assertTrue(o.err().contains(file + ":4:3: readiness.notify: the sd_notify protocol"), o.err());
        assertTrue(o.err().contains(file + ":5:1: watchdog: the watchdog is kept over sd_notify"), o.err());

        Path tcp = spec("ready-tcp.yaml", "name: ready\nexec: C:\\app\\app.exe\nreadiness:\n  tcp: 127.0.0.1:80\n");
        o = svcctl("validate", tcp.toString(), "--backend", "windows");
        assertEquals(0, o.exitCode(), o.err());
    }

    /** The launcher script sets svcctl.launcher to its own path: here, as if run from a build tree. */
    @Test
    void installUnderARootRefusesABuildTreeLauncherAndTakesSvcctlPath() throws Exception {
        Path file = spec("sup.yaml", "name: sup\nexec: /bin/true\nsupervisor: svcctl\n");
        Path root = WORK.resolve("launcher-root");
        String before = System.getProperty("svcctl.launcher");
        System.setProperty("svcctl.launcher", WORK.resolve("dist/bin/svcctl").toAbsolutePath().toString());
        try {
            Outcome o = svcctl("install", file.toString(), "--backend", "systemd", "--root", root.toString());
            assertEquals(1, o.exitCode(), o.out());
            assertTrue(o.err().contains("sup: the unit would run svcctl from " + WORK.toAbsolutePath()
                    + "/dist/bin/svcctl, but it is inside a build tree"), o.err());

            o = svcctl("install", file.toString(), "--backend", "systemd", "--root", root.toString(),
                    "--svcctl-path", "/opt/svcctl/bin/svcctl");
            assertEquals(0, o.exitCode(), o.err());
            assertTrue(Files.readString(root.resolve("etc/systemd/system/sup.service"))
                    .contains("ExecStart=\"/opt/svcctl/bin/svcctl\" \"run\""));
        } finally {
            if (before == null) {
                System.clearProperty("svcctl.launcher");
            } else {
                System.setProperty("svcctl.launcher", before);
            }
        }
    }

    @Test
    void renderReportsWhatTheBackendCannotHonourAtTheKeysLocation() throws Exception {
        Path file = spec("ws.yaml", "name: ws\nexec: /bin/true\ndescription: \"ends in a backslash\\\\\"\n");
        Outcome o = svcctl("render", file.toString(), "--backend", "systemd");
        assertEquals(65, o.exitCode());
        assertTrue(o.err().startsWith(file + ":3:1: description: a trailing backslash"), o.err());
    }

    @Test
    void usageErrorsExitWith2AndUnknownBackendsToo() throws Exception {
        assertEquals(2, svcctl("render").exitCode());
        assertEquals(2, svcctl("frobnicate").exitCode());
        Path file = spec("x.yaml", "name: x\nexec: /bin/true\n");
        Outcome o = svcctl("render", file.toString(), "--backend", "upstart");
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("unknown backend 'upstart'"), o.err());
    }
}
