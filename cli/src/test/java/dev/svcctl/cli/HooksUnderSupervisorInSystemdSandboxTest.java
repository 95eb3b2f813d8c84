package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * hooks, restart.onExit and cpuAffinity of a supervised unit (the unit runs {@code svcctl run --name NAME}) under a
 * real systemd 252: the supervisor, not systemd, runs the hooks around each run, restarts exit 75 under policy
 * never, stops at exit 3, and pins the program.
 */
@ExtendWith(SystemdSandboxExtension.class)
class HooksUnderSupervisorInSystemdSandboxTest {
    private static final String NAME = "supervised-hooks";

    private static List<String> lines(SystemdSandbox sandbox, String file) {
        return sandbox.exec("sh", "-c", "cat /run/" + NAME + "/" + file + " 2>/dev/null").stdout().lines().toList();
    }

    @Test
    void theSupervisorRunsHooksAroundEachRunFollowsOnExitAndPinsTheProgram(SystemdSandbox sandbox) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/supervised-hooks-in-sandbox").toAbsolutePath());
        Path spec = dir.resolve(NAME + ".yaml");
        // The first run exits 75 (restart: forced under policy never), the second 3 (stop).
        Files.writeString(spec, """
                name: %1$s
                exec: /bin/sh
                args: ["-c", "echo run >> /run/%1$s/order; grep Cpus_allowed_list /proc/self/status >> /run/%1$s/cpus; \
                test $(grep -c run /run/%1$s/order) -ge 2 && exit 3; exit 75"]
                supervisor: svcctl
                restart:
                  policy: never
                  delay: 100ms
                  onExit: {"75": restart, "3": stop}
                hooks:
                  preStart: [/bin/sh, -c, "mkdir -p /run/%1$s; echo \\"pre $1 $PWD\\" >> /run/%1$s/order", hook, "two words"]
                  postStop: [/bin/sh, -c, "echo post >> /run/%1$s/order"]
                  timeout: 10s
                workingDirectory: /var/tmp
                cpuAffinity: [0]
                """.formatted(NAME));
        Path rendered = dir.resolve("root");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "render", spec.toString(),
                "--backend", "systemd", "--svcctl-path", InsideSandbox.launcherScript(dir,
                        System.getProperty("java.class.path"), "-Djna.tmpdir=" + dir.resolve("jna")).toString(),
                "-o", rendered.toString());
        assertEquals(0, exit, err.toString());
        String unit = Files.readString(rendered.resolve("etc/systemd/system/" + NAME + ".service"));
        assertTrue(!unit.contains("ExecStartPre") && !unit.contains("CPUAffinity") && !unit.contains("RestartForce"),
                unit);

        sandbox.writeFile("/etc/svcctl/services/" + NAME + ".yaml",
                Files.readString(rendered.resolve("etc/svcctl/services/" + NAME + ".yaml")));
        sandbox.installUnit(NAME + ".service", unit);
        sandbox.systemctl("start", NAME + ".service");
        InsideSandbox.await("the supervisor gives up after exit 3", () -> lines(sandbox, "order").size() >= 6
                && !sandbox.exec("systemctl", "is-active", "--quiet", NAME + ".service").ok());

        assertEquals(List.of("pre two words /var/tmp", "run", "post", "pre two words /var/tmp", "run", "post"),
                lines(sandbox, "order"), sandbox.journal(NAME));
        assertEquals(List.of("Cpus_allowed_list:\t0", "Cpus_allowed_list:\t0"), lines(sandbox, "cpus"));
        String journal = sandbox.journal(NAME);
        assertTrue(journal.contains("which restart.onExit restarts"), journal);
        assertTrue(journal.contains("which restart.onExit does not restart"), journal);
        assertEquals("0", sandbox.execOk("systemctl", "show", "--property=NRestarts", "--value", NAME + ".service")
                .strip(), "systemd leaves the restarts to svcctl run");
    }
}
