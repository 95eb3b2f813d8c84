package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19 end to end under a real systemd: a spec with a health check and rotated file logs (supervisor: auto),
 * installed with {@code svcctl install}, runs natively, served by the shared host {@code svcctl-host.service}:
 * systemd's MainPID is the program (no LISTEN_* in its environment), its numbered lines reach the rotated files
 * through its FIFO and {@code svcctl logs} shows them, {@code status --json} shows the host's health, an unhealthy
 * program is restarted by the host, a probe that never passes fails the install with the reason, and uninstall leaves
 * no socket unit, no FIFO and (after the last service) no host unit.
 */
@ExtendWith(SystemdSandboxExtension.class)
class HostServedServiceInSystemdSandboxTest {
    private static final String NAME = "hs-web";
    private static final int LINES = 2000;

    private static List<String> pids(SystemdSandbox sandbox) {
        return sandbox.exec("sh", "-c", "cat /tmp/" + NAME + "/pids 2>/dev/null").stdout().lines().toList();
    }

    @Test
    void aHealthCheckedServiceWithRotatedLogsRunsNativelyServedByTheSharedHost(SystemdSandbox sandbox)
            throws Exception {
        InsideSandbox inside = new InsideSandbox(sandbox);
        Path dir = Files.createDirectories(InsideSandbox.WORK.resolve("host-served"));
        String launcher = InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath(),
                "-Djna.tmpdir=" + dir.resolve("jna")).toString();
        // The numbered lines once (the first start), then it sleeps; every start appends its pid.
        Path spec = InsideSandbox.spec(NAME + ".yaml", """
                name: %1$s
                user: nobody
                exec: /bin/sh
                args: ["-c", "mkdir -p /tmp/%1$s; echo $$ >> /tmp/%1$s/pids; \
                if [ ! -e /tmp/%1$s/written ]; then i=1; while [ $i -le %2$d ]; do echo line $i; i=$((i+1)); \
                [ $((i %% 100)) -eq 0 ] && sleep 0.02; done; echo to-stderr >&2; touch /tmp/%1$s/written; fi; \
                exec sleep 1000"]
                restart: {policy: always, delay: 200ms, burst: 100, window: 1m}
                stop: {timeout: 5s}
                healthCheck:
                  exec: ["/bin/sh", "-c", "test ! -e /tmp/%1$s/sick"]
                  interval: 300ms
                  timeout: 2s
                  retries: 2
                logs:
                  stdout: file
                  stderr: file
                  rotate: {size: 4KiB, keep: 1000}
                """.formatted(NAME, LINES));
        Map<String, String> env = Map.of("SVCCTL_RUNTIME_DIR", "/run/svcctl");

