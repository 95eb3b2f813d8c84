package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
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
 * A spec with a health check, installed the way the systemd backend renders it (the unit runs
 * {@code svcctl run --name NAME}), under a real systemd: a failing health check makes the supervisor restart the
 * program while the unit stays active with the same main process, {@code svcctl status} shows the program through
 * the supervisor's state file, and {@code systemctl stop} leaves nothing.
 */
@ExtendWith(SystemdSandboxExtension.class)
class SupervisedServiceInSystemdSandboxTest {
    private static final String NAME = "supervised-health";

    private static List<String> pids(SystemdSandbox sandbox) {
        return sandbox.exec("sh", "-c", "cat /run/" + NAME + "/pids 2>/dev/null").stdout().lines().toList();
    }

    private static String state(SystemdSandbox sandbox) {
        return sandbox.exec("cat", "/run/svcctl/" + NAME + ".json").stdout();
    }

    @Test
    void aFailingHealthCheckRestartsTheProgramWhileTheUnitStaysActive(SystemdSandbox sandbox) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/supervised-in-sandbox").toAbsolutePath());
        Path spec = dir.resolve(NAME + ".yaml");
        Files.writeString(spec, """
                name: %1$s
                supervisor: svcctl
                exec: /bin/sh
                args: ["-c", "mkdir -p /run/%1$s; echo $$ >> /run/%1$s/pids; exec sleep 1000"]
                restart: {policy: always, delay: 200ms, burst: 5, window: 1m}
                stop: {timeout: 5s}
                healthCheck:
                  exec: ["/bin/sh", "-c", "test ! -e /run/%1$s/sick"]
                  interval: 300ms
                  timeout: 2s
                  retries: 2
                """.formatted(NAME));
        Path rendered = dir.resolve("root");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "render", spec.toString(),
                "--backend", "systemd", "--svcctl-path", InsideSandbox.launcherScript(dir, System.getProperty("java.class.path"), "-Djna.tmpdir=" + dir.resolve("jna")).toString(), "-o", rendered.toString());
        assertEquals(0, exit, err.toString());
        String unit = Files.readString(rendered.resolve("etc/systemd/system/" + NAME + ".service"));
        assertTrue(unit.contains("run\" \"--name\" \"" + NAME + "\""), unit);

        sandbox.writeFile("/etc/svcctl/services/" + NAME + ".yaml", Files.readString(spec));
        sandbox.installUnit(NAME + ".service", unit);
        assertTrue(sandbox.systemctl("start", NAME + ".service").ok(), sandbox.journal(NAME));
        InsideSandbox.await("the program starts", () -> pids(sandbox).size() == 1);
        long supervisor = sandbox.mainPid(NAME + ".service");
        assertTrue(sandbox.process(supervisor).arguments().contains("--name"), "the unit's main process is svcctl run");

        sandbox.execOk("touch", "/run/" + NAME + "/sick");
        InsideSandbox.await("the unhealthy program is restarted", () -> pids(sandbox).size() >= 2);
        sandbox.execOk("rm", "/run/" + NAME + "/sick");
        assertEquals("active\n", sandbox.exec("systemctl", "is-active", NAME + ".service").stdout(),
                sandbox.journal(NAME));
        assertEquals(supervisor, sandbox.mainPid(NAME + ".service"), "systemd did not restart the supervisor");
        String state = sandbox.execOk("cat", "/run/svcctl/" + NAME + ".json");
        assertTrue(state.contains("\"restarts\": 1") || state.contains("\"restarts\": 2"), state);
        assertTrue(sandbox.journal(NAME).contains("unhealthy"), sandbox.journal(NAME));

        // status sees through the supervisor: the program's pid and restarts, the supervisor's pid beside them.
        InsideSandbox.await("the restarted program is healthy", () -> state(sandbox).contains("\"healthy\""));
        InsideSandbox.Run status = new InsideSandbox(sandbox).svcctl(
                java.util.Map.of("SVCCTL_RUNTIME_DIR", "/run/svcctl"), List.of("status", NAME, "--json"));
        assertEquals(0, status.exitCode(), status.err());
        JsonObject s = CliTest.services(status.out()).get(0).getAsJsonObject();
        List<String> started = pids(sandbox);
        assertEquals(Long.parseLong(started.get(started.size() - 1).trim()), s.get("pid").getAsLong(), status.out());
        assertEquals(supervisor, s.get("supervisorPid").getAsLong());
        assertTrue(s.get("restarts").getAsInt() >= started.size() - 1, status.out());
        assertEquals("healthy", s.get("health").getAsString());
        assertEquals("running", s.get("state").getAsString());

        List<String> programs = pids(sandbox);
        assertTrue(sandbox.systemctl("stop", NAME + ".service").ok(), sandbox.journal(NAME));
        assertEquals("inactive\n", sandbox.exec("systemctl", "is-active", NAME + ".service").stdout(),
                "a requested stop is a clean exit: " + sandbox.journal(NAME));
        for (String pid : programs) {
            assertFalse(sandbox.exec("test", "-e", "/proc/" + pid).ok(), "program " + pid + " survived the stop");
        }
    }
}
