package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.Milestone;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.spec.SupervisorMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowsBackendRenderTest {
    private final WindowsBackend backend = new WindowsBackend();

    private static ServiceSpec.Builder app() {
        return ServiceSpec.builder("web", "C:\\Program Files\\Web\\web.exe");
    }

    private static PlatformSpec windows(String account, String passwordEnv) {
        return new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(account,
                Optional.ofNullable(passwordEnv), PlatformSpec.FailureActions.AUTO, Optional.empty(), true),
                PlatformSpec.Launchd.DEFAULT);
    }

    private Map<String, Object> registration(ServiceSpec spec) throws UnsupportedSpecException {
        return backend.render(spec, RenderOptions.DEFAULT).registration();
    }

    private List<String> problemKeys(ServiceSpec spec) {
        return backend.check(spec).stream().map(SpecProblem::keyPath).toList();
    }

    @Test
    void detectsWindowsByOsName() {
        assertTrue(backend.detect(host("Windows Server 2022")));
        assertTrue(backend.detect(host("Windows 11")));
        assertFalse(backend.detect(host("Linux")));
        assertFalse(backend.detect(host("Mac OS X")));
    }

    /** The binary path rendered off Windows without --svcctl-home/--java-home. */
    static final String DEFAULT_BINARY_PATH = "\"C:\\Program Files\\svcctl\\jre\\bin\\java.exe\" -Xrs"
            + " \"-Djna.boot.library.path=C:\\Program Files\\svcctl\\lib\\jna\\win32-x86-64\""
            + " -Djna.tmpdir=C:\\ProgramData\\svcctl\\jna \"-Dsvcctl.home=C:\\Program Files\\svcctl\""
            + " -cp \"C:\\Program Files\\svcctl\\lib\\svcctl.jar\" dev.svcctl.cli.Main host --name web";

    @Test
    void theBinaryPathRunsTheServiceHostOnSvcctlsJavaAndTheProgramLineIsQuotedExactly()
            throws UnsupportedSpecException {
        Map<String, Object> r = registration(app().args("a b", "say \"hi\"", "C:\\dir\\", "").build());
        assertEquals(DEFAULT_BINARY_PATH, r.get("binaryPath"));
        assertEquals("\"C:\\Program Files\\Web\\web.exe\" \"a b\" \"say \\\"hi\\\"\" C:\\dir\\ \"\"",
                r.get("programCommandLine"));
        assertEquals("C:\\Program Files\\svcctl", r.get("svcctlHome"));
        assertEquals("C:\\Program Files\\svcctl\\jre", r.get("javaHome"));
        Map<String, Object> custom = backend.render(app().build(), new RenderOptions(RenderOptions.DEFAULT_SVCCTL,
                false, Optional.of("D:\\tools\\svcctl\\"), Optional.of("D:\\jdk-21"))).registration();
        assertEquals(List.of("D:\\jdk-21\\bin\\java.exe", "-Xrs",
                        "-Djna.boot.library.path=D:\\tools\\svcctl\\lib\\jna\\win32-x86-64",
                        "-Djna.tmpdir=C:\\ProgramData\\svcctl\\jna", "-Dsvcctl.home=D:\\tools\\svcctl", "-cp",
                        "D:\\tools\\svcctl\\lib\\svcctl.jar", "dev.svcctl.cli.Main", "host", "--name", "web"),
                WindowsLaunch.of(new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false,
                        Optional.of("D:\\tools\\svcctl\\"), Optional.of("D:\\jdk-21")), host("Linux"), p -> null)
                        .hostArgv("web"));
        assertEquals("\"D:\\jdk-21\\bin\\java.exe\" -Xrs -Djna.boot.library.path=D:\\tools\\svcctl\\lib\\jna\\win32-x86-64"
                + " -Djna.tmpdir=C:\\ProgramData\\svcctl\\jna -Dsvcctl.home=D:\\tools\\svcctl"
                + " -cp D:\\tools\\svcctl\\lib\\svcctl.jar dev.svcctl.cli.Main host --name web", custom.get("binaryPath"));
    }

    @Test
    void aLauncherPathOrHomesThatAreNotWindowsPathsAreRefused() {
        UnsupportedSpecException launcher = assertThrows(UnsupportedSpecException.class,
                () -> backend.render(app().build(), new RenderOptions("D:\\tools\\svcctl.exe", false)));
        assertEquals("--svcctl-path", launcher.problems().get(0).keyPath());
        UnsupportedSpecException home = assertThrows(UnsupportedSpecException.class,
                () -> backend.render(app().build(), new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false,
                        Optional.of("/opt/svcctl"), Optional.empty())));
        assertEquals("--svcctl-home", home.problems().get(0).keyPath());
        UnsupportedSpecException java = assertThrows(UnsupportedSpecException.class,
                () -> backend.render(app().build(), new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false,
                        Optional.empty(), Optional.of("C:\\Java\\\"jdk\""))));
        assertEquals("--java-home", java.problems().get(0).keyPath());
    }

    /**
     * Issue #16, finding 12: the binary path named the installing JVM's java.home, so a svcctl run on a per-user JDK
     * (C:\\Users\\ann\\.jdks, as IDEs and scoop install them) registered a service whose account (LocalService, a
     * virtual account...) cannot read that Java: the first start failed. svcctl's own runtime (HOME\\jre) now comes
     * first, and a service refuses a Java or a svcctl home in a user profile; a user's task may use them.
     */
    @Test
    void aServiceRunsOnSvcctlsOwnRuntimeOrAMachineWideJavaNeverOneInAUserProfile() throws Exception {
        Host windows = host("Windows Server 2022");
        String userJdk = "C:\\Users\\ann\\.jdks\\temurin-17.0.9";
        Map<String, String> perUser = Map.of("svcctl.home", "C:\\Program Files\\svcctl", "java.home", userJdk);
        String bundled = "C:\\Program Files\\svcctl\\jre";
        WindowsLaunch withRuntime = WindowsBackend.launch(RenderOptions.DEFAULT, true, windows, perUser::get,
                (bundled + "\\bin\\java.exe")::equals);
        assertEquals(bundled, withRuntime.javaHome(), "svcctl's own runtime is preferred when it holds java.exe");

        UnsupportedSpecException refused = assertThrows(UnsupportedSpecException.class,
                () -> WindowsBackend.launch(RenderOptions.DEFAULT, true, windows, perUser::get, path -> false));
        SpecProblem problem = refused.problems().get(0);
        assertEquals("--java-home", problem.keyPath());
        assertTrue(problem.message().contains(userJdk) && problem.message().contains("user profile"),
                problem.message());
        assertEquals(Optional.of(WindowsLaunch.SERVICE_HINT), problem.hint());
        assertEquals(userJdk, WindowsBackend.launch(RenderOptions.DEFAULT, false, windows, perUser::get,
                path -> false).javaHome(), "a user's own task may run on the user's own JDK");

        Map<String, String> machineWide = Map.of("svcctl.home", "C:\\Program Files\\svcctl", "java.home",
                "C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.9-hotspot");
        assertEquals("C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.9-hotspot", WindowsBackend.launch(
                RenderOptions.DEFAULT, true, windows, machineWide::get, path -> false).javaHome());

        for (String profile : List.of("c:\\users\\Ann\\scoop\\apps\\temurin17-jdk\\current", "D:\\Users\\bob\\jdk")) {
            UnsupportedSpecException explicit = assertThrows(UnsupportedSpecException.class,
                    () -> WindowsBackend.launch(new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false,
                            Optional.of("C:\\svcctl"), Optional.of(profile)), true, host("Linux"), p -> null,
                            p -> false));
            assertEquals("--java-home", explicit.problems().get(0).keyPath(), profile);
        }
        Map<String, String> unpacked = Map.of("svcctl.home", "C:\\Users\\ann\\Downloads\\svcctl-1.0", "java.home",
                "C:\\Program Files\\Java\\jdk-17");
        UnsupportedSpecException home = assertThrows(UnsupportedSpecException.class,
                () -> WindowsBackend.launch(RenderOptions.DEFAULT, true, windows, unpacked::get, p -> false));
        assertEquals("--svcctl-home", home.problems().get(0).keyPath());
        assertTrue(home.problems().get(0).message().contains("svcctl's home at C:\\Users\\ann\\Downloads"),
                home.problems().get(0).message());
    }

    @Test
    void onWindowsTheInstallingSvcctlsHomeAndJavaAreTheDefaults() {
        Map<String, String> properties = Map.of("svcctl.home", "E:\\apps\\svcctl", "java.home",
                "C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.9-hotspot", "os.arch", "aarch64");
        WindowsLaunch launch = WindowsLaunch.of(RenderOptions.DEFAULT, host("Windows Server 2022"), properties::get);
        assertEquals(new WindowsLaunch("E:\\apps\\svcctl", "C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.9-hotspot",
                "win32-aarch64"), launch);
        WindowsLaunch elsewhere = WindowsLaunch.of(RenderOptions.DEFAULT, host("Linux"), properties::get);
        assertEquals(new WindowsLaunch("C:\\Program Files\\svcctl", "C:\\Program Files\\svcctl\\jre",
                "win32-x86-64"), elsewhere);
        WindowsLaunch explicit = WindowsLaunch.of(new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false,
                Optional.of("F:\\svcctl"), Optional.of("F:\\java")), host("Windows 11"), properties::get);
        assertEquals(new WindowsLaunch("F:\\svcctl", "F:\\java", "win32-aarch64"), explicit);
    }

    @Test
    void registrationKeysAreStableAndInOrder() throws UnsupportedSpecException {
        assertEquals(List.of("serviceName", "displayName", "description", "serviceType", "binaryPath",
                        "programCommandLine", "startType", "delayedAutoStart", "account", "accountKind", "dependencies",
                        "failureActions", "failureResetPeriodSeconds", "failureActionsOnNonCrashFailures",
                        "preshutdownTimeoutMs", "eventLog",
                        "specFile", "logDirectory", "ownershipMarker", "svcctlHome", "javaHome", "eventSource",
                        "sidType", "requiredPrivileges", "jobLimits", "stopMethods"),
                List.copyOf(registration(app().build()).keySet()));
    }

    @Test
    void startTypesIncludingDelayedAutoStart() throws UnsupportedSpecException {
        Map<Startup, List<Object>> expected = Map.of(
                Startup.AUTO, List.of("auto", false), Startup.DELAYED, List.of("auto", true),
                Startup.MANUAL, List.of("demand", false), Startup.DISABLED, List.of("disabled", false));
        for (var e : expected.entrySet()) {
            Map<String, Object> r = registration(app().startup(e.getKey()).build());
            assertEquals(e.getValue(), List.of(r.get("startType"), r.get("delayedAutoStart")), e.getKey().name());
        }
    }

    @Test
    void accountsOfEveryKind() throws UnsupportedSpecException {
        record Case(String account, String passwordEnv, String startName, String kind) {
        }
        for (Case c : List.of(
                new Case("LocalSystem", null, "LocalSystem", "localSystem"),
                new Case("LocalService", null, "NT AUTHORITY\\LocalService", "localService"),
                new Case("NetworkService", null, "NT AUTHORITY\\NetworkService", "networkService"),
                new Case("virtual", null, "NT SERVICE\\web", "virtual"),
                new Case("CORP\\web-gmsa$", null, "CORP\\web-gmsa$", "gmsa"),
                new Case("CORP\\svc-web", "WEB_PW", "CORP\\svc-web", "user"),
                new Case("svc-web@corp.example", "WEB_PW", "svc-web@corp.example", "user"),
                new Case("svcweb", "WEB_PW", ".\\svcweb", "user"))) {
            Map<String, Object> r = registration(app().platform(windows(c.account, c.passwordEnv)).build());
            assertEquals(c.startName, r.get("account"), c.account);
            assertEquals(c.kind, r.get("accountKind"), c.account);
            assertEquals(c.passwordEnv, r.get("passwordEnv"), c.account);
            assertEquals(c.passwordEnv == null && !c.kind.equals("gmsa") ? null : "SeServiceLogonRight",
                    r.get("logonRight"), c.account);
        }
    }

    @Test
    void aPasswordIsOnlyEverNamedNeverShown() throws UnsupportedSpecException {
        ServiceSpec spec = app().platform(windows("CORP\\svc", "WEB_PW")).build();
        Rendering rendering = backend.render(spec, RenderOptions.DEFAULT);
        assertEquals("WEB_PW", rendering.registration().get("passwordEnv"));
        assertFalse(rendering.registration().containsKey("password"));
        assertTrue(rendering.artifacts().get(0).content().contains("passwordEnv: \"WEB_PW\""));
    }

    @Test
    void dependenciesIncludeMilestoneServices() throws UnsupportedSpecException {
        Map<String, Object> r = registration(app().dependsOn(List.of("postgresql"))
                .after(List.of(Milestone.NETWORK_ONLINE, Milestone.NETWORK, Milestone.TIME_SYNC,
                        Milestone.FILESYSTEMS)).build());
        assertEquals(List.of("postgresql", "Tcpip", "NlaSvc", "W32Time"), r.get("dependencies"));
    }

    @Test
    void failureActionsFollowTheRestartPolicy() throws UnsupportedSpecException {
        Map<String, Object> backoff = registration(app().restart(new RestartSpec(RestartPolicy.ALWAYS,
                Duration.ofSeconds(5), Optional.of(Duration.ofSeconds(12)), 5, Duration.ofMillis(90_500),
                List.of(0))).build());
        assertEquals(List.of(action(5000), action(10_000), action(12_000)), backoff.get("failureActions"));
        assertEquals(91L, backoff.get("failureResetPeriodSeconds"));
        assertEquals(false, backoff.get("failureActionsOnNonCrashFailures"), "only a crash is a failure");

        Map<String, Object> flat = registration(app().build());
        assertEquals(List.of(action(1000), action(1000), action(1000)), flat.get("failureActions"));
        assertEquals(60L, flat.get("failureResetPeriodSeconds"));

        Map<String, Object> never = registration(app().restart(new RestartSpec(RestartPolicy.NEVER,
                Duration.ofSeconds(1), Optional.empty(), 5, Duration.ofSeconds(60), List.of(0))).build());
        assertEquals(List.of(), never.get("failureActions"));
        assertEquals(false, never.get("failureActionsOnNonCrashFailures"));

        ServiceSpec none = app().platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                "LocalSystem", Optional.empty(), PlatformSpec.FailureActions.NONE, Optional.of(Duration.ofMinutes(3)),
                false), PlatformSpec.Launchd.DEFAULT)).build();
        Map<String, Object> r = registration(none);
        assertEquals(List.of(), r.get("failureActions"));
        assertEquals(180_000L, r.get("preshutdownTimeoutMs"));
        assertEquals(false, r.get("eventLog"));
    }

    /** platform.windows.failureActions as written steps (issue 16 item 2): run with SCM's one command, reboot. */
    @Test
    void writtenFailureStepsRenderAsTheyAreWithTheCommandAndTheRebootPrivilege() throws Exception {
        ServiceSpec spec = app().restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1),
                Optional.empty(), 5, Duration.ofSeconds(60), List.of(0))).platform(new PlatformSpec(
                PlatformSpec.Systemd.NONE, PlatformSpec.Windows.DEFAULT.withFailureSteps(List.of(
                        new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RESTART, Duration.ofSeconds(10),
                                Optional.empty()),
                        new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RUN, Duration.ofMinutes(1),
                                Optional.of("C:\\ops\\notify.cmd web")),
                        new PlatformSpec.FailureStep(PlatformSpec.FailureAction.REBOOT, Duration.ofMinutes(5),
                                Optional.empty())), Optional.of(Duration.ofDays(1))),
                PlatformSpec.Launchd.DEFAULT)).build();
        Map<String, Object> r = registration(spec);
        // Written steps are taken as they are, even with restart.policy: never (auto would be none).
        assertEquals(List.of(Map.of("action", "restart", "delayMs", 10_000L),
                Map.of("action", "run-command", "delayMs", 60_000L),
                Map.of("action", "reboot", "delayMs", 300_000L)), r.get("failureActions"));
        assertEquals(86_400L, r.get("failureResetPeriodSeconds"));
        assertEquals("C:\\ops\\notify.cmd web", r.get("failureCommand"));
        assertEquals("SeShutdownPrivilege", r.get("installerPrivilege"));

        Map<String, Object> auto = registration(app().build());
        assertFalse(auto.containsKey("failureCommand"));
        assertFalse(auto.containsKey("installerPrivilege"));
    }

    @Test
    void failureStepsScmCannotHoldAreRefusedAtTheirKey() {
        PlatformSpec.Windows twoCommands = PlatformSpec.Windows.DEFAULT.withFailureSteps(List.of(
                new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RUN, Duration.ZERO, Optional.of("a.cmd")),
                new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RUN, Duration.ofDays(60),
                        Optional.of("b.cmd"))), Optional.empty());
        assertEquals(List.of("platform.windows.failureActions[1].delay", "platform.windows.failureActions[1].command"),
                problemKeys(app().platform(new PlatformSpec(PlatformSpec.Systemd.NONE, twoCommands,
                        PlatformSpec.Launchd.DEFAULT)).build()));
        PlatformSpec.Windows runKey = PlatformSpec.Windows.DEFAULT.withStop(List.of(),
                PlatformSpec.UserAutostart.RUN_KEY);
        assertEquals(List.of("platform.windows.userAutostart"), problemKeys(app().platform(new PlatformSpec(
                PlatformSpec.Systemd.NONE, runKey, PlatformSpec.Launchd.DEFAULT)).build()));
    }

    /**
     * Finding 6 of issue #16: without an explicit preshutdownTimeout, Windows Server 2022's default (10 s) would kill
     * a program that takes longer to stop at every reboot; the registration always sets one.
     */
    @Test
    void thePreshutdownTimeoutIsTheStopTimeoutPlusAMarginUnlessSet() throws UnsupportedSpecException {
        assertEquals(40_000L, registration(app().build()).get("preshutdownTimeoutMs"), "30 s default stop + 10 s");
        assertEquals(130_000L, registration(app().stop(new StopSpec(Signal.TERM, Duration.ofMinutes(2))).build())
                .get("preshutdownTimeoutMs"));
        ServiceSpec explicit = app().stop(new StopSpec(Signal.TERM, Duration.ofMinutes(2)))
                .platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows("LocalSystem",
                        Optional.empty(), PlatformSpec.FailureActions.AUTO, Optional.of(Duration.ofSeconds(15)), true),
                        PlatformSpec.Launchd.DEFAULT)).build();
        assertEquals(15_000L, registration(explicit).get("preshutdownTimeoutMs"), "an explicit value wins");
    }

    private static Map<String, String> orderedEnv(String... names) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String name : names) {
            env.put(name, "v");
        }
        return env;
    }

    private static Map<String, Object> action(long delayMs) {
        return Map.of("action", "restart", "delayMs", delayMs);
    }

    @Test
    void theStoredSpecReadsBackAsTheSameSpec() throws UnsupportedSpecException, InvalidSpecException {
        ServiceSpec spec = app().args("x y", "\"", "\\").env(Map.of("A", "1")).description("Web").build();
        Artifact file = backend.render(spec, RenderOptions.DEFAULT).artifacts().get(0);
        assertEquals("C:\\ProgramData\\svcctl\\services\\web.yaml", file.installPath());
        assertTrue(file.content().startsWith("# svcctl-managed spec=" + spec.fingerprint() + " body="));
        assertEquals(spec, SpecLoader.parse("web.yaml", file.content()).spec());
    }

    @Test
    void aReloadCommandIsRefusedAtItsKey() {
        ServiceSpec spec = ServiceSpec.builder("x", "C:\\app\\app.exe")
                .reloadExec(List.of("C:\\app\\app.exe", "--reload")).build();
        assertEquals(List.of("reload.exec"), problemKeys(spec));
    }

    @Test
    void whatScmCannotHonourIsReportedByKeyPath() {
        ServiceSpec spec = ServiceSpec.builder("x", "/usr/bin/app")
                .scope(Scope.USER).supervisor(SupervisorMode.NATIVE).workingDirectory("/var/lib/x")
                .envFiles("/etc/x.env").stop(new StopSpec(Signal.HUP, Duration.ofSeconds(5))).reloadSignal(Signal.HUP)
                .logs(new LogsSpec(LogTarget.JOURNAL, LogTarget.FILE, Optional.of("/var/log/x"), Optional.empty()))
                .user("www").group("www").env(orderedEnv("Path", "PATH"))
                .build();
        assertEquals(List.of("supervisor", "exec", "workingDirectory", "envFile[0]", "logs.dir", "stop.signal",
                "reload.signal", "logs.stdout", "user", "group", "env.PATH"), problemKeys(spec));
    }

    @Test
    void stopModeProcessCannotBeHonouredByTheJobObject() {
        assertEquals(List.of("stop.mode"), problemKeys(app().stop(new StopSpec(Signal.TERM, Duration.ofSeconds(5),
                StopMode.PROCESS)).build()));
        assertEquals(List.of(), problemKeys(app().stop(new StopSpec(Signal.TERM, Duration.ofSeconds(5),
                StopMode.GROUP)).build()));
    }

    @Test
    void templateInstancesAreSystemdOnly() {
        assertEquals(List.of("name", "dependsOn[1]"), problemKeys(ServiceSpec.builder("app@1", "C:\\app\\app.exe")
                .dependsOn(List.of("Tcpip", "postgresql@15-main")).build()));
    }

    @Test
    void commandLineProblemsNameTheArgument() {
        assertEquals(List.of("exec"), problemKeys(ServiceSpec.builder("x", "C:\\dir\\").build()));
        assertEquals(List.of("args"), problemKeys(app().args("x".repeat(40_000)).build()));
    }

    @Test
    void accountsAndPasswordsMustMatch() {
        assertEquals(List.of("platform.windows.account"), problemKeys(app().platform(windows("CORP\\u", null))
                .build()));
        assertEquals(List.of("platform.windows.passwordEnv"), problemKeys(app().platform(windows("virtual", "PW"))
                .build()));
        assertEquals(List.of(), problemKeys(app().user("www").platform(windows("virtual", null)).build()));
    }

    @Test
    void stopSignalsWindowsCanDeliver() {
        for (Signal s : Signal.values()) {
            boolean ok = s == Signal.TERM || s == Signal.INT || s == Signal.KILL;
            assertEquals(ok ? List.of() : List.of("stop.signal"),
                    problemKeys(app().stop(new StopSpec(s, Duration.ofSeconds(1))).build()), s.name());
        }
    }

    @Test
    void userScopeBecomesAnAtLogonScheduledTask() throws Exception {
        ServiceSpec spec = app().scope(Scope.USER).startup(Startup.DELAYED).description("Tray <helper> & \"co\"")
                .build();
        assertEquals(List.of(), backend.check(spec));
        Rendering r = backend.render(spec, RenderOptions.DEFAULT);
        assertEquals("scheduled-task", r.registration().get("kind"));
        assertEquals("\\svcctl\\web", r.registration().get("taskName"));
        assertEquals("\"-Djna.boot.library.path=C:\\Program Files\\svcctl\\lib\\jna\\win32-x86-64\""
                + " \"-Djna.tmpdir=%LOCALAPPDATA%\\svcctl\\jna\" \"-Dsvcctl.home=C:\\Program Files\\svcctl\""
                + " -cp \"C:\\Program Files\\svcctl\\lib\\svcctl.jar\" dev.svcctl.cli.Main"
                + " run \"%LOCALAPPDATA%\\svcctl\\services\\web.yaml\"", r.registration().get("arguments"));
        assertEquals("C:\\Program Files\\svcctl\\jre\\bin\\javaw.exe", r.registration().get("command"));
        Artifact task = r.artifacts().get(0);
        assertEquals("~/AppData/Local/svcctl/tasks/web.xml", task.installPath());
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(task.bytes()));
        assertEquals("Tray <helper> & \"co\"", doc.getElementsByTagName("Description").item(0).getTextContent());
        assertEquals("PT1M", doc.getElementsByTagName("Delay").item(0).getTextContent());
        assertEquals(r.registration().get("command"), doc.getElementsByTagName("Command").item(0).getTextContent());
        assertEquals(r.registration().get("arguments"), doc.getElementsByTagName("Arguments").item(0).getTextContent());
        assertEquals("InteractiveToken", doc.getElementsByTagName("LogonType").item(0).getTextContent());
        assertEquals(spec, SpecLoader.parse("web.yaml", r.artifacts().get(1).content()).spec());

        ServiceSpec manual = app().scope(Scope.USER).startup(Startup.MANUAL).build();
        assertEquals(0, backend.render(manual, RenderOptions.DEFAULT).artifacts().get(0).content()
                .split("LogonTrigger").length - 1);
        assertEquals(List.of("platform.windows.account", "dependsOn"), problemKeys(app().scope(Scope.USER)
                .dependsOn(List.of("x")).platform(windows("virtual", null)).build()));
    }

    /**
     * Finding 12 of issue #16: a LogonTrigger without UserId fires at every user's logon and needs an administrator
     * to register; without Priority the task runs at Task Scheduler's default 7, below normal.
     */
    @Test
    void theLogonTriggerIsTheInstallingUsersAndTheTaskRunsAtNormalPriority() throws Exception {
        WindowsBackend onWindows = new WindowsBackend(() -> null, root -> null,
                Map.of("USERDOMAIN", "CORP", "USERNAME", "ana")::get, d -> { });
        Rendering r = onWindows.render(app().scope(Scope.USER).build(), RenderOptions.DEFAULT);
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(r.artifacts().get(0).bytes()));
        var trigger = (org.w3c.dom.Element) doc.getElementsByTagName("LogonTrigger").item(0);
        assertEquals("CORP\\ana", trigger.getElementsByTagName("UserId").item(0).getTextContent());
        var settings = (org.w3c.dom.Element) doc.getElementsByTagName("Settings").item(0);
        assertEquals("4", settings.getElementsByTagName("Priority").item(0).getTextContent());
        assertEquals("CORP\\ana", r.registration().get("logonUser"));
        assertEquals(4, r.registration().get("priority"));

        Rendering local = new WindowsBackend(() -> null, root -> null, Map.of("USERNAME", "ana")::get, d -> { })
                .render(app().scope(Scope.USER).build(), RenderOptions.DEFAULT);
        assertEquals("ana", local.registration().get("logonUser"));
    }

    /**
     * Item 9 of issue #16: limits and priority were accepted and silently ignored (the job object only killed on
     * close; no priority class was set). Now they are the job's limits and the program's priority class, and render
     * shows them (the bytes the job gets and the creation flag: ProgramJobLimitsTest).
     */
    @Test
    void limitsAndPriorityAreTheProgramsJobLimitsAndPriorityClass() throws Exception {
        ServiceSpec spec = app().limits(new dev.svcctl.spec.LimitsSpec(java.util.OptionalLong.empty(),
                java.util.OptionalLong.of(64), java.util.OptionalLong.of(512L << 20), java.util.OptionalInt.of(150)))
                .priority(-5).build();
        assertEquals(List.of(), backend.check(spec));
        Map<String, Object> r = registration(spec);
        assertEquals(Map.of("killOnJobClose", true, "jobMemoryLimitBytes", 512L << 20, "activeProcessLimit", 64,
                "cpuRateHardCapPercentOfOneCpu", 150), r.get("jobLimits"), "the class is the program's, not the job's");
        assertEquals("ABOVE_NORMAL_PRIORITY_CLASS", r.get("priorityClass"));
        assertEquals(Map.of("killOnJobClose", true), registration(app().build()).get("jobLimits"));
        assertFalse(registration(app().build()).containsKey("priorityClass"));

        ServiceSpec openFiles = app().limits(new dev.svcctl.spec.LimitsSpec(java.util.OptionalLong.of(1024),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), java.util.OptionalInt.empty())).build();
        assertEquals(List.of("limits.openFiles"), problemKeys(openFiles));
    }

    /** cpuAffinity is refused at its key until the host applies it; hooks and onExit run in the service host. */
    @Test
    void cpuAffinityIsRefusedAndHooksAndOnExitAreTheServiceHostsOwn() {
        ServiceSpec hooked = app().hooks(new dev.svcctl.spec.HooksSpec(List.of("C:\\app\\migrate.exe", "--check"),
                        List.of("cleanup"), java.time.Duration.ofSeconds(30)))
                .restart(RestartSpec.DEFAULT.withOnExit(Map.of(3, dev.svcctl.spec.ExitAction.STOP))).build();
        assertEquals(List.of(), backend.check(hooked));
        List<SpecProblem> pinned = backend.check(app().cpuAffinity(List.of(0, 2)).build());
        assertEquals(List.of("cpuAffinity"), pinned.stream().map(SpecProblem::keyPath).toList());
        assertTrue(pinned.get(0).hint().orElseThrow().startsWith("remove it for Windows"), pinned.toString());
        List<SpecProblem> posixHook = backend.check(app().hooks(new dev.svcctl.spec.HooksSpec(List.of(),
                List.of("/opt/app/cleanup"), java.time.Duration.ofSeconds(30))).build());
        assertEquals(List.of("hooks.postStop[0]"), posixHook.stream().map(SpecProblem::keyPath).toList());
    }

    /** The shipped Windows example validates and renders what install applies (issue #16 acceptance). */
    @Test
    void theWindowsExampleRendersTheLogonRightAndThePreshutdownTimeout() throws Exception {
        ServiceSpec example = SpecLoader.load(java.nio.file.Path.of("..", "examples", "windows.yaml")).spec();
        assertEquals(List.of(), backend.check(example));
        Map<String, Object> r = registration(example);
        assertEquals("gmsa", r.get("accountKind"));
        assertEquals("SeServiceLogonRight", r.get("logonRight"));
        assertEquals(90_000L, r.get("preshutdownTimeoutMs"));
        assertEquals(List.of(), r.get("failureActions"));
        assertEquals(Map.of("killOnJobClose", true, "jobMemoryLimitBytes", 2L << 30, "activeProcessLimit", 64,
                "cpuRateHardCapPercentOfOneCpu", 200), r.get("jobLimits"));
        assertEquals("ABOVE_NORMAL_PRIORITY_CLASS", r.get("priorityClass"));
        assertEquals(List.of("ctrlC", "wmClose", "terminate"), r.get("stopMethods"));
    }

    private static Host host(String osName) {
        return new Host() {
            @Override
            public String osName() {
                return osName;
            }

            @Override
            public boolean exists(String path) {
                return false;
            }
        };
    }

    private static PlatformSpec sid(String account, PlatformSpec.SidType sidType, List<String> privileges) {
        return new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(account, Optional.empty(),
                PlatformSpec.FailureActions.AUTO, Optional.empty(), true, Optional.ofNullable(sidType),
                Optional.ofNullable(privileges)), PlatformSpec.Launchd.DEFAULT);
    }

    @Test
    void hardeningPresetsSetTheServiceSidTypeAndTheRequiredPrivileges() throws UnsupportedSpecException {
        Map<String, Object> none = registration(app().build());
        assertEquals("none", none.get("sidType"));
        assertEquals(List.of(), none.get("requiredPrivileges"));
        assertFalse(none.containsKey("serviceSidType"), "the older key is there only with a service SID");

        Map<String, Object> basic = registration(app().hardening(Hardening.BASIC).build());
        assertEquals("unrestricted", basic.get("sidType"));
        assertEquals("unrestricted", basic.get("serviceSidType"));
        assertEquals(List.of(), basic.get("requiredPrivileges"));

        ServiceSpec strictSpec = app().hardening(Hardening.STRICT).build();
        assertEquals(List.of(), problemKeys(strictSpec));
        Map<String, Object> strict = registration(strictSpec);
        assertEquals("restricted", strict.get("sidType"));
        assertEquals(List.of("SeChangeNotifyPrivilege"), strict.get("requiredPrivileges"));
    }

    @Test
    void explicitSidTypeAndPrivilegesOverrideThePreset() throws UnsupportedSpecException {
        Map<String, Object> r = registration(app().hardening(Hardening.STRICT).platform(sid("LocalSystem",
                PlatformSpec.SidType.UNRESTRICTED, List.of("SeChangeNotifyPrivilege", "SeImpersonatePrivilege")))
                .build());
        assertEquals("unrestricted", r.get("sidType"));
        assertEquals(List.of("SeChangeNotifyPrivilege", "SeImpersonatePrivilege"), r.get("requiredPrivileges"));

        // strict's SID with every privilege of the account; none as the SID with strict's privileges.
        Map<String, Object> allPrivileges = registration(app().hardening(Hardening.STRICT)
                .platform(sid("LocalSystem", null, List.of())).build());
        assertEquals("restricted", allPrivileges.get("sidType"));
        assertEquals(List.of(), allPrivileges.get("requiredPrivileges"));
        Map<String, Object> noSid = registration(app().hardening(Hardening.STRICT)
                .platform(sid("LocalService", PlatformSpec.SidType.NONE, null)).build());
        assertEquals("none", noSid.get("sidType"));
        assertEquals(List.of("SeChangeNotifyPrivilege"), noSid.get("requiredPrivileges"));

        // Without hardening the keys alone apply.
        Map<String, Object> keysOnly = registration(app().platform(sid("LocalSystem", PlatformSpec.SidType.RESTRICTED,
                List.of("SeCreateGlobalPrivilege"))).build());
        assertEquals("restricted", keysOnly.get("sidType"));
        assertEquals(List.of("SeCreateGlobalPrivilege"), keysOnly.get("requiredPrivileges"));
    }

    @Test
    void aVirtualAccountHasAServiceSidSoSidTypeNoneIsRefusedThere() throws UnsupportedSpecException {
        assertEquals("unrestricted", registration(app().platform(sid("virtual", null, null)).build()).get("sidType"));
        assertEquals("restricted", registration(app().hardening(Hardening.STRICT).platform(sid("virtual", null, null))
                .build()).get("sidType"));
        List<SpecProblem> problems = backend.check(app().platform(sid("virtual", PlatformSpec.SidType.NONE, null))
                .build());
        assertEquals(List.of("platform.windows.sidType"), problems.stream().map(SpecProblem::keyPath).toList());
        assertTrue(problems.get(0).message().contains("NT SERVICE\\web"), problems.get(0).message());
    }

    @Test
    void aUserScopeTaskHasNoServiceSidSoHardeningAndItsKeysAreRefusedAtTheirKeys() {
        List<SpecProblem> problems = backend.check(app().scope(Scope.USER).hardening(Hardening.BASIC)
                .platform(sid("LocalSystem", PlatformSpec.SidType.RESTRICTED, List.of("SeChangeNotifyPrivilege")))
                .build());
        assertEquals(List.of("hardening", "platform.windows.sidType", "platform.windows.requiredPrivileges"),
                problems.stream().map(SpecProblem::keyPath).toList());
    }

    @Test
    void aDependencyOnASystemdUnitOfAnyTypeIsRefusedAtItsEntryAndServiceNamesAreKept()
            throws UnsupportedSpecException {
        ServiceSpec spec = app().dependsOn(List.of("postgresql", "syslog.socket", "remote-fs.target", "app.service",
                "Tcpip", "var-lib.mount", "a.b-c")).build();
        List<SpecProblem> problems = backend.check(spec);
        assertEquals(List.of("dependsOn[1]", "dependsOn[2]", "dependsOn[3]", "dependsOn[5]"),
                problems.stream().map(SpecProblem::keyPath).toList());
        assertTrue(problems.get(0).message().contains("systemd socket unit"), problems.get(0).message());
        assertTrue(problems.get(0).hint().orElseThrow().contains("EventLog"), problems.get(0).hint().toString());
        assertTrue(problems.get(2).hint().orElseThrow().contains("'app'"), problems.get(2).hint().toString());

        ServiceSpec plain = app().dependsOn(List.of("postgresql", "Tcpip", "a.b-c")).build();
        assertEquals(List.of(), problemKeys(plain));
        assertEquals(List.of("postgresql", "Tcpip", "a.b-c"), registration(plain).get("dependencies"));
    }

    @Test
    void notifyPidFileAndWatchdogAreRefusedAtTheirKeysAndProbesAreTheHostsToRun() {
        var builder = ServiceSpec.builder("app", "C:\\app\\app.exe");
        List<SpecProblem> notify = backend.check(builder.readiness(ReadinessSpec.notify(Duration.ofSeconds(30)))
                .watchdog(Duration.ofSeconds(10)).build());
        assertEquals(List.of("readiness.notify", "watchdog"), notify.stream().map(SpecProblem::keyPath).toList());
        assertTrue(notify.get(0).hint().orElseThrow().contains("readiness.tcp, http or exec"), notify.get(0).toString());

        ServiceSpec pidFile = ServiceSpec.builder("app", "C:\\app\\app.exe").readiness(new ReadinessSpec(
                ReadinessSpec.Kind.PID_FILE, "/run/app.pid", List.of(), Duration.ofSeconds(30))).build();
        assertEquals(List.of("readiness.pidFile"), problemKeys(pidFile));

        for (ReadinessSpec probe : List.of(
                new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:80", List.of(), Duration.ofSeconds(30)),
                new ReadinessSpec(ReadinessSpec.Kind.HTTP, "http://127.0.0.1/", List.of(), Duration.ofSeconds(30)),
                new ReadinessSpec(ReadinessSpec.Kind.EXEC, "", List.of("C:\\app\\ready.exe"), Duration.ofSeconds(30)))) {
            assertEquals(List.of(), problemKeys(ServiceSpec.builder("app", "C:\\app\\app.exe").readiness(probe)
                    .build()), probe.kind().key());
        }
    }
}
