package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code reload.exec} under a real systemd, rendered by svcctl: natively (ExecReload= runs the command with systemd's
 * $MAINPID) and supervised (ExecReload= sends HUP to {@code svcctl run}, which runs the command with the program's
 * pid as $MAINPID). Either way the program sees the reload and keeps its pid; a failing command fails the reload.
 */
@ExtendWith(SystemdSandboxExtension.class)
class ReloadExecInSystemdSandboxTest {

    /** Renders the spec for systemd and installs it in the sandbox; answers the unit's name. */
    private static String install(SystemdSandbox sandbox, String name, String extra) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/reload-exec-in-sandbox", name).toAbsolutePath());
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, """
                name: %1$s
                exec: /bin/sh
                args: ["-c", "mkdir -p /run/%1$s; trap 'echo reload >> /run/%1$s/marks' HUP; echo $$ > /run/%1$s/pid; while :; do sleep 0.1; done"]
                reload:
                  exec: [/bin/sh, -c, 'echo "$MAINPID" > /run/%1$s/mainpid; test ! -e /run/%1$s/broken && kill -HUP "$MAINPID"']
                stop: {timeout: 5s}
                """.formatted(name) + extra);
        Path rendered = dir.resolve("root");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "render", spec.toString(),
                "--backend", "systemd", "--svcctl-path", InsideSandbox.launcherScript(dir, System.getProperty("java.class.path"), "-Djna.tmpdir=" + dir.resolve("jna")).toString(), "-o", rendered.toString());
        assertEquals(0, exit, err.toString());
        sandbox.writeFile("/etc/svcctl/services/" + name + ".yaml", Files.readString(spec));
        sandbox.installUnit(name + ".service",
                Files.readString(rendered.resolve("etc/systemd/system/" + name + ".service")));
        return name + ".service";
    }

    private static String read(SystemdSandbox sandbox, String path) {
        return sandbox.exec("sh", "-c", "cat " + path + " 2>/dev/null").stdout().strip();
    }

    private static void reloadsWithoutANewProcess(SystemdSandbox sandbox, String name, String unit) throws Exception {
        assertTrue(sandbox.systemctl("start", unit).ok(), sandbox.journal(unit));
        InsideSandbox.await("the program starts", () -> !read(sandbox, "/run/" + name + "/pid").isEmpty());
        String program = read(sandbox, "/run/" + name + "/pid");
        long mainPid = sandbox.mainPid(unit);

        var reloaded = sandbox.systemctl("reload", unit);
        assertTrue(reloaded.ok(), reloaded.stderr() + sandbox.journal(unit));
        InsideSandbox.await("the program sees the reload", () -> read(sandbox, "/run/" + name + "/marks").equals("reload"));
        assertEquals(program, read(sandbox, "/run/" + name + "/mainpid"), "$MAINPID is the program's pid");
        assertEquals(program, read(sandbox, "/run/" + name + "/pid"), "the program was not restarted");
        assertEquals(mainPid, sandbox.mainPid(unit), "the unit's main process is the same");
        assertEquals("active\n", sandbox.exec("systemctl", "is-active", unit).stdout(), sandbox.journal(unit));
    }

    @Test
    void systemdRunsTheReloadCommandWithTheProgramsPid(SystemdSandbox sandbox) throws Exception {
        String name = "reload-exec-native";
        String unit = install(sandbox, name, "");
        reloadsWithoutANewProcess(sandbox, name, unit);

        sandbox.execOk("touch", "/run/" + name + "/broken");
        assertFalse(sandbox.systemctl("reload", unit).ok(), "a reload command that exits 1 fails the reload");
        assertEquals("active\n", sandbox.exec("systemctl", "is-active", unit).stdout(), sandbox.journal(unit));
        assertTrue(sandbox.systemctl("stop", unit).ok(), sandbox.journal(unit));
    }

    @Test
    void svcctlRunRunsTheReloadCommandWhenSystemdSendsItHup(SystemdSandbox sandbox) throws Exception {
        String name = "reload-exec-supervised";
        String unit = install(sandbox, name, "supervisor: svcctl\n");
        reloadsWithoutANewProcess(sandbox, name, unit);
        assertFalse(read(sandbox, "/run/" + name + "/pid").equals(Long.toString(sandbox.mainPid(unit))),
                "the unit's main process is svcctl run, not the program");
        assertTrue(sandbox.journal(unit).contains("reloaded: /bin/sh exited 0"), sandbox.journal(unit));

        sandbox.execOk("touch", "/run/" + name + "/broken");
        assertTrue(sandbox.systemctl("reload", unit).ok(), "systemd only delivers the HUP");
        InsideSandbox.await("svcctl run reports the failed reload", () -> sandbox.journal(unit)
                .contains("reload failed: /bin/sh exited with 1"));
        assertTrue(sandbox.systemctl("stop", unit).ok(), sandbox.journal(unit));
    }
}
