package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Issue 19 in user scope, as an ordinary user would use it: {@code svcctl install --user} of a spec with a health
 * check and rotated file logs in that user's own service manager. The program is the user unit's main process and
 * runs as the user; the user's {@code svcctl-host.service} (running as the user, not root) routes its numbered lines
 * from the FIFO under the user's runtime directory into the rotated files under the user's state directory, where
 * {@code svcctl logs --user} finds them; {@code status --user --json} shows the host's health; uninstall leaves
 * nothing of the host in the user's unit directory or runtime directory.
 */
@ExtendWith(SystemdSandboxExtension.class)
class HostServedUserServiceInSystemdSandboxTest {
    private static final int UID = 4242;
    private static final String USER = "hsuser";
    private static final String HOME = "/home/" + USER;
    private static final String RUNTIME = "/run/user/" + UID;
    private static final String NAME = "hs-mine";
    private static final int LINES = 500;

    @Test
    void anOrdinaryUsersHealthCheckedServiceWithRotatedLogsIsServedByTheirOwnHost(SystemdSandbox sandbox)
            throws Exception {
        // The user exists only in the sandbox (its / is an overlay on a tmpfs).
        sandbox.execOk("useradd", "--create-home", "--home-dir", HOME, "--uid", Integer.toString(UID),
                "--user-group", "--shell", "/bin/sh", USER);
        sandbox.startUserManager(UID);
        InsideSandbox inside = new InsideSandbox(sandbox);
        Path dir = Files.createDirectories(InsideSandbox.WORK.resolve("host-served-user"));
        String launcher = InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath(),
                "-Djna.tmpdir=" + HOME + "/.cache/jna").toString();
        Path spec = InsideSandbox.spec(NAME + ".yaml", """
                name: %1$s
                exec: /bin/sh
                args: ["-c", "i=1; while [ $i -le %2$d ]; do echo line $i; i=$((i+1)); done; \
                echo to-stderr >&2; exec sleep 1000"]
                healthCheck:
                  exec: ["/bin/true"]
                  interval: 300ms
                logs:
                  stdout: file
                  stderr: file
                  rotate: {size: 2KiB, keep: 1000}
                """.formatted(NAME, LINES));
        Map<String, String> env = Map.of("HOME", HOME, "XDG_RUNTIME_DIR", RUNTIME);

        InsideSandbox.Run install = inside.svcctlAs(UID, env, List.of("install", "--user", spec.toString(),
                "--svcctl-path", launcher));
        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal("user@" + UID
                + ".service"));

        // The program is the user unit's main process, as the user; the host is the user's own, as the user.
        long mainPid = userMainPid(sandbox, NAME + ".service");
        assertTrue(mainPid > 0, "the program runs");
        assertEquals(USER, owner(sandbox, mainPid), "the program runs as the user");
        assertFalse(sandbox.process(mainPid).arguments().contains("--name"), "no svcctl run between");
        long host = userMainPid(sandbox, "svcctl-host.service");
        assertTrue(host > 0, "the user's host runs: " + sandbox.journal("user@" + UID + ".service"));
        assertEquals(USER, owner(sandbox, host), "the user's host runs as the user, not root");
        for (String stream : List.of("stdout", "stderr")) {
            assertEquals("active", userSystemctl(sandbox, "is-active",
                    "svcctl-log-" + NAME + "-" + stream + ".socket").strip());
            assertEquals("prw------- " + USER, sandbox.execOk("stat", "-c", "%A %U",
                    RUNTIME + "/svcctl/log/" + NAME + "." + stream).strip(), "the FIFO is the user's, private");
        }

        // Every numbered line, once and in order, in the user's rotated files; svcctl logs --user shows them.
        String logDir = HOME + "/.local/state/log/svcctl/" + NAME;
        InsideSandbox.await("the host wrote every line", () -> sandbox.exec("sh", "-c", "cat " + logDir
                + "/stdout*.log 2>/dev/null | grep -c '^line '").stdout().strip().equals(Integer.toString(LINES)));
        assertEquals(USER, sandbox.execOk("stat", "-c", "%U", logDir + "/stdout.log").strip());
        InsideSandbox.Run logs = inside.svcctlAs(UID, env, List.of("logs", "--user", NAME, "-n",
                Integer.toString(LINES)));
        assertEquals(0, logs.exitCode(), logs.err());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            expected.add("line " + i);
        }
        assertEquals(expected, logs.out().lines().toList());
        InsideSandbox.await("stderr reaches its own file", () -> sandbox.exec("grep", "-qx", "to-stderr",
                logDir + "/stderr.log").ok());

        // The host's health in status, with the program's pid as the user's manager knows it.
        InsideSandbox.await("the host calls it healthy", () -> "healthy".equals(health(inside, env)));
        InsideSandbox.Run status = inside.svcctlAs(UID, env, List.of("status", "--user", NAME, "--json"));
        JsonObject s = CliTest.services(status.out()).get(0).getAsJsonObject();
        assertEquals(mainPid, s.get("pid").getAsLong(), s.toString());
        assertEquals("running", s.get("state").getAsString(), s.toString());
        System.out.println("user-scope host-served service: " + s);

        // Uninstall: nothing of the host is left in the user's unit directory or runtime directory.
        InsideSandbox.Run uninstall = inside.svcctlAs(UID, env, List.of("uninstall", "--user", NAME));
        assertEquals(0, uninstall.exitCode(), uninstall.out() + uninstall.err());
        assertEquals("", sandbox.exec("sh", "-c", "ls " + HOME + "/.config/systemd/user 2>/dev/null"
                + " | grep -E 'svcctl-(log|host)|" + NAME + "'").stdout(), "no socket, wake, host or service unit");
        assertEquals("", sandbox.exec("sh", "-c", "ls -A " + RUNTIME + "/svcctl/log 2>/dev/null").stdout(),
                "no FIFO");
        assertFalse(sandbox.exec("test", "-e", "/proc/" + mainPid).ok(), "the program is gone");
        assertFalse(sandbox.exec("test", "-e", "/proc/" + host).ok(), "the host is gone");
    }

    private static String userSystemctl(SystemdSandbox sandbox, String... args) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID,
                "--clear-groups", "env", "XDG_RUNTIME_DIR=" + RUNTIME, "systemctl", "--user"));
        argv.addAll(List.of(args));
        return sandbox.exec(argv.toArray(String[]::new)).stdout();
    }

    private static long userMainPid(SystemdSandbox sandbox, String unit) {
        return Long.parseLong(userSystemctl(sandbox, "show", "--property=MainPID", "--value", unit).strip());
    }

    private static String owner(SystemdSandbox sandbox, long pid) {
        return sandbox.execOk("ps", "-o", "user=", "-p", Long.toString(pid)).strip();
    }

    private static String health(InsideSandbox inside, Map<String, String> env) {
        try {
            InsideSandbox.Run status = inside.svcctlAs(UID, env, List.of("status", "--user", NAME, "--json"));
            JsonObject s = CliTest.services(status.out()).get(0).getAsJsonObject();
            return s.get("health") == null || s.get("health").isJsonNull() ? null : s.get("health").getAsString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
