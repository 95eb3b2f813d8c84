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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness and watchdog under a real systemd, installed with {@code svcctl install} inside the sandbox: natively
 * (Type=notify, Type=forking) and under {@code svcctl run} (probe readiness, notify through the supervisor's own
 * socket), with small Python programs that speak sd_notify, and with redis-server from Debian.
 */
@ExtendWith(SystemdSandboxExtension.class)
class ReadinessInSystemdSandboxTest {
    private static SystemdSandbox sandbox;
    private static InsideSandbox inside;
    private static Path launcher;
    private static Path program;

    /**
     * One test program for every case. {@code ready DELAY}: READY=1 after DELAY seconds, then pings WATCHDOG=1 at a
     * third of $WATCHDOG_USEC until the file /run/NAME/hang exists (then stays alive, silent). {@code never}: never
     * ready. {@code listen PORT DELAY}: opens the port after DELAY seconds. Each start appends its pid to
     * /run/NAME/pids.
     */
    private static final String PROGRAM = """
            import os, socket, sys, time
            name, mode = sys.argv[1], sys.argv[2]
            os.makedirs("/run/" + name, exist_ok=True)
            with open("/run/" + name + "/pids", "a") as f:
                f.write(str(os.getpid()) + "\\n")
            def notify(message):
                address = os.environ["NOTIFY_SOCKET"]
                if address.startswith("@"):
                    address = "\\0" + address[1:]
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.sendto(message.encode(), address)
                s.close()
            if mode == "ready":
                time.sleep(float(sys.argv[3]))
                notify("READY=1\\nSTATUS=serving")
                interval = int(os.environ.get("WATCHDOG_USEC", "0")) / 3e6
                while True:
                    if interval and not os.path.exists("/run/" + name + "/hang"):
                        notify("WATCHDOG=1")
                    time.sleep(interval or 1)
            elif mode == "never":
                while True:
                    time.sleep(1)
            elif mode == "listen":
                time.sleep(float(sys.argv[4]))
                server = socket.socket()
                server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                server.bind(("127.0.0.1", int(sys.argv[3])))
                server.listen()
                while True:
                    server.accept()[0].close()
            """;

    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        inside = new InsideSandbox(sandbox);
        Path dir = Files.createDirectories(InsideSandbox.WORK.resolve("readiness"));
        launcher = InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath(), "-Djna.tmpdir="
                + dir.resolve("jna"));
        program = dir.resolve("notifier.py");
        Files.writeString(program, PROGRAM);
    }

    private static Path spec(String name, String args, String extra) throws Exception {
        return InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /usr/bin/python3\nargs: [\"" + program
                + "\", \"" + name + "\", " + args + "]\nstop: {timeout: 5s}\n" + extra);
    }

    private static InsideSandbox.Run install(Path spec) throws Exception {
        return inside.svcctl("install", spec.toString(), "--svcctl-path", launcher.toString());
    }

    private static List<String> pids(String name) {
        return sandbox.exec("sh", "-c", "cat /run/" + name + "/pids 2>/dev/null").stdout().lines().toList();
    }

    private static String show(String unit, String property) {
        return sandbox.execOk("systemctl", "show", "--property=" + property, "--value", unit).strip();
    }

    private static void uninstall(String name) throws Exception {
        InsideSandbox.Run uninstall = inside.svcctl("uninstall", name);
        assertEquals(0, uninstall.exitCode(), uninstall.out() + uninstall.err());
    }

    @Test
    void aNotifyProgramIsRunningOnlyOnceItSentReady() throws Exception {
        InsideSandbox.Run install = install(spec("rd-notify", "\"ready\", \"3\"", "readiness: {notify: true}\n"));

        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal("rd-notify.service"));
        assertTrue(install.wallTime().compareTo(Duration.ofSeconds(3)) >= 0, "install returned after "
                + install.wallTime());
        assertTrue(install.out().contains("running"), install.out());
        System.out.println("readiness.notify, READY=1 after 3 s: install took " + install.wallTime().toMillis() + " ms");
        assertEquals("notify", show("rd-notify.service", "Type"));
        assertEquals("active", show("rd-notify.service", "ActiveState"));
        assertEquals("serving", show("rd-notify.service", "StatusText"));
        uninstall("rd-notify");
    }

    @Test
    void aProgramThatNeverSendsReadyFailsTheInstallNamingReadiness() throws Exception {
        InsideSandbox.Run install = install(spec("rd-never", "\"never\"", "readiness: {notify: true, timeout: 4s}\n"
                + "restart: {policy: never}\n"));

        assertEquals(1, install.exitCode(), install.out() + install.err());
        // The bound is the readiness rule's (timeout + 5 s) from install's first systemctl call on: a CI run at load
        // 15-25 on 2 CPUs once took 4 s just to start the JVM and plan, before the readiness wait began.
        assertTrue(install.sinceFirstSystemctl().compareTo(Duration.ofSeconds(4 + 5)) <= 0, "took "
                + install.sinceFirstSystemctl() + " from its first systemctl call (" + install.wallTime() + " in all)");
        assertTrue(install.wallTime().compareTo(Duration.ofSeconds(4 + 5 + 30)) <= 0, "took " + install.wallTime());
        System.out.println("readiness.notify never sent, timeout 4s: install exited 1 after "
                + install.wallTime().toMillis() + " ms: " + install.err().lines().findFirst().orElse(""));
        assertTrue(install.err().contains("ready"), install.err());
        uninstall("rd-never");
    }

    @Test
    void aSilentWatchdogRestartsTheProgramNatively() throws Exception {
        watchdogRestarts("rd-dog", "");
    }

    @Test
    void aSilentWatchdogRestartsTheProgramUnderTheSupervisor() throws Exception {
        watchdogRestarts("rd-dog-sup", "supervisor: svcctl\n");
        assertTrue(sandbox.execOk("cat", "/run/svcctl/rd-dog-sup.json").contains("\"restarts\": "),
                "the supervisor restarted it");
    }

    private static void watchdogRestarts(String name, String extra) throws Exception {
        InsideSandbox.Run install = install(spec(name, "\"ready\", \"0\"", "readiness: {notify: true}\nwatchdog: 2s\n"
                + "restart: {policy: always, delay: 100ms}\n" + extra));
        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal(name + ".service"));
        assertEquals(1, pids(name).size());
        Thread.sleep(3000);
        assertEquals(1, pids(name).size(), "a program that pings is left alone");

        sandbox.execOk("touch", "/run/" + name + "/hang");
        InsideSandbox.await("the silent program is restarted", () -> pids(name).size() >= 2);
        String first = pids(name).get(0);
        InsideSandbox.await("the hung program is gone", () -> !sandbox.exec("test", "-e", "/proc/" + first).ok());
        sandbox.execOk("rm", "/run/" + name + "/hang");
        uninstall(name);
    }

    @Test
    void tcpReadinessWaitsForThePort() throws Exception {
        InsideSandbox.Run install = install(spec("rd-tcp", "\"listen\", \"18431\", \"3\"",
                "readiness: {tcp: 127.0.0.1:18431, timeout: 30s}\nsupervisor: svcctl\n"));

        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal("rd-tcp.service"));
        assertTrue(install.wallTime().compareTo(Duration.ofSeconds(3)) >= 0, "install returned after "
                + install.wallTime());
        assertEquals("notify", show("rd-tcp.service", "Type"), "the supervisor tells systemd when it is ready");
        assertTrue(sandbox.exec("python3", "-c", "import socket; socket.create_connection(('127.0.0.1', 18431))")
                .ok(), "the port is open once install returned");
        uninstall("rd-tcp");
    }

    @Test
    void aForkingDaemonIsKeptHoldOfAndStoppedWithNoSurvivor() throws Exception {
        for (String name : List.of("rd-fork", "rd-fork-sup")) {
            Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", "
                    + "\"mkdir -p /run/" + name + "; sleep 1000 & echo $! > /run/" + name + "/daemon.pid\"]\n"
                    + "readiness: {pidFile: /run/" + name + "/daemon.pid, timeout: 20s}\nstop: {timeout: 5s}\n"
                    + (name.endsWith("-sup") ? "supervisor: svcctl\n" : ""));
            InsideSandbox.Run install = install(spec);
            assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal(name + ".service"));
            String daemon = sandbox.execOk("cat", "/run/" + name + "/daemon.pid").strip();
            assertTrue(sandbox.exec("test", "-e", "/proc/" + daemon).ok(), "the daemon runs");
            assertEquals(name.endsWith("-sup") ? "notify" : "forking", show(name + ".service", "Type"));
            if (!name.endsWith("-sup")) {
                assertEquals(daemon, show(name + ".service", "MainPID"));
            } else {
                InsideSandbox.Run status = inside.svcctl("status", name, "--json");
                JsonObject s = CliTest.services(status.out()).get(0).getAsJsonObject();
                assertEquals(daemon, s.get("pid").getAsString(), status.out());
            }
            assertEquals(0, inside.svcctl("stop", name).exitCode());
            assertFalse(sandbox.exec("test", "-e", "/proc/" + daemon).ok(), "the daemon survived the stop");
            uninstall(name);
        }
    }

    @Test
    void redisSpeaksNotifyToTheUnitItsSpecBecomes() throws Exception {
        boolean present = sandbox.exec("test", "-x", "/usr/bin/redis-server").ok();
        if (System.getenv("CI") != null) {
            assertTrue(present, "redis-server is needed in CI (.ci/run installs it)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "redis-server is not installed (apt-get install"
                + " redis-server)");
        Path spec = InsideSandbox.spec("rd-redis.yaml", """
                name: rd-redis
                exec: /usr/bin/redis-server
                args: ["--port", "16391", "--bind", "127.0.0.1", "--supervised", "systemd", "--daemonize", "no",
                       "--save", "", "--appendonly", "no", "--dir", "/tmp"]
                readiness: {notify: true, timeout: 30s}
                stop: {timeout: 10s}
                """);
        InsideSandbox.Run install = install(spec);

        String journal = sandbox.journal("rd-redis.service");
        assertEquals(0, install.exitCode(), install.out() + install.err() + journal);
        assertEquals("notify", show("rd-redis.service", "Type"));
        assertEquals("active", show("rd-redis.service", "ActiveState"));
        assertFalse(journal.contains("NOTIFY_SOCKET not found"), journal);
        assertFalse(journal.contains("supervision error"), journal);
        assertTrue(journal.contains("Ready to accept connections"), journal);
        uninstall("rd-redis");
    }

    @Test
    void aCrashLoopingSupervisedProgramFailsTheInstallAndStatusSeesThroughTheSupervisor() throws Exception {
        Path spec = InsideSandbox.spec("rd-crash.yaml", """
                name: rd-crash
                supervisor: svcctl
                exec: /bin/sh
                args: ["-c", "echo crashing-$$; sleep 0.2; exit 3"]
                restart: {policy: always, delay: 100ms, burst: 1000, window: 1m}
                healthCheck: {exec: [/bin/true], interval: 1s}
                """);
        InsideSandbox.Run install = install(spec);

        assertEquals(1, install.exitCode(), install.out() + install.err());
        assertTrue(install.err().contains("code 3"), install.err());
        System.out.println("crash loop: install exited 1: " + install.err().lines().findFirst().orElse(""));
        InsideSandbox.await("a few restarts", () -> stateRestarts("rd-crash") >= 2);
        int before = stateRestarts("rd-crash");
        JsonObject s = null;
        for (int i = 0; i < 100 && (s == null || s.get("pid").isJsonNull()); i++) {
            s = status("rd-crash"); // between two runs the program has no pid: ask again
        }
        assertTrue(s.get("restarts").getAsInt() >= before, s.toString());
        assertNotEquals(s.get("pid").getAsLong(), s.get("supervisorPid").getAsLong(), s.toString());
        assertEquals(sandbox.mainPid("rd-crash.service"), s.get("supervisorPid").getAsLong(), s.toString());
        assertFalse(s.get("health").isJsonNull(), s.toString());
        assertEquals(3, s.getAsJsonObject("lastExit").get("code").getAsInt(), s.toString());
        uninstall("rd-crash");
    }

    private static JsonObject status(String name) throws Exception {
        InsideSandbox.Run status = inside.svcctl("status", name, "--json");
        return CliTest.services(status.out()).get(0).getAsJsonObject();
    }

    private static int stateRestarts(String name) {
        String state = sandbox.exec("cat", "/run/svcctl/" + name + ".json").stdout();
        int at = state.indexOf("\"restarts\"");
        if (at < 0) {
            return -1;
        }
        String rest = state.substring(state.indexOf(':', at) + 1).strip();
        return Integer.parseInt(rest.substring(0, rest.indexOf(',')).strip());
    }

    @Test
    void logsShowTheProgramsOwnLinesAndFollowAcrossRotations() throws Exception {
        Path spec = InsideSandbox.spec("rd-logs.yaml", """
                name: rd-logs
                supervisor: svcctl
                exec: /bin/sh
                args: ["-c", "i=0; while [ $i -lt 4000 ]; do i=$((i+1)); echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; [ $((i % 100)) -eq 0 ] && sleep 0.25; done; exec sleep 1000"]
                logs:
                  stdout: file
                  dir: /var/log/rd-logs
                  rotate: {size: 32KiB, keep: 100}
                """);
        Path out = InsideSandbox.WORK.resolve("readiness/followed.txt");
        Files.deleteIfExists(out);
        sandbox.execOk("sh", "-c", "mkdir -p /var/log/rd-logs");
        // The follower starts before the service, so it must see every line from the first one.
        List<String> follow = inside.command(InsideSandbox.WORK.resolve("readiness/follow.log"), java.util.Map.of(),
                List.of("logs", "rd-logs", "-f", "-n", "0"));
        InsideSandbox.Run install = install(spec);
        assertEquals(0, install.exitCode(), install.out() + install.err());
        sandbox.execOk("sh", "-c", "(timeout 40 " + String.join(" ", follow.stream().map(a -> "'" + a + "'")
                .toList()) + " > " + out + " 2>&1 &) ; true");
        InsideSandbox.await("the program wrote its 4000 lines", () -> sandbox.exec("sh", "-c",
                "cat /var/log/rd-logs/stdout*.log | grep -c line-").stdout().strip().equals("4000"));

        InsideSandbox.Run last = inside.svcctl("logs", "rd-logs", "-n", "5");
        assertEquals(0, last.exitCode(), last.err());
        assertEquals(List.of("3996", "3997", "3998", "3999", "4000"), last.out().lines()
                .map(l -> l.split("-")[1]).toList());
        int rotated = Integer.parseInt(sandbox.execOk("sh", "-c", "ls /var/log/rd-logs | grep -c 'stdout-'").strip());
        assertTrue(rotated >= 3, rotated + " rotations");
        InsideSandbox.await("the follower printed the last line", () -> {
            try {
                return Files.exists(out) && Files.readString(out).contains("line-4000-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        sandbox.exec("pkill", "-f", "logs rd-logs -f");
        List<String> numbers = Files.readAllLines(out).stream().filter(l -> l.startsWith("line-"))
                .map(l -> l.split("-")[1]).toList();
        assertFalse(numbers.isEmpty(), Files.readString(out));
        int firstSeen = Integer.parseInt(numbers.get(0));
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(Integer.toString(firstSeen + i), numbers.get(i), "line " + i + " of what -f printed");
        }
        assertEquals("4000", numbers.get(numbers.size() - 1));
        // A line is ~50 bytes: 2,100 lines fill more than three 32 KiB files, so the follower crossed >= 3 rotations.
        assertTrue(numbers.size() > 2100, "followed " + numbers.size() + " lines");
        System.out.println("logs -f printed lines " + firstSeen + ".." + numbers.get(numbers.size() - 1) + " once each, in"
                + " order; " + rotated + " rotated files");
        uninstall("rd-logs");
    }
}
