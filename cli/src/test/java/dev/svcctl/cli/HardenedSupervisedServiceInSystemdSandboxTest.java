package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code hardening: strict} on a supervised service (a health check puts {@code svcctl run}, a JVM, in the unit):
 * the supervisor still starts under ProtectSystem=strict, writes its state to /run/svcctl, probes the program, and
 * the service stays up.
 */
@ExtendWith(SystemdSandboxExtension.class)
class HardenedSupervisedServiceInSystemdSandboxTest {
    private static final String NAME = "hardened-supervised";

    @Test
    void aSupervisedStrictServiceStartsProbesAndStaysRunning(SystemdSandbox sandbox) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createDirectories(Path.of("target/hardened-supervised").toAbsolutePath());
        Path spec = dir.resolve(NAME + ".yaml");
        Files.writeString(spec, """
                name: %1$s
                supervisor: svcctl
                exec: /usr/bin/python3
                args: [-m, http.server, "%2$d", --bind, 127.0.0.1]
                workingDirectory: /usr/share/doc
                hardening: strict
                healthCheck:
                  http: http://127.0.0.1:%2$d/
                  interval: 500ms
                  retries: 2
                  startPeriod: 10s
                """.formatted(NAME, port));
        Path rendered = dir.resolve("root");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "render", spec.toString(),
                "--backend", "systemd", "--svcctl-path", InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath()).toString(), "-o", rendered.toString());
        assertEquals(0, exit, err.toString());
        String unit = Files.readString(rendered.resolve("etc/systemd/system/" + NAME + ".service"));
        assertTrue(unit.contains("ProtectSystem=strict") && unit.contains("RuntimeDirectory=svcctl"), unit);

        sandbox.writeFile("/etc/svcctl/services/" + NAME + ".yaml", Files.readString(spec));
        sandbox.installUnit(NAME + ".service", unit);
        assertTrue(sandbox.systemctl("start", NAME + ".service").ok(), sandbox.journal(NAME));
        long supervisor = sandbox.mainPid(NAME + ".service");
        String fetch = "import urllib.request, time\n"
                + "for _ in range(100):\n"
                + "    try:\n"
                + "        print(urllib.request.urlopen('http://127.0.0.1:" + port + "/', timeout=2).status); break\n"
                + "    except OSError:\n"
                + "        time.sleep(0.2)\n";
        assertEquals("200", sandbox.execOk("python3", "-c", fetch).strip(), sandbox.journal(NAME));
        // Several probe intervals past the start period's end: an unhealthy program would have been restarted.
        Thread.sleep(12_000);

        assertEquals("active\n", sandbox.exec("systemctl", "is-active", NAME + ".service").stdout(),
                sandbox.journal(NAME));
        assertEquals(supervisor, sandbox.mainPid(NAME + ".service"), "systemd did not restart the supervisor");
        String state = sandbox.execOk("cat", "/run/svcctl/" + NAME + ".json");
        assertTrue(state.contains("\"restarts\": 0"), state);
        assertTrue(!sandbox.journal(NAME).contains("unhealthy"), sandbox.journal(NAME));
        String analysis = sandbox.exec("systemd-analyze", "security", NAME + ".service").stdout();
        String overall = analysis.substring(analysis.indexOf("Overall exposure level"));
        System.out.println("hardening: strict, supervised: systemd-analyze security " + NAME + ".service: "
                + overall.strip());
        assertTrue(sandbox.systemctl("stop", NAME + ".service").ok(), sandbox.journal(NAME));
    }
}
