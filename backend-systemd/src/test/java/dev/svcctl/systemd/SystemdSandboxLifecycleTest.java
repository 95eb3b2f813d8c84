package dev.svcctl.systemd;

import static dev.svcctl.systemd.SandboxHosts.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.systemd.sandbox.ProcessImage;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The systemd backend against a real systemd 252 booted in a namespace; the running processes are the oracle. */
@ExtendWith(SystemdSandboxExtension.class)
class SystemdSandboxLifecycleTest {
    private static SystemdSandbox sandbox;
    private static SystemdBackend backend;
    private static Path recorder;

    /** A method parameter, not a @BeforeAll one: without root the extension skips each test rather than erroring. */
    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        backend = new SystemdBackend(SandboxHosts.of(sandbox));
        // Stays up and does nothing: what it received is read from /proc.
        recorder = SandboxHosts.script("recorder", "while :; do sleep 1; done\n");
    }

    private static List<InstallResult> install(ServiceSpec... specs) throws BackendException {
        return backend.install(List.of(specs), InstallOptions.DEFAULT);
    }

    private static ServiceStatus status(String name) throws BackendException {
        return backend.status(List.of(name), false).get(0);
    }

    private static long mainPid(String name) {
        return sandbox.mainPid(name + ".service");
    }

    private static String procStatus(long pid, String field) {
        for (String line : sandbox.execOk("cat", "/proc/" + pid + "/status").split("\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip().split("\\s+")[0];
            }
        }
        throw new AssertionError(field + " not in /proc/" + pid + "/status");
    }

    @Test
    void theProgramRunsWithExactlyTheSpecsArgvEnvCwdAndUser() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PLAIN", "value");
        env.put("SPACES", " two  spaces ");
        env.put("DOLLAR", "$HOME and ${X} and %h and \\ and \"quotes\"");
        List<String> args = List.of("a b", "$HOME", "${PATH}", "100%", "semi;colon", "back\\slash", "\"quoted\"", "");
        ServiceSpec spec = ServiceSpec.builder("life-record", recorder.toString()).args(args).env(env)
                .workingDirectory("/var/tmp").user("nobody").group("nogroup").build();

        InstallResult result = install(spec).get(0);

        assertEquals(Action.CREATED, result.action());
        assertEquals(Optional.of(ServiceState.RUNNING), result.state());
        ProcessImage process = sandbox.mainProcess("life-record.service");
        List<String> argv = process.arguments();
        assertEquals(spec.argv(), argv.subList(1, argv.size()), "the interpreter runs the script with the spec's argv");
        Map<String, String> received = process.environmentMap();
        env.forEach((k, v) -> assertEquals(v, received.get(k), k));
        assertEquals("/var/tmp", sandbox.execOk("readlink", "/proc/" + process.pid() + "/cwd").strip());
        assertEquals(sandbox.execOk("id", "-u", "nobody").strip(), procStatus(process.pid(), "Uid"));
        assertEquals(sandbox.execOk("getent", "group", "nogroup").split(":")[2], procStatus(process.pid(), "Gid"));
        ServiceStatus status = status("life-record");
        assertEquals(process.pid(), status.pid().getAsLong());
        assertEquals(Optional.of(true), status.enabled());
        assertTrue(status.since().isPresent());
        assertFalse(status.drift());
    }

    @Test
    void aKilledProgramRunsAgainAfterTheRestartDelay() throws Exception {
        Duration delay = Duration.ofSeconds(2);
        install(ServiceSpec.builder("life-kill", recorder.toString())
                .restart(new RestartSpec(RestartPolicy.ALWAYS, delay, Optional.empty(), 5, Duration.ofSeconds(60),
                        List.of(0))).build());
        long pid = mainPid("life-kill");

        long killedAt = System.nanoTime();
        sandbox.execOk("kill", "-9", Long.toString(pid));
        assertTrue(eventually(Duration.ofSeconds(10), () -> mainPid("life-kill") > 0 && mainPid("life-kill") != pid));
        Duration took = Duration.ofNanos(System.nanoTime() - killedAt);

        assertTrue(took.compareTo(delay.minusMillis(100)) >= 0, "restarted after " + took + ", before the delay");
        assertTrue(took.compareTo(delay.plusSeconds(2)) < 0, "restarted only after " + took);
        ServiceStatus status = status("life-kill");
        assertEquals(ServiceState.RUNNING, status.state());
        assertEquals(1, status.restarts().getAsInt());
    }

    /** Counts its starts in /run/NAME.starts, then exits with {@code code}. */
    private static ServiceSpec exitsWith(String name, int code, RestartPolicy policy) {
        return ServiceSpec.builder(name, "/bin/sh").args("-c", "echo >> /run/" + name + ".starts; sleep 0.5; exit " + code)
                .restart(new RestartSpec(policy, Duration.ofMillis(200), Optional.empty(), 50, Duration.ofSeconds(60),
                        List.of(0))).build();
    }

    @Test
    void onFailureLeavesACleanExitStoppedAndRestartsAFailure() throws Exception {
        install(exitsWith("life-clean", 0, RestartPolicy.ON_FAILURE), exitsWith("life-dirty", 1, RestartPolicy.ON_FAILURE));

        assertTrue(eventually(Duration.ofSeconds(10), () -> restarts("life-dirty") >= 2), "exit 1 is restarted");
        assertTrue(starts("life-dirty") >= 3);
        // By now the clean one, started at the same time, would have been restarted twice as well.
        assertEquals(ServiceState.STOPPED, status("life-clean").state());
        assertEquals(1, starts("life-clean"));
    }

    private static int starts(String name) {
        return sandbox.execOk("cat", "/run/" + name + ".starts").split("\n", -1).length - 1;
    }

    private static int restarts(String name) {
        try {
            return status(name).restarts().orElse(0);
        } catch (BackendException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void exhaustingTheBurstWithinTheWindowEndsFailed() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("life-burst", "/bin/sh").args("-c", "exit 3")
                .restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofMillis(100), Optional.empty(), 3,
                        Duration.ofSeconds(30), List.of(0))).build();

        InstallResult result = install(spec).get(0);

        assertEquals(Optional.of(ServiceState.FAILED), result.state());
        ServiceStatus status = status("life-burst");
        assertEquals(ServiceState.FAILED, status.state());
        assertEquals(3, status.lastExit().orElseThrow().code().getAsInt());
        BackendException e = assertThrows(BackendException.class, () -> backend.start(List.of("life-burst"), false));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("life-burst did not start: it is failed"), e.getMessage());
    }

    @Test
    void aProgramIgnoringSigtermIsKilledAfterTheStopTimeoutWithItsChildren() throws Exception {
        Path stubborn = SandboxHosts.script("stubborn", "trap '' TERM\nsleep 1000 &\nsleep 1000 &\nwhile :; do sleep 1; done\n");
        Duration timeout = Duration.ofSeconds(2);
        install(ServiceSpec.builder("life-stubborn", stubborn.toString())
                .stop(new StopSpec(Signal.TERM, timeout)).build());
        String cgroup = sandbox.execOk("systemctl", "show", "--property=ControlGroup", "--value",
                "life-stubborn.service").strip();
        assertTrue(eventually(Duration.ofSeconds(5), () -> procs(cgroup).size() >= 4), "main, 2 children, a sleep");
        List<String> pids = procs(cgroup);

        long started = System.nanoTime();
        backend.stop(List.of("life-stubborn"), false);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(timeout) >= 0, "stop returned after " + took + ", before the timeout");
        assertTrue(took.compareTo(timeout.plusSeconds(5)) < 0, "stop took " + took);
        for (String pid : pids) {
            assertFalse(sandbox.exec("test", "-e", "/proc/" + pid).ok(), "process " + pid + " survived the stop");
        }
        ServiceStatus status = status("life-stubborn");
        assertTrue(status.state() == ServiceState.STOPPED || status.state() == ServiceState.FAILED, status.toString());
    }

    private static List<String> procs(String cgroup) {
        var result = sandbox.exec("cat", "/sys/fs/cgroup" + cgroup + "/cgroup.procs");
        return result.ok() ? List.of(result.stdout().strip().split("\\s+")) : List.of();
    }

    @Test
    void reinstallingUnchangedKeepsTheProcessAndAChangeRestartsIt() throws Exception {
        ServiceSpec v1 = ServiceSpec.builder("life-update", recorder.toString()).args("v1").build();
        install(v1);
        long pid = mainPid("life-update");

        InstallResult same = install(v1).get(0);
        assertEquals(Action.UNCHANGED, same.action());
        assertEquals(pid, mainPid("life-update"));

        InstallResult changed = install(ServiceSpec.builder("life-update", recorder.toString()).args("v2").build()).get(0);
        assertEquals(Action.UPDATED, changed.action());
        assertEquals(Optional.of(ServiceState.RUNNING), changed.state());
        long newPid = mainPid("life-update");
        assertNotEquals(pid, newPid);
        assertEquals("v2", sandbox.process(newPid).arguments().get(2));
    }

    @Test
    void aHandWrittenUnitIsNeverModifiedStoppedOrRemoved() throws Exception {
        String text = "[Service]\nExecStart=/bin/sleep 1000\n";
        sandbox.installUnit("life-manual.service", text);
        sandbox.execOk("systemctl", "start", "life-manual.service");
        long pid = mainPid("life-manual");

        BackendException install = assertThrows(BackendException.class,
                () -> install(ServiceSpec.builder("life-manual", recorder.toString()).build()));
        BackendException uninstall = assertThrows(BackendException.class,
                () -> backend.uninstall(List.of("life-manual"), InstallOptions.DEFAULT));
        BackendException stop = assertThrows(BackendException.class, () -> backend.stop(List.of("life-manual"), false));

        for (BackendException e : List.of(install, uninstall, stop)) {
            assertEquals(ExitCode.FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("life-manual.service was not written by svcctl"), e.getMessage());
        }
        assertEquals(text, Files.readString(sandbox.hostPathOf("/etc/systemd/system/life-manual.service")));
        assertEquals(pid, mainPid("life-manual"));
    }

    @Test
    void aHandEditShowsAsDriftAndInstallRepairsIt() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("life-drift", recorder.toString()).build();
        install(spec);
        Path unit = sandbox.hostPathOf("/etc/systemd/system/life-drift.service");
        String written = Files.readString(unit);
        Files.writeString(unit, written.replace("RestartSec=1s", "RestartSec=5s"));

        assertTrue(status("life-drift").drift());
        InstallResult repaired = install(spec).get(0);

        assertEquals(Action.UPDATED, repaired.action());
        assertTrue(repaired.note().orElse("").contains("repaired hand edits"));
        assertEquals(written, Files.readString(unit));
        assertFalse(status("life-drift").drift());
    }

    @Test
    void uninstallLeavesNothingOfSvcctlsBehind() throws Exception {
        install(ServiceSpec.builder("life-gone", recorder.toString()).reloadSignal(Signal.HUP).build());
        backend.reload(List.of("life-gone"), false);

        backend.uninstall(List.of("life-gone"), InstallOptions.DEFAULT);

        assertEquals("", sandbox.execOk("sh", "-c",
                "find /etc/systemd/system /etc/svcctl /root/.config -name '*life-gone*' 2>/dev/null; true"));
        assertEquals(ServiceState.NOT_INSTALLED, status("life-gone").state());
        assertEquals("not-found", sandbox.execOk("systemctl", "show", "--property=LoadState", "--value",
                "life-gone.service").strip());
        BackendException again = assertThrows(BackendException.class,
                () -> backend.uninstall(List.of("life-gone"), InstallOptions.DEFAULT));
        assertEquals(ExitCode.NOT_INSTALLED, again.exitCode());
    }

    @Test
    void userScopeUnitsLiveInTheHomeAndRunUnderTheUsersManager() throws Exception {
        SystemdBackend user = new SystemdBackend(SandboxHosts.userScope(sandbox));
        ServiceSpec spec = ServiceSpec.builder("life-user", recorder.toString()).args("u").build();
        InstallOptions userScope = new InstallOptions(false, false, false, false, true, Optional.empty());

        InstallResult result = user.install(List.of(spec), userScope).get(0);

        assertEquals(Optional.of(ServiceState.RUNNING), result.state(), sandbox.journal("user@0.service"));
        assertEquals("~/.config/systemd/user/life-user.service", result.location());
        String unit = Files.readString(sandbox.hostPathOf("/root/.config/systemd/user/life-user.service"));
        assertTrue(unit.contains("WantedBy=default.target"));
        assertTrue(Files.isSymbolicLink(sandbox.hostPathOf(
                "/root/.config/systemd/user/default.target.wants/life-user.service")));
        ServiceStatus status = user.status(List.of("life-user"), true).get(0);
        assertEquals(ServiceState.RUNNING, status.state());
        String manager = sandbox.execOk("systemctl", "show", "--property=MainPID", "--value", "user@0.service").strip();
        String parent = procStatus(status.pid().getAsLong(), "PPid");
        assertEquals(manager, parent, "the user's manager runs the program");
        assertEquals(ServiceState.NOT_INSTALLED, status("life-user").state(), "not a system service");
        assertEquals(List.of("life-user"), user.list(true).stream().map(ServiceStatus::name).toList());

        user.uninstall(List.of("life-user"), userScope);

        assertFalse(Files.exists(sandbox.hostPathOf("/root/.config/systemd/user/life-user.service")));
        assertEquals(ServiceState.NOT_INSTALLED, user.status(List.of("life-user"), true).get(0).state());
    }
}
