package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.RawResult;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance for logs, under a real systemd: a supervised spec whose program's output the supervisor
 * writes to rotated, compressed files; {@code svcctl logs -n 5} prints the program's last 5 lines (not the
 * journal), and {@code svcctl logs -f} prints every numbered line once, in order, while the files rotate many
 * times, and ends cleanly on SIGINT (what Ctrl-C sends).
 */
@ExtendWith(SystemdSandboxExtension.class)
class LogsOfSupervisedServiceInSystemdSandboxTest {
    private static final String NAME = "logs-rotated";
    private static final int FIRST = 200;
    private static final int LAST = 2000;

    @Test
    void lastLinesAndFollowingComeFromTheRotatedFilesAcrossRotations(SystemdSandbox sandbox) throws Exception {
        InsideSandbox inside = new InsideSandbox(sandbox);
        Path dir = Files.createDirectories(InsideSandbox.WORK.resolve("logs-rotated"));
        // 200 lines, then (once /run/NAME-go exists) 1800 more, paced, through 1 KiB files: ~15 rotations.
        Path spec = InsideSandbox.spec(NAME + ".yaml", """
                name: %1$s
                supervisor: svcctl
                exec: /bin/sh
                args: ["-c", "i=1; while [ $i -le %2$d ]; do echo line $i; i=$((i+1)); done; \
                until [ -e /run/%1$s-go ]; do sleep 0.1; done; \
                while [ $i -le %3$d ]; do echo line $i; i=$((i+1)); [ $((i %% 20)) -eq 0 ] && sleep 0.05; done; \
                exec sleep 1000"]
                logs:
                  stdout: file
                  rotate: {size: 1KiB, keep: 1000, compress: true}
                """.formatted(NAME, FIRST, LAST));
        String launcher = InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath(),
                "-Djna.tmpdir=" + dir.resolve("jna")).toString();
        InsideSandbox.Run install = inside.svcctl("install", spec.toString(), "--svcctl-path", launcher);
        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal(NAME));
        assertTrue(sandbox.execOk("cat", "/etc/systemd/system/" + NAME + ".service").contains("\"run\""),
                "the unit runs svcctl run");
        InsideSandbox.await("the first lines are written", () -> sandbox.exec("grep", "-qx", "line " + FIRST,
                "/var/log/svcctl/" + NAME + "/stdout.log").ok());

        InsideSandbox.Run last = inside.svcctl("logs", NAME, "-n", "5");
        assertEquals(0, last.exitCode(), last.err());
        assertEquals("line 196\nline 197\nline 198\nline 199\nline 200\n", last.out());

        InsideSandbox.Run stderr = inside.svcctl("logs", NAME, "--stderr");
        assertEquals(2, stderr.exitCode(), "stderr goes to the journal with stdout's lifecycle lines: " + stderr.out());
        assertTrue(stderr.err().startsWith("svcctl: the stderr of " + NAME + " is not written to a file of its own"),
                stderr.err());

        // Following, from the first line (-n covers all), ended by SIGINT after the writer is done.
        List<String> follow = new ArrayList<>(List.of("timeout", "--preserve-status", "-s", "INT", "25"));
        follow.addAll(inside.command(Files.createTempFile(dir, "systemctl", ".log"), Map.of(),
                List.of("logs", NAME, "-f", "-n", "100000")));
        CompletableFuture<RawResult> following = CompletableFuture.supplyAsync(
                () -> sandbox.execRaw(Duration.ofMinutes(2), new byte[0], follow.toArray(String[]::new)));
        Thread.sleep(3_000); // the follower's JVM is up and following before the writer goes on
        int rotatedBefore = rotatedFiles(sandbox);
        sandbox.execOk("touch", "/run/" + NAME + "-go");
        InsideSandbox.await("the last line is written", () -> sandbox.exec("grep", "-qx", "line " + LAST,
                "/var/log/svcctl/" + NAME + "/stdout.log").ok());
        RawResult followed = following.get();
        int rotations = rotatedFiles(sandbox) - rotatedBefore;

        assertEquals(130, followed.exitCode(), "SIGINT ends following as Ctrl-C ends any command: "
                + followed.stderrText());
        assertFalse(followed.stderrText().contains("Exception"), followed.stderrText());
        assertTrue(rotations >= 3, "rotations while following: " + rotations);
        List<String> lines = followed.stdoutText().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("line " + (i + 1), lines.get(i), "line " + (i + 1) + " lost or repeated");
        }
        assertEquals(LAST, lines.size(), followed.stdoutText());

        assertEquals(0, inside.svcctl("uninstall", NAME).exitCode());
    }

    private static int rotatedFiles(SystemdSandbox sandbox) {
        return (int) sandbox.execOk("ls", "/var/log/svcctl/" + NAME).lines()
                .filter(name -> name.startsWith("stdout-")).count();
    }
}
