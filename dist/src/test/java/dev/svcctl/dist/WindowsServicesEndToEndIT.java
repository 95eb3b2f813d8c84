package dev.svcctl.dist;

import static dev.svcctl.dist.EndToEnd.await;
import static dev.svcctl.dist.EndToEnd.awaitGone;
import static dev.svcctl.dist.EndToEnd.number;
import static dev.svcctl.dist.EndToEnd.onlyService;
import static dev.svcctl.dist.EndToEnd.starts;
import static dev.svcctl.dist.EndToEnd.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * svcctl on a real Windows (GitHub's windows-2022 runner, or by hand as an administrator; docs/windows.md, "End to
 * end on a real Windows"): the distribution installs a small real program, PowerShell running a script that starts
 * a child (ping -t) and prints both pids, as an SCM service under LocalService and under a virtual account, and as
 * a user's at-logon task; everything is checked through Windows' own tools (sc.exe, reg.exe, wevtutil.exe,
 * schtasks.exe, taskkill.exe) and svcctl's JSON. Skipped on every other OS.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsServicesEndToEndIT {
    /**
     * A machine-wide directory: svcctl refuses a service whose binary path would name a build tree (target\), a
     * temporary directory or a user profile, and the service's account must be able to read the program's script.
     */
    private static final Path ROOT = Path.of("C:\\svcctl-e2e");
    private static final String POWERSHELL = System.getenv().getOrDefault("SystemRoot", "C:\\Windows")
            + "\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
    private static final Pattern EVENT_ID = Pattern.compile("<EventID[^>]*>(\\d+)</EventID>");
    private static final List<String> SYSTEM_NAMES = List.of("svcctl-e2e-localservice", "svcctl-e2e-virtual",
            "svcctl-e2e-shared-a", "svcctl-e2e-shared-b", "svcctl-e2e-shared-c");
    private static final List<String> USER_NAMES = List.of("svcctl-e2e-task", "svcctl-e2e-runkey");
    private static Path launcher;
    private static Path script;
    private final List<String> systemServices = new ArrayList<>();
    private final List<String> userServices = new ArrayList<>();

    @BeforeAll
    static void installTheDistributionMachineWide() throws Exception {
        Path dist = EndToEnd.distribution();
        launcher = ROOT.resolve("svcctl\\bin\\svcctl.cmd");
        if (Files.exists(launcher)) {
            // A run interrupted by hand left its services: remove them before their files.
            for (String name : SYSTEM_NAMES) {
                svcctl("uninstall", name);
            }
            for (String name : USER_NAMES) {
                svcctl("uninstall", "--user", name);
            }
        }
        EndToEnd.deleteTree(ROOT);
        Files.createDirectories(ROOT.resolve("specs"));
        EndToEnd.copyTree(dist, ROOT.resolve("svcctl"));
        script = ROOT.resolve("ticker.ps1");
        Files.writeString(script, String.join("\r\n",
                "# svcctl's end-to-end program: a child that must die with its run, both pids, then a line every 500 ms.",
                "$child = Start-Process -FilePath \"$env:SystemRoot\\System32\\PING.EXE\" -ArgumentList '-t',"
                        + " '127.0.0.1' -NoNewWindow -PassThru",
                "[Console]::Out.WriteLine(\"svcctl-e2e pid=$PID child=$($child.Id)\")",
                "[Console]::Error.WriteLine('svcctl-e2e stderr line')",
                "$n = 0",
                "while ($true) { $n++; [Console]::Out.WriteLine(\"tick $n\"); Start-Sleep -Milliseconds 500 }",
                ""), StandardCharsets.UTF_8);
    }

    @AfterEach
    void removeWhatATestLeft() throws Exception {
        for (String name : systemServices) {
            svcctl("uninstall", name);
            tool("sc.exe", "stop", name);
            tool("sc.exe", "delete", name);
        }
        for (String name : userServices) {
            svcctl("uninstall", "--user", name);
        }
    }

    /** The distribution's own launcher, run by cmd.exe, on the Java that runs this test (a machine-wide one). */
    private static Run svcctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("cmd.exe", "/d", "/c", launcher.toString()));
        Collections.addAll(command, args);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SVCCTL_JAVA_OPTS", null);
        return Run.of(ROOT, env, command);
    }

    private static Run tool(String... command) throws Exception {
        return Run.of(ROOT, List.of(command));
    }

    private static Path spec(String name, String body) throws Exception {
        Path spec = ROOT.resolve("specs").resolve(name + ".yaml");
        Files.writeString(spec, "name: " + name + "\n"
                + "description: svcctl end-to-end test program\n"
                + "exec: '" + POWERSHELL + "'\n"
                + "args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', '"
                + script + "']\n"
                + "restart:\n  policy: always\n  delay: 1s\n"
                + "stop:\n  timeout: 10s\n"
                + body, StandardCharsets.UTF_8);
        return spec;
    }

    /** The `registration` that `svcctl render --backend windows --json` shows for {@code spec}. */
    private static JsonObject rendered(Path spec) throws Exception {
        Run render = svcctl("render", spec.toString(), "--backend", "windows", "--json");
        assertEquals(0, render.exitCode(), render::toString);
        return JsonParser.parseString(render.out()).getAsJsonObject().getAsJsonArray("renderings").get(0)
                .getAsJsonObject().getAsJsonObject("registration");
    }

    /** The event ids the Application log holds from source {@code name}, oldest first. */
    private static List<Integer> events(String name) throws Exception {
        Run query = tool("wevtutil.exe", "qe", "Application", "/q:*[System[Provider[@Name='" + name + "']]]",
                "/f:xml", "/c:1000");
        assertEquals(0, query.exitCode(), query::toString);
        List<Integer> ids = new ArrayList<>();
        Matcher m = EVENT_ID.matcher(query.out());
        while (m.find()) {
            ids.add(Integer.parseInt(m.group(1)));
        }
        return ids;
    }

    /** `KEY : value` lines of sc.exe's output. */
    private static Map<String, String> scFields(Run sc) {
        Map<String, String> fields = new HashMap<>();
        for (String line : sc.out().split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("[SC]")) {
                fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static JsonObject awaitStatus(String name, boolean user, String what,
            java.util.function.Predicate<JsonObject> condition) throws Exception {
        List<String> args = new ArrayList<>(List.of("status", name, "--json"));
        if (user) {
            args.add("--user");
        }
        String[] argv = args.toArray(String[]::new);
        return await(name + ": " + what, EndToEnd.SETTLE, () -> {
            JsonObject service = onlyService(svcctl(argv));
            return condition.test(service) ? Optional.of(service) : Optional.empty();
        }, () -> Optional.of(svcctl(argv).toString()));
    }

    @Test
    void aServiceUnderLocalServiceRunsRestartsStopsAndUninstallsWithNothingLeft() throws Exception {
        serviceLifecycle("svcctl-e2e-localservice", "LocalService", "NT AUTHORITY\\LocalService",
                "    preshutdownTimeout: 45s\n", 45_000);
    }

    @Test
    void aServiceUnderAVirtualAccountRunsRestartsStopsAndUninstallsWithNothingLeft() throws Exception {
        // No preshutdownTimeout: svcctl writes stop.timeout + 10 s instead of leaving Windows' 10 s default.
        serviceLifecycle("svcctl-e2e-virtual", "virtual", "NT SERVICE\\svcctl-e2e-virtual", "", 20_000);
    }

    private void serviceLifecycle(String name, String account, String startName, String windowsExtra,
            long preshutdownMs) throws Exception {
        systemServices.add(name);
        svcctl("uninstall", name); // a run interrupted by hand earlier
        Path spec = spec(name, "platform:\n  windows:\n    account: " + account + "\n" + windowsExtra);
        JsonObject registration = rendered(spec);
        List<Integer> eventsBefore = events(name);
        Path logs = Path.of("C:\\ProgramData\\svcctl\\logs", name);
        EndToEnd.deleteTree(logs); // uninstall keeps the logs: an earlier run's lines must not count

        Run install = svcctl("install", spec.toString());
        assertEquals(0, install.exitCode(), install::toString);

        // RUNNING for the SCM, and the program (not the host) is the service's pid in svcctl's status.
        Run query = tool("sc.exe", "query", name);
        assertTrue(query.out().contains("RUNNING"), query::toString);
        JsonObject running = awaitStatus(name, false, "running with the program's pid",
                s -> "running".equals(text(s, "state")) && number(s, "pid").isPresent()
                        && number(s, "supervisorPid").isPresent());
        long pid = number(running, "pid").getAsLong();
        long host = number(running, "supervisorPid").getAsLong();
        long restarts = number(running, "restarts").orElse(0);
        assertNotEquals(pid, host, running::toString);

        // The log files, where docs/windows.md says they are.
        Path stdout = logs.resolve("stdout.log");
        long[] first = await("the program's first line in " + stdout, EndToEnd.SETTLE,
                () -> starts(stdout).stream().reduce((a, b) -> b), () -> EndToEnd.tail(stdout));
        assertEquals(pid, first[0], "the status pid is the program that logged: " + running);
        long child = first[1];
        assertTrue(EndToEnd.alive(child), "the program's child runs");
        await("the stderr line in stderr.log", EndToEnd.SETTLE, () -> Optional.of(true).filter(x ->
                EndToEnd.tail(logs.resolve("stderr.log")).orElse("").contains("svcctl-e2e stderr line")),
                () -> EndToEnd.tail(logs.resolve("stderr.log")));

        // What the SCM stores is what render said it would be.
        Map<String, String> qc = scFields(tool("sc.exe", "qc", name, "8192"));
        assertEquals(text(registration, "binaryPath"), qc.get("BINARY_PATH_NAME"), qc::toString);
        assertEquals(startName, qc.get("SERVICE_START_NAME"), qc::toString);
        assertEquals(text(registration, "account"), qc.get("SERVICE_START_NAME"), qc::toString);
        assertTrue(qc.get("START_TYPE").contains("AUTO_START"), qc::toString);
        Run qfailure = tool("sc.exe", "qfailure", name, "8192");
        assertEquals(String.valueOf(registration.get("failureResetPeriodSeconds").getAsLong()),
                scFields(qfailure).get("RESET_PERIOD (in seconds)"), qfailure::toString);
        List<Long> delays = new ArrayList<>();
        Matcher restart = Pattern.compile("RESTART -- Delay = (\\d+) milliseconds").matcher(qfailure.out());
        while (restart.find()) {
            delays.add(Long.parseLong(restart.group(1)));
        }
        List<Long> renderedDelays = new ArrayList<>();
        for (JsonElement action : registration.getAsJsonArray("failureActions")) {
            assertEquals("restart", action.getAsJsonObject().get("action").getAsString(), registration::toString);
            renderedDelays.add(action.getAsJsonObject().get("delayMs").getAsLong());
        }
        assertEquals(renderedDelays, delays, qfailure::toString);
        assertFalse(delays.isEmpty(), qfailure::toString);
        Run flag = tool("sc.exe", "qfailureflag", name);
        assertTrue(flag.out().contains("FALSE"), "failure actions only on a crash of the host: " + flag);
        Run sid = tool("sc.exe", "qsidtype", name);
        assertTrue(sid.out().toUpperCase(Locale.ROOT).contains(text(registration, "sidType").toUpperCase(Locale.ROOT)),
                sid::toString);
        // sc.exe has no query for the preshutdown timeout; the SCM keeps it in the service's key.
        Run preshutdown = tool("reg.exe", "query", "HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name, "/v",
                "PreshutdownTimeout");
        Matcher dword = Pattern.compile("REG_DWORD\\s+0x([0-9a-fA-F]+)").matcher(preshutdown.out());
        assertTrue(dword.find(), preshutdown::toString);
        assertEquals(preshutdownMs, Long.parseLong(dword.group(1), 16), preshutdown::toString);
        assertEquals(preshutdownMs, registration.get("preshutdownTimeoutMs").getAsLong(), registration::toString);
        Run source = tool("reg.exe", "query",
                "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" + name, "/v", "EventMessageFile");
        assertEquals(0, source.exitCode(), "the Event Log source is registered: " + source);

        // The Event Log: the program started (1000).
        await("event 1000 (started) from " + name, () -> Optional.of(true)
                .filter(x -> newEvents(name, eventsBefore).contains(1000)));

        // A crash: the supervisor in the same host restarts the program; the old run's child dies with its job.
        Run kill = tool("taskkill.exe", "/F", "/PID", String.valueOf(pid));
        assertEquals(0, kill.exitCode(), kill::toString);
        JsonObject restarted = awaitStatus(name, false, "restarted once with a new pid",
                s -> "running".equals(text(s, "state")) && number(s, "pid").isPresent()
                        && number(s, "pid").getAsLong() != pid && number(s, "restarts").orElse(0) == restarts + 1);
        assertEquals(host, number(restarted, "supervisorPid").getAsLong(), "the host lived on: " + restarted);
        long pid2 = number(restarted, "pid").getAsLong();
        awaitGone("the killed run's child, with the run's job", child);
        long[] second = await("the restarted program's line", EndToEnd.SETTLE,
                () -> Optional.of(starts(stdout)).filter(s -> s.size() >= 2).map(s -> s.get(s.size() - 1)),
                () -> EndToEnd.tail(stdout));
        assertEquals(pid2, second[0], restarted::toString);
        long child2 = second[1];
        await("events 1002 (ended unasked), 1003 (restarting) and a second 1000", () -> {
            List<Integer> fresh = newEvents(name, eventsBefore);
            return Optional.of(true).filter(x -> fresh.contains(1002) && fresh.contains(1003)
                    && Collections.frequency(fresh, 1000) >= 2);
        });

        // Stop: STOPPED, and nothing of the service is left running.
        Run stop = svcctl("stop", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        Run stopped = tool("sc.exe", "query", name);
        assertTrue(stopped.out().contains("STOPPED"), stopped::toString);
        awaitStatus(name, false, "stopped", s -> "stopped".equals(text(s, "state")));
        awaitGone("the program, its child and the host after stop", pid2, child2, host);
        await("event 1001 (stopped)", () -> Optional.of(true).filter(x -> newEvents(name, eventsBefore).contains(1001)));

        // Start again, then uninstall: the SCM no longer knows the service, svcctl's files and source are gone.
        Run start = svcctl("start", name);
        assertEquals(0, start.exitCode(), start::toString);
        JsonObject again = awaitStatus(name, false, "running again", s -> "running".equals(text(s, "state"))
                && number(s, "pid").isPresent() && number(s, "supervisorPid").isPresent());
        long pid3 = number(again, "pid").getAsLong();
        long host3 = number(again, "supervisorPid").getAsLong();
        Run uninstall = svcctl("uninstall", name);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        Run gone = tool("sc.exe", "query", name);
        assertEquals(1060, gone.exitCode(), "ERROR_SERVICE_DOES_NOT_EXIST: " + gone);
        awaitGone("the program and the host after uninstall", pid3, host3);
        assertFalse(Files.exists(Path.of("C:\\ProgramData\\svcctl\\services", name + ".yaml")), "spec copy removed");
        Run sourceGone = tool("reg.exe", "query",
                "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" + name);
        assertNotEquals(0, sourceGone.exitCode(), "the Event Log source is removed: " + sourceGone);
        Run status = svcctl("status", name, "--json");
        assertEquals(4, status.exitCode(), status::toString);
        assertEquals("not-installed", text(onlyService(status), "state"), status::toString);
        systemServices.remove(name);
    }

    /**
     * Issue 19, option 4 (docs/windows.md, "Shared service hosts"): two services with serviceHost: shared and one
     * account are SERVICE_WIN32_SHARE_PROCESS in one host process; one stops while the other runs; a third installed
     * while that process runs is refused by the SCM (1083) and left stopped with a note; the process ends with its
     * last service and the next one runs all three; uninstall leaves nothing.
     */
    @Test
    void sharedServicesOfOneAccountRunInOneHostProcessThatEndsWithTheLast() throws Exception {
        String a = "svcctl-e2e-shared-a";
        String b = "svcctl-e2e-shared-b";
        String c = "svcctl-e2e-shared-c";
        String shared = "platform:\n  windows:\n    account: LocalService\n    serviceHost: shared\n";
        Map<String, Path> specs = new HashMap<>();
        for (String name : List.of(a, b, c)) {
            systemServices.add(name);
            svcctl("uninstall", name);
            specs.put(name, spec(name, shared));
        }
        JsonObject ra = rendered(specs.get(a));
        assertEquals("share-process", text(ra, "serviceType"));
        assertEquals(text(ra, "serviceGroup"), text(rendered(specs.get(b)), "serviceGroup"));

        for (String name : List.of(a, b)) {
            Run install = svcctl("install", "--no-start", specs.get(name).toString());
            assertEquals(0, install.exitCode(), install::toString);
        }
        assertTrue(tool("sc.exe", "qc", a).out().contains("WIN32_SHARE_PROCESS"), () -> "sc qc " + a);
        Run start = svcctl("start", a, b);
        assertEquals(0, start.exitCode(), start::toString);
        long host = number(awaitStatus(a, false, "running", s -> "running".equals(text(s, "state"))
                && number(s, "supervisorPid").isPresent()), "supervisorPid").getAsLong();
        long hostOfB = number(awaitStatus(b, false, "running", s -> "running".equals(text(s, "state"))
                && number(s, "supervisorPid").isPresent()), "supervisorPid").getAsLong();
        assertEquals(host, hostOfB, "one host process for both");

        Run late = svcctl("install", specs.get(c).toString());
        assertEquals(0, late.exitCode(), late::toString);
        assertTrue(late.toString().contains("is installed but not started"), late::toString);
        assertTrue(tool("sc.exe", "query", c).out().contains("STOPPED"), () -> "sc query " + c);
        Run refused = svcctl("start", c);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("1083"), refused::toString);

        Run stopA = svcctl("stop", a);
        assertEquals(0, stopA.exitCode(), stopA::toString);
        assertTrue(tool("sc.exe", "query", b).out().contains("RUNNING"), "b runs on after a stopped");
        assertTrue(ProcessHandle.of(host).map(ProcessHandle::isAlive).orElse(false), "the host stays for b");
        Run stopB = svcctl("stop", b);
        assertEquals(0, stopB.exitCode(), stopB::toString);
        awaitGone("the shared host after its last service stopped", host);

        Run all = svcctl("start", a, b, c);
        assertEquals(0, all.exitCode(), all::toString);
        List<Long> hosts = new ArrayList<>();
        for (String name : List.of(a, b, c)) {
            hosts.add(number(awaitStatus(name, false, "running in the new host", s -> "running".equals(text(s,
                    "state")) && number(s, "supervisorPid").isPresent()), "supervisorPid").getAsLong());
        }
        assertEquals(1, hosts.stream().distinct().count(), "the next host process runs all three: " + hosts);

        Run uninstall = svcctl("uninstall", a, b, c);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        for (String name : List.of(a, b, c)) {
            assertEquals(1060, tool("sc.exe", "query", name).exitCode(), name + " is gone");
            assertFalse(Files.exists(Path.of("C:\\ProgramData\\svcctl\\services", name + ".yaml")));
            systemServices.remove(name);
        }
        awaitGone("the shared host after uninstall", hosts.get(0));
    }

    private static List<Integer> newEvents(String name, List<Integer> before) {
        try {
            List<Integer> all = events(name);
            return all.subList(Math.min(before.size(), all.size()), all.size());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * scope: user: an at-logon task for the installing user runs `svcctl run`, which supervises the program: a
     * killed program comes back with a new pid, stop ends the whole tree, uninstall leaves no task and no files.
     */
    @Test
    void aUserScopeAtLogonTaskRunsRestartsStopsAndUninstallsWithNothingLeft() throws Exception {
        userLifecycle("svcctl-e2e-task", "", () -> {
            Run task = tool("schtasks.exe", "/Query", "/TN", "\\svcctl\\svcctl-e2e-task", "/XML");
            assertEquals(0, task.exitCode(), task::toString);
            assertTrue(task.out().contains("svcctl-managed"), "svcctl's marker in RegistrationInfo/Source: " + task);
            assertTrue(task.out().contains("<LogonTrigger>"), task::toString);
            String user = System.getenv("USERDOMAIN") + "\\" + System.getenv("USERNAME");
            assertTrue(task.out().toLowerCase(Locale.ROOT).contains("<userid>" + user.toLowerCase(Locale.ROOT)),
                    "the trigger is the installing user's (" + user + "): " + task);
        }, () -> {
            Run task = tool("schtasks.exe", "/Query", "/TN", "\\svcctl\\svcctl-e2e-task");
            assertNotEquals(0, task.exitCode(), "the task is deleted: " + task);
        });
    }

    /**
     * The Run-key variant of user autostart ({@code platform.windows.userAutostart: runKey}, issue 16 item 2): install
     * writes the Run value (and no task), which only Explorer runs, at the next logon; svcctl refuses to start or stop
     * it (exit 1 with the hint to use {@code svcctl run --name}); uninstall removes the value and the spec copy.
     */
    @Test
    void aUserScopeRunKeyAutostartIsWrittenAndRemoved() throws Exception {
        String name = "svcctl-e2e-runkey";
        String runKey = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
        userServices.add(name);
        svcctl("uninstall", "--user", name);
        Path spec = spec(name, "scope: user\nplatform:\n  windows:\n    userAutostart: runKey\n");

        Run install = svcctl("install", "--user", spec.toString());
        assertEquals(0, install.exitCode(), install::toString);
        Run value = tool("reg.exe", "query", runKey, "/v", name);
        assertEquals(0, value.exitCode(), value::toString);
        assertTrue(value.out().contains("svcctl") && value.out().contains("--name"), value::toString);
        Run task = tool("schtasks.exe", "/Query", "/TN", "\\svcctl\\" + name);
        assertNotEquals(0, task.exitCode(), "no task for a Run-key autostart: " + task);
        Run again = svcctl("install", "--user", spec.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("unchanged"), "a second install changes nothing: " + again);

        Run start = svcctl("start", "--user", name);
        assertEquals(1, start.exitCode(), start::toString);
        assertTrue(start.err().contains("svcctl run --name " + name), start::toString);

        Run uninstall = svcctl("uninstall", "--user", name);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        Run gone = tool("reg.exe", "query", runKey, "/v", name);
        assertNotEquals(0, gone.exitCode(), "the Run value is removed: " + gone);
        Path localAppData = Path.of(System.getenv("LOCALAPPDATA"));
        assertFalse(Files.exists(localAppData.resolve("svcctl\\services\\" + name + ".yaml")), "spec copy removed");
        userServices.remove(name);
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    private void userLifecycle(String name, String extra, Check registered, Check unregistered) throws Exception {
        userServices.add(name);
        svcctl("uninstall", "--user", name);
        Path logs = ROOT.resolve("logs").resolve(name);
        Path spec = spec(name, "scope: user\nlogs:\n  dir: '" + logs + "'\n" + extra);
        Path stdout = logs.resolve("stdout.log");

        Run install = svcctl("install", "--user", spec.toString());
        assertEquals(0, install.exitCode(), install::toString);
        registered.run();
        awaitStatus(name, true, "running", s -> "running".equals(text(s, "state")));
        long[] first = await("the program's first line in " + stdout, EndToEnd.SETTLE,
                () -> starts(stdout).stream().reduce((a, b) -> b), () -> EndToEnd.tail(stdout));
        assertTrue(EndToEnd.alive(first[0]) && EndToEnd.alive(first[1]), "the program and its child run");

        // A crash: svcctl run, the task's process, restarts the program; the old child dies with its job.
        Run kill = tool("taskkill.exe", "/F", "/PID", String.valueOf(first[0]));
        assertEquals(0, kill.exitCode(), kill::toString);
        long[] second = await("a restarted program with a new pid", EndToEnd.SETTLE,
                () -> Optional.of(starts(stdout)).filter(s -> s.size() >= 2).map(s -> s.get(s.size() - 1)),
                () -> EndToEnd.tail(stdout));
        assertNotEquals(first[0], second[0]);
        awaitGone("the killed run's child", first[1]);

        Run stop = svcctl("stop", "--user", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        awaitGone("the program and its child after stop", second[0], second[1]);
        awaitStatus(name, true, "not running", s -> !"running".equals(text(s, "state")));

        Run uninstall = svcctl("uninstall", "--user", name);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        unregistered.run();
        Path localAppData = Path.of(System.getenv("LOCALAPPDATA"));
        assertFalse(Files.exists(localAppData.resolve("svcctl\\services\\" + name + ".yaml")), "spec copy removed");
        Run status = svcctl("status", "--user", name, "--json");
        assertEquals(4, status.exitCode(), status::toString);
        assertEquals("not-installed", text(onlyService(status), "state"), status::toString);
        userServices.remove(name);
    }
}