        InsideSandbox.Run install = inside.svcctl(env, List.of("install", spec.toString(), "--svcctl-path",
                launcher));
        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal(NAME)
                + sandbox.journal("svcctl-host.service"));

        // The program is the unit's main process; the host is a unit of its own.
        InsideSandbox.await("the program starts", () -> pids(sandbox).size() == 1);
        long mainPid = sandbox.mainPid(NAME + ".service");
        assertEquals(pids(sandbox).get(0).strip(), Long.toString(mainPid), "systemd's MainPID is the program");
        assertFalse(sandbox.process(mainPid).arguments().contains("--name"), "no svcctl run between");
        assertEquals("nobody", sandbox.execOk("ps", "-o", "user=", "-p", Long.toString(mainPid)).strip(),
                "User=: systemd opened the root-owned 0600 FIFO before it dropped to the user");
        String environ = sandbox.execOk("sh", "-c", "tr '\\0' '\\n' < /proc/" + mainPid + "/environ");
        assertFalse(environ.contains("LISTEN_"), "the FIFOs reach the program as files, not sockets: " + environ);
        assertTrue(sandbox.mainPid("svcctl-host.service") > 0, sandbox.journal("svcctl-host.service"));
        for (String stream : List.of("stdout", "stderr")) {
            assertEquals("active\n", sandbox.exec("systemctl", "is-active",
                    "svcctl-log-" + NAME + "-" + stream + ".socket").stdout());
            assertEquals("prw-------", sandbox.execOk("stat", "-c", "%A", "/run/svcctl/log/" + NAME + "." + stream)
                    .strip());
        }

        // Every numbered line, once and in order, in the rotated files; svcctl logs shows them.
        InsideSandbox.await("the host wrote every line", () -> sandbox.exec("sh", "-c", "cat /var/log/svcctl/"
                + NAME + "/stdout*.log 2>/dev/null | grep -c '^line '").stdout().strip().equals(
                Integer.toString(LINES)));
        int rotated = Integer.parseInt(sandbox.execOk("sh", "-c", "ls /var/log/svcctl/" + NAME
                + " | grep -c '^stdout-'").strip());
        assertTrue(rotated >= 3, rotated + " rotated files");
        InsideSandbox.Run logs = inside.svcctl(env, List.of("logs", NAME, "-n", Integer.toString(LINES)));
        assertEquals(0, logs.exitCode(), logs.err());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            expected.add("line " + i);
        }
        assertEquals(expected, logs.out().lines().toList());
        InsideSandbox.await("stderr reaches its own file", () -> sandbox.exec("grep", "-qx", "to-stderr",
                "/var/log/svcctl/" + NAME + "/stderr.log").ok());

        // The host's health in status, the program's pid as systemd knows it.
        InsideSandbox.await("the host calls it healthy", () -> status(inside, env).get("health") != null
                && "healthy".equals(status(inside, env).get("health").getAsString()));
        JsonObject s = status(inside, env);
        assertEquals(mainPid, s.get("pid").getAsLong(), s.toString());
        assertEquals("running", s.get("state").getAsString(), s.toString());

        // Unhealthy: the host restarts the unit (systemctl restart), counted in status.
        sandbox.execOk("touch", "/tmp/" + NAME + "/sick");
        InsideSandbox.await("the host restarts the unhealthy program", () -> pids(sandbox).size() >= 2);
        sandbox.execOk("rm", "/tmp/" + NAME + "/sick");
        InsideSandbox.await("the restarted program is healthy", () -> {
            JsonObject now = status(inside, env);
            return now.get("health") != null && "healthy".equals(now.get("health").getAsString());
        });
        JsonObject after = status(inside, env);
        assertNotEquals(mainPid, after.get("pid").getAsLong(), after.toString());
        assertEquals(sandbox.mainPid(NAME + ".service"), after.get("pid").getAsLong(), after.toString());
        assertTrue(after.get("restarts").getAsInt() >= 1, after.toString());

        // A probe that never passes: install exits 1 with the reason.
        Path never = InsideSandbox.spec("hs-never.yaml", """
                name: hs-never
                exec: /bin/sleep
                args: ["1000"]
                readiness: {tcp: "127.0.0.1:18497", timeout: 3s}
                """);
        InsideSandbox.Run failed = inside.svcctl(env, List.of("install", never.toString(), "--svcctl-path",
                launcher));
        assertEquals(1, failed.exitCode(), failed.out() + failed.err());
        assertTrue(failed.err().contains("hs-never: not ready"), failed.err());
        assertTrue(failed.err().contains("127.0.0.1:18497"), failed.err());
        System.out.println("never ready: install exited 1: " + failed.err().lines().findFirst().orElse("")
                + "; " + rotated + " rotated files; restarts " + after.get("restarts"));
        assertEquals(0, inside.svcctl(env, List.of("uninstall", "hs-never")).exitCode());
        assertTrue(sandbox.exec("test", "-e", "/etc/systemd/system/svcctl-host.service").ok(),
                "hs-web still needs the host");

        // Output waiting in a FIFO while the host is down starts the host, never the stopped program.
        sandbox.execOk("systemctl", "stop", NAME + ".service");
        sandbox.execOk("systemctl", "stop", "svcctl-host.service");
        sandbox.execOk("sh", "-c", "echo late-line > /run/svcctl/log/" + NAME + ".stdout");
        InsideSandbox.await("the host is started by the waiting output", () -> sandbox.exec("systemctl", "is-active",
                "svcctl-host.service").ok());
        assertFalse(sandbox.exec("systemctl", "is-active", NAME + ".service").ok(), "the program stays stopped");
        InsideSandbox.await("the late line is written", () -> sandbox.exec("sh", "-c", "cat /var/log/svcctl/" + NAME
                + "/stdout*.log | grep -qx late-line").ok());

        // The last host-served service goes: nothing of the host is left.
        List<String> programs = pids(sandbox);
        InsideSandbox.Run uninstall = inside.svcctl(env, List.of("uninstall", NAME));
        assertEquals(0, uninstall.exitCode(), uninstall.out() + uninstall.err());
        assertEquals("", sandbox.exec("sh", "-c", "ls /etc/systemd/system | grep -E 'svcctl-(log|host)'")
                .stdout(), "no socket unit, no host unit");
        assertEquals("", sandbox.exec("sh", "-c", "ls -A /run/svcctl/log 2>/dev/null").stdout(), "no FIFO");
        assertFalse(sandbox.exec("systemctl", "is-active", "svcctl-host.service").ok(), "the host stopped");
        for (String pid : programs) {
            assertFalse(sandbox.exec("test", "-e", "/proc/" + pid.strip()).ok(), "program " + pid + " survived");
        }
    }

    /**
     * The benchmark's failure: while a host-served program writes continuously, the install of another one must not
     * depend on the host being stopped (its output would start the host again at once, and systemd refuses to start
     * a socket unit while the service of its Service= is active). Each socket unit's service is its own service's
     * wake unit, so the sockets of B and C start while the host runs and serves A.
     */
    @Test
    void servicesInstalledWhileAnotherWritesContinuouslyGetTheirFifosAndTheirLinesReachTheirFiles(
            SystemdSandbox sandbox) throws Exception {
        InsideSandbox inside = new InsideSandbox(sandbox);
        Path dir = Files.createDirectories(InsideSandbox.WORK.resolve("host-served-busy"));
        String launcher = InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath(),
                "-Djna.tmpdir=" + dir.resolve("jna")).toString();
        Map<String, String> env = Map.of("SVCCTL_RUNTIME_DIR", "/run/svcctl");
        List<String> names = List.of("busy-a", "busy-b", "busy-c");
        for (String name : names) {
            // A writes without pause (its FIFO is never empty for long: a stopped host is started again by it at
            // once); B and C write 100 numbered lines every 50 ms, then sleep.
            String program = name.equals("busy-a") ? "while :; do seq 1000; sleep 0.005; done"
                    : "i=1; while [ $i -le 100 ]; do echo " + name + " line $i; i=$((i+1)); sleep 0.05; done; "
                    + "exec sleep 1000";
            Path spec = InsideSandbox.spec(name + ".yaml", """
                    name: %1$s
                    exec: /bin/sh
                    args: ["-c", "%2$s"]
                    healthCheck:
                      exec: ["/bin/true"]
                      interval: 1s
                    logs:
                      stdout: file
                      stderr: file
                      rotate: {size: 1MiB, keep: 2}
                    """.formatted(name, program));
            InsideSandbox.Run install = inside.svcctl(env, List.of("install", spec.toString(), "--svcctl-path",
                    launcher));
            assertEquals(0, install.exitCode(), name + ": " + install.out() + install.err()
                    + sandbox.journal("svcctl-log-" + name + "-stdout.socket") + sandbox.journal("svcctl-host.service"));
            assertEquals("active\n", sandbox.exec("systemctl", "is-active", name + ".service").stdout(), name);
            if (name.equals("busy-a")) {
                InsideSandbox.await("A's lines reach its file", () -> sandbox.exec("sh", "-c",
                        "grep -qx 999 /var/log/svcctl/busy-a/stdout.log").ok());
            }
        }
        for (String name : List.of("busy-b", "busy-c")) {
            InsideSandbox.await(name + "'s lines reach its file", () -> sandbox.exec("sh", "-c", "grep -c '^"
                    + name + " line ' /var/log/svcctl/" + name + "/stdout.log").stdout().strip().equals("100"));
        }
        String before = sandbox.execOk("md5sum", "/var/log/svcctl/busy-a/stdout.log");
        InsideSandbox.await("A's lines keep coming", () -> !sandbox.execOk("md5sum",
                "/var/log/svcctl/busy-a/stdout.log").equals(before));

        InsideSandbox.Run uninstall = inside.svcctl(env, List.of("uninstall", "busy-a", "busy-b", "busy-c"));
        assertEquals(0, uninstall.exitCode(), uninstall.out() + uninstall.err());
        assertEquals("", sandbox.exec("sh", "-c", "ls /etc/systemd/system | grep -E 'svcctl-(log|host)|busy-'")
                .stdout(), "no socket unit, no wake unit, no host unit");
        assertEquals("", sandbox.exec("sh", "-c", "ls -A /run/svcctl/log 2>/dev/null").stdout(), "no FIFO");
        assertFalse(sandbox.exec("systemctl", "is-active", "svcctl-host.service").ok(), "the host stopped");
    }

    private static JsonObject status(InsideSandbox inside, Map<String, String> env) {
        try {
            InsideSandbox.Run status = inside.svcctl(env, List.of("status", NAME, "--json"));
            JsonObject s = CliTest.services(status.out()).get(0).getAsJsonObject();
            return s.get("health") != null && s.get("health").isJsonNull() ? withoutHealth(s) : s;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonObject withoutHealth(JsonObject s) {
        JsonObject copy = s.deepCopy();
        copy.remove("health");
        return copy;
    }
}
