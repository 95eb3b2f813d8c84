package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The svcctl command line, run as a process inside the sandboxed systemd. */
@ExtendWith(SystemdSandboxExtension.class)
class SvcctlSandboxTest {
    private static SystemdSandbox sandbox;
    private static InsideSandbox inside;

    /** A method parameter, not a @BeforeAll one: without root the extension skips each test rather than erroring. */
    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        inside = new InsideSandbox(sandbox);
    }

    private static Path service(String name, String... extraYaml) throws Exception {
        return InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", \"echo hello from "
                + name + "; exec sleep 1000\"]\n" + String.join("\n", extraYaml) + "\n");
    }

    @Test
    void installStatusListLogsAndUninstallWithTheirExitCodes() throws Exception {
        Path a = service("cli-a");
        Path b = service("cli-b");

        InsideSandbox.Run install = inside.svcctl("install", a.toString(), b.toString(), "--json");

        assertEquals(0, install.exitCode(), install.err());
        JsonArray installed = CliTest.services(install.out());
        JsonObject first = installed.get(0).getAsJsonObject();
        assertEquals("cli-a", first.get("name").getAsString());
        assertEquals("created", first.get("action").getAsString());
        assertEquals("/etc/systemd/system/cli-a.service", first.get("unit").getAsString());
        assertEquals("running", first.get("state").getAsString());

        InsideSandbox.Run status = inside.svcctl("status", "cli-a", "cli-b", "--json");
        assertEquals(0, status.exitCode(), status.err());
        assertEquals(1, status.systemctlCalls(), "one systemctl show for all names");
        JsonObject s = CliTest.services(status.out()).get(0).getAsJsonObject();
        assertEquals(Set.of("name", "backend", "state", "pid", "since", "restarts", "lastExit", "enabled",
                "memoryBytes", "drift", "supervisorPid", "health", "readiness"), s.keySet());
        assertTrue(s.get("supervisorPid").isJsonNull(), "systemd runs cli-a itself");
        assertEquals("systemd", s.get("backend").getAsString());
        assertEquals(sandbox.mainPid("cli-a.service"), s.get("pid").getAsLong());
        assertTrue(s.get("enabled").getAsBoolean());
        assertFalse(s.get("drift").getAsBoolean());

        InsideSandbox.Run table = inside.svcctl("status");
        // Every managed service of the sandbox: other tests' services may be down, so 0 or 3.
        assertTrue(table.exitCode() == 0 || table.exitCode() == 3, table.err());
        assertTrue(table.out().startsWith("NAME "), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("cli-a ") && l.contains(" running ")), table.out());

        InsideSandbox.Run logs = inside.svcctl("logs", "cli-a", "-n", "20");
        assertEquals(0, logs.exitCode(), logs.err());
        assertTrue(logs.out().contains("hello from cli-a"), logs.out());

        assertEquals(0, inside.svcctl("stop", "cli-b").exitCode());
        InsideSandbox.Run oneStopped = inside.svcctl("status", "cli-a", "cli-b");
        assertEquals(3, oneStopped.exitCode(), oneStopped.out() + oneStopped.err());
        assertEquals(4, inside.svcctl("status", "cli-a", "cli-ghost").exitCode());
        InsideSandbox.Run list = inside.svcctl("list");
        assertTrue(list.out().contains("cli-a  running") && list.out().contains("cli-b  stopped"), list.out());

        assertEquals(0, inside.svcctl("start", "cli-b").exitCode());
        assertEquals(0, inside.svcctl("restart", "cli-a").exitCode());
        InsideSandbox.Run reload = inside.svcctl("reload", "cli-a");
        assertEquals(1, reload.exitCode());
        assertTrue(reload.err().contains("no reload signal"), reload.err());

        InsideSandbox.Run uninstall = inside.svcctl("uninstall", "cli-a", "cli-b");
        assertEquals(0, uninstall.exitCode(), uninstall.err());
        assertEquals(4, inside.svcctl("status", "cli-a").exitCode());
        InsideSandbox.Run again = inside.svcctl("uninstall", "cli-a");
        assertEquals(0, again.exitCode(), "uninstall is idempotent: " + again.err());
        assertEquals("cli-a: absent\n", again.out());
    }

    @Test
    void aServiceThatCannotStayUpFailsTheInstallAndStartWithItsJournalLines() throws Exception {
        Path failing = InsideSandbox.spec("cli-fail.yaml", "name: cli-fail\nexec: /bin/sh\n"
                + "args: [\"-c\", \"echo boom-$$ >&2; exit 3\"]\nrestart:\n  delay: 100ms\n  burst: 2\n");

        InsideSandbox.Run install = inside.svcctl("install", failing.toString());

        assertEquals(1, install.exitCode(), install.out() + install.err());
        assertEquals("cli-fail: created /etc/systemd/system/cli-fail.service, failed\n", install.out());
        assertTrue(install.err().startsWith("svcctl: cli-fail is installed but failed to run"), install.err());
        InsideSandbox.Run start = inside.svcctl("start", "cli-fail");
        assertEquals(1, start.exitCode());
        assertTrue(start.err().startsWith("svcctl: cli-fail did not start: it is failed (last exit: code 3);"
                + " its last journal lines:\n"), start.err());
        assertTrue(start.err().contains("boom-"), start.err());
        assertEquals(3, inside.svcctl("status", "cli-fail").exitCode());
    }

    /** systemd would read TimeoutStopSec=0 as "wait forever": refused as svcctl run refuses it (RunCommandTest). */
    @Test
    void aZeroStopTimeoutIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path spec = service("cli-zero-stop", "stop: {timeout: 0}");

        InsideSandbox.Run install = inside.svcctl("install", spec.toString());

        assertEquals(65, install.exitCode(), install.out() + install.err());
        assertTrue(install.err().contains("cli-zero-stop.yaml:4:17: stop.timeout: timeout must be longer than 0"
                + " (hint: use 1s"), install.err());
        assertFalse(sandbox.exec("test", "-e", "/etc/systemd/system/cli-zero-stop.service").ok());
    }

    /** A template instance as a dependency, and as the service itself: app@1.service is a concrete unit file. */
    @Test
    void aTemplateInstanceWorksAsADependencyAndAsAServiceName() throws Exception {
        sandbox.installUnit("cli-dep@.service", "[Service]\nExecStart=/bin/sh -c 'echo %i > /run/cli-dep-%i; exec sleep"
                + " 1000'\n");
        Path spec = service("cli-inst@1", "dependsOn: [cli-dep@one]");

        InsideSandbox.Run install = inside.svcctl("install", spec.toString());

        assertEquals(0, install.exitCode(), install.out() + install.err());
        assertEquals("cli-inst@1: created /etc/systemd/system/cli-inst@1.service, running\n", install.out());
        assertEquals("active\n", sandbox.exec("systemctl", "is-active", "cli-dep@one.service").stdout());
        assertEquals("one\n", sandbox.execOk("cat", "/run/cli-dep-one"));
        String requires = sandbox.execOk("systemctl", "show", "--property=Requires", "--value", "cli-inst@1.service");
        assertTrue(requires.contains("cli-dep@one.service"), requires);
        InsideSandbox.Run status = inside.svcctl("status", "cli-inst@1");
        assertEquals(0, status.exitCode(), status.out() + status.err());
        assertEquals(0, inside.svcctl("uninstall", "cli-inst@1").exitCode());
    }

    /** Like ssh sessions: a restart of a stop.mode: process service ends the daemon and leaves what it forked. */
    @Test
    void stopModeProcessLeavesAChildAliveAcrossARestart() throws Exception {
        Path spec = InsideSandbox.spec("cli-keep.yaml", "name: cli-keep\nexec: /bin/sh\n"
                + "args: [\"-c\", \"sleep 1000 & echo $! >> /run/cli-keep.children; exec sleep 1000\"]\n"
                + "stop: {mode: process}\n");
        assertEquals(0, inside.svcctl("install", spec.toString()).exitCode());
        long daemon = sandbox.mainPid("cli-keep.service");
        String child = sandbox.execOk("head", "-n", "1", "/run/cli-keep.children").strip();

        InsideSandbox.Run restart = inside.svcctl("restart", "cli-keep");

        assertEquals(0, restart.exitCode(), restart.out() + restart.err());
        assertNotEquals(daemon, sandbox.mainPid("cli-keep.service"));
        assertFalse(sandbox.exec("test", "-e", "/proc/" + daemon).ok(), "the daemon itself was stopped");
        assertTrue(sandbox.exec("test", "-e", "/proc/" + child).ok(), "the child of the first run survived");
        String cgroup = sandbox.execOk("systemctl", "show", "--property=ControlGroup", "--value", "cli-keep.service")
                .strip();
        assertTrue(sandbox.execOk("cat", "/sys/fs/cgroup" + cgroup + "/cgroup.procs").contains(child + "\n"));
        assertEquals(0, inside.svcctl("uninstall", "cli-keep").exitCode());
        sandbox.exec("sh", "-c", "kill -9 $(cat /run/cli-keep.children)");
    }

    @Test
    void reloadSendsTheSpecsSignal() throws Exception {
        Path spec = InsideSandbox.spec("cli-reload.yaml", "name: cli-reload\nexec: /bin/sh\nargs: [\"-c\","
                + " \"trap 'echo reloaded >> /run/cli-reload.log' USR1; while :; do sleep 0.1; done\"]\n"
                + "reload:\n  signal: USR1\n");
        assertEquals(0, inside.svcctl("install", spec.toString()).exitCode());
        long pid = sandbox.mainPid("cli-reload.service");

        InsideSandbox.Run reload = inside.svcctl("reload", "cli-reload");

        assertEquals(0, reload.exitCode(), reload.err());
        assertEquals("cli-reload: reload signal sent\n", reload.out());
        assertTrue(eventually(() -> sandbox.exec("grep", "-q", "reloaded", "/run/cli-reload.log").ok()));
        assertEquals(pid, sandbox.mainPid("cli-reload.service"), "reloaded, not restarted");
    }

    /**
     * A JVM ends with 143 on SIGTERM, after its shutdown hooks: a clean stop, which must not leave the unit failed
     * (systemd forgets ExecMainStatus of a successful stop, so the hook's file proves that path was taken).
     */
    @Test
    void aJavaProgramStoppedBySvcctlStopEndsInactiveNotFailed() throws Exception {
        Path classes = Files.createDirectories(InsideSandbox.WORK.resolve("java-stop"));
        Path source = classes.resolve("Sleeper.java");
        Files.writeString(source, "public class Sleeper {\n    public static void main(String[] args) throws Exception {\n"
                + "        Runtime.getRuntime().addShutdownHook(new Thread(() -> {\n"
                + "            try {\n                java.nio.file.Files.writeString(java.nio.file.Path.of(\"/run/cli-java.hook\"),"
                + " \"ran\");\n            } catch (java.io.IOException e) {\n                throw new RuntimeException(e);\n"
                + "            }\n        }));\n"
                + "        System.out.println(\"ready\");\n        Thread.sleep(1_000_000);\n    }\n}\n");
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
                classes.toString(), source.toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path spec = InsideSandbox.spec("cli-java.yaml", "name: cli-java\nexec: " + java + "\n"
                + "args: [\"-XX:TieredStopAtLevel=1\", \"-cp\", \"" + classes + "\", Sleeper]\n"
                + "restart: {policy: on-failure}\n");
        InsideSandbox.Run install = inside.svcctl("install", spec.toString());
        assertEquals(0, install.exitCode(), install.out() + install.err());
        assertTrue(eventually(() -> sandbox.journal("cli-java.service").contains("ready")), "the JVM is up");

        InsideSandbox.Run stop = inside.svcctl("stop", "cli-java");

        assertEquals(0, stop.exitCode(), stop.out() + stop.err());
        assertEquals("ran", sandbox.execOk("cat", "/run/cli-java.hook"), "the JVM handled SIGTERM (and so exits 143)");
        assertEquals("inactive\n", sandbox.exec("systemctl", "is-active", "cli-java.service").stdout());
        InsideSandbox.Run status = inside.svcctl("status", "cli-java");
        assertEquals(3, status.exitCode(), status.out() + status.err());
        assertTrue(status.out().contains(" stopped "), status.out());
        assertTrue(sandbox.execOk("cat", "/etc/systemd/system/cli-java.service")
                .contains("SuccessExitStatus=143 SIGTERM\n"));
        assertEquals(0, inside.svcctl("uninstall", "cli-java").exitCode());
    }

    @Test
    void logsOfAServiceThatLogsToFilesComeFromTheFiles() throws Exception {
        Path spec = InsideSandbox.spec("cli-files.yaml", "name: cli-files\nexec: /bin/sh\n"
                + "args: [\"-c\", \"echo line one; echo line two; exec sleep 1000\"]\n"
                + "logs:\n  stdout: file\n  dir: /var/log/cli-files\n");
        InsideSandbox.Run install = inside.svcctl("install", spec.toString());
        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal("cli-files.service"));
        assertTrue(eventually(() -> sandbox.exec("grep", "-q", "line two", "/var/log/cli-files/stdout.log").ok()));

        InsideSandbox.Run logs = inside.svcctl("logs", "cli-files", "-n", "1");

        assertEquals(0, logs.exitCode(), logs.out() + logs.err());
        assertEquals("line two\n", logs.out());
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void dryRunPrintsADiffAndChangesNothing() throws Exception {
        Path spec = service("cli-dry");
        assertEquals(0, inside.svcctl("install", spec.toString()).exitCode());
        long pid = sandbox.mainPid("cli-dry.service");
        String unit = Files.readString(sandbox.hostPathOf("/etc/systemd/system/cli-dry.service"));
        Path changed = service("cli-dry", "workingDirectory: /var/tmp");

        InsideSandbox.Run dry = inside.svcctl("install", "--dry-run", changed.toString());

        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().startsWith("cli-dry: would be updated /etc/systemd/system/cli-dry.service, now running\n"
                + "--- /etc/systemd/system/cli-dry.service\n+++ /etc/systemd/system/cli-dry.service\n"), dry.out());
        assertTrue(dry.out().contains("\n+WorkingDirectory=/var/tmp\n"), dry.out());
        assertEquals(1, dry.systemctlCalls(), "only systemctl show");
        assertEquals(unit, Files.readString(sandbox.hostPathOf("/etc/systemd/system/cli-dry.service")));
        assertEquals(pid, sandbox.mainPid("cli-dry.service"));
    }

    @Test
    void anOrdinaryUserGets77ForASystemInstall() throws Exception {
        Path spec = service("cli-perm");
        Files.setPosixFilePermissions(spec, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        InsideSandbox.Run run = inside.svcctlAsNobody("install", spec.toString());

        assertEquals(77, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("needs root") && run.err().contains("sudo") && run.err().contains("--user"),
                run.err());
        assertFalse(Files.exists(sandbox.hostPathOf("/etc/systemd/system/cli-perm.service")));
    }

    private static String specHash(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("svcctl-managed spec=([0-9a-f]+)").matcher(text);
        assertTrue(m.find(), "a marker in:\n" + text);
        return m.group(1);
    }

    /**
     * Two svcctl processes install one name from different specs at the same moment: the per-service lock makes one
     * wait, so the unit and the spec copy always come from the same spec and status sees no drift.
     */
    @Test
    void concurrentInstallsOfOneNameNeverMixTheirSpecs() throws Exception {
        List<Path> versions = new ArrayList<>();
        for (String v : List.of("one", "two")) {
            versions.add(InsideSandbox.spec("cli-race-" + v + ".yaml", "name: cli-race\ndescription: version " + v
                    + "\nexec: /bin/sleep\nargs: [\"1000\"]\nsupervisor: svcctl\n"));
        }
        Path unitFile = sandbox.hostPathOf("/etc/systemd/system/cli-race.service");
        Path copyFile = sandbox.hostPathOf("/etc/svcctl/services/cli-race.yaml");
        for (int round = 0; round < 4; round++) {
            List<Process> racers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path version = versions.get((round + i) % 2);
                racers.add(inside.launch(Map.of(), List.of("install", "--no-start", version.toString())));
            }
            for (Process racer : racers) {
                assertTrue(racer.waitFor(120, TimeUnit.SECONDS));
                assertEquals(0, racer.exitValue(), "round " + round);
            }
            assertEquals(specHash(Files.readString(unitFile)), specHash(Files.readString(copyFile)),
                    "round " + round + ": the unit and the spec copy come from one spec");
            InsideSandbox.Run status = inside.svcctl("status", "--json", "cli-race");
            assertEquals(false, CliTest.services(status.out()).get(0).getAsJsonObject()
                    .get("drift").getAsBoolean(), "round " + round + ": " + status.out());
        }
        assertEquals(0, inside.svcctl("uninstall", "cli-race").exitCode());
    }

    /**
     * Kills svcctl with SIGKILL at every step of an install (the test hook makes it wait at each one): the unit is
     * always either the previous one or the new one, and installing again completes the job.
     */
    @Test
    void killingTheInstallerAtAnyStepLeavesTheOldOrTheNewUnitAndARerunCompletes() throws Exception {
        Path v1 = service("cli-crash", "description: version one");
        Path v2 = service("cli-crash-v2", "description: version two").resolveSibling("cli-crash-v2.yaml");
        Files.writeString(v2, Files.readString(v2).replace("name: cli-crash-v2", "name: cli-crash")
                .replace("hello from cli-crash-v2", "hello from cli-crash"));
        Path unitFile = sandbox.hostPathOf("/etc/systemd/system/cli-crash.service");
        assertEquals(0, inside.svcctl("install", v2.toString()).exitCode());
        String newUnit = Files.readString(unitFile);
        assertEquals(0, inside.svcctl("install", v1.toString()).exitCode());
        String oldUnit = Files.readString(unitFile);

        List<String> pausesSeen = new ArrayList<>();
        for (boolean fresh : List.of(false, true)) {
            for (int killAt = 1; ; killAt++) {
                if (fresh) {
                    assertEquals(0, inside.svcctl("uninstall", "cli-crash").exitCode());
                } else {
                    assertEquals(0, inside.svcctl("install", v1.toString()).exitCode());
                    assertEquals(oldUnit, Files.readString(unitFile));
                }
                Path pauses = InsideSandbox.WORK.resolve("pauses-" + fresh + "-" + killAt);
                InsideSandbox.deleteTree(pauses);
                Files.createDirectories(pauses);
                Process svcctl = inside.launch(Map.of("SVCCTL_TEST_PAUSE_DIR", pauses.toString()),
                        List.of("install", v2.toString()));
                String pause = pauseAt(svcctl, pauses, killAt);
                if (pause == null) {
                    assertEquals(0, svcctl.exitValue(), "the install without kill");
                    break;
                }
                sandbox.execOk("kill", "-9", Files.readString(pauses.resolve(pause)).strip());
                assertTrue(svcctl.waitFor(30, TimeUnit.SECONDS));
                if (!fresh) {
                    pausesSeen.add(pause);
                }

                String context = (fresh ? "fresh install" : "update") + " killed at " + pause;
                if (Files.exists(unitFile)) {
                    String now = Files.readString(unitFile);
                    assertTrue(now.equals(newUnit) || now.equals(fresh ? null : oldUnit), context + ": a partial unit");
                } else {
                    assertTrue(fresh, context + ": the previous unit is gone");
                }
                InsideSandbox.Run rerun = inside.svcctl("install", "--json", v2.toString());
                assertEquals(0, rerun.exitCode(), context + ": " + rerun.err());
                assertEquals("running", CliTest.services(rerun.out()).get(0).getAsJsonObject()
                        .get("state").getAsString(), context);
                assertEquals(newUnit, Files.readString(unitFile), context);
                assertEquals("version two", sandbox.execOk("systemctl", "show", "--property=Description", "--value",
                        "cli-crash.service").strip(), context + ": systemd runs the new unit");
                long pid = sandbox.mainPid("cli-crash.service");
                String started = sandbox.execOk("systemctl", "show", "--property=ExecMainStartTimestampMonotonic",
                        "--value", "cli-crash.service").strip();
                String loaded = sandbox.execOk("stat", "-c", "%Y", "/etc/systemd/system/cli-crash.service").strip();
                assertNotEquals(0, pid, context);
                assertTrue(started.length() > 0 && loaded.length() > 0);
                InsideSandbox.Run settled = inside.svcctl("install", "--json", v2.toString());
                assertTrue(settled.out().contains("\"action\": \"unchanged\""), context + ": " + settled.out());
                assertEquals(pid, sandbox.mainPid("cli-crash.service"), context + ": the process predates the unit");
            }
        }
        // the record of the spec file's path (install's formerSource) is written as atomically as the unit
        assertEquals(List.of("001-unit-temp-partial", "002-unit-temp-written", "003-unit-temp-synced",
                "004-unit-renamed", "005-source-temp-partial", "006-source-temp-written", "007-source-temp-synced",
                "008-source-renamed", "009-daemon-reloaded", "010-enabled", "011-started"), pausesSeen);
    }

    /**
     * Lets svcctl pass its first {@code killAt - 1} pauses and answers the name of pause {@code killAt} once it is
     * reached, or null when svcctl finished first.
     */
    private static String pauseAt(Process svcctl, Path pauses, int killAt) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int passed = 0;
        while (System.nanoTime() < deadline) {
            List<Path> waiting;
            try (var files = Files.list(pauses)) {
                waiting = files.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : waiting) {
                if (Files.size(file) == 0) {
                    continue; // written but not yet with its pid
                }
                if (passed + 1 == killAt) {
                    return file.getFileName().toString();
                }
                Files.delete(file);
                passed++;
            }
            if (!svcctl.isAlive()) {
                return null;
            }
            Thread.sleep(10);
        }
        svcctl.destroyForcibly();
        throw new AssertionError("svcctl neither paused nor finished");
    }

    @Test
    void fiftyServicesInOneInstallAndOneStatus() throws Exception {
        List<String> args = new ArrayList<>(List.of("install", "--json"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = String.format("bulk-%02d", i);
            names.add(name);
            args.add(InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sleep\nargs: [\"1000\"]\n")
                    .toString());
        }

        InsideSandbox.Run install = inside.svcctl(Map.of(), args);

        assertEquals(0, install.exitCode(), install.err());
        JsonArray results = CliTest.services(install.out());
        assertEquals(50, results.size());
        results.forEach(r -> assertEquals("running", r.getAsJsonObject().get("state").getAsString(), r.toString()));

        List<String> statusArgs = new ArrayList<>(List.of("status", "--json"));
        statusArgs.addAll(names);
        InsideSandbox.Run status = inside.svcctl(Map.of(), statusArgs);

        assertEquals(0, status.exitCode(), status.err());
        assertEquals(50, CliTest.services(status.out()).size());
        assertEquals(1, status.systemctlCalls());
        assertTrue(install.systemctlCalls() <= 8, install.systemctlCalls() + " systemctl processes");
        InsideSandbox.Run version = inside.svcctl("version");
        String figures = String.format("install of 50 services: %d ms wall, %d systemctl processes%n"
                        + "status --json of 50 services: %d ms wall, %d systemctl processes%n"
                        + "svcctl version (JVM start-up baseline): %d ms wall%n",
                install.wallTime().toMillis(), install.systemctlCalls(), status.wallTime().toMillis(),
                status.systemctlCalls(), version.wallTime().toMillis())
                + "systemctl calls of the install:\n" + String.join("\n", install.calls()) + "\n";
        Files.writeString(InsideSandbox.WORK.resolve("fifty-services.txt"), figures);
        System.out.print(figures);
    }
}
