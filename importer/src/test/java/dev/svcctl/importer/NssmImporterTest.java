package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecWriter;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each NSSM test file (dumps and registry exports) imports to the values and warnings written down here. */
class NssmImporterTest {
    private static final NssmImporter NSSM = new NssmImporter();

    static List<String> files() {
        return ImportFiles.all("nssm");
    }

    private static ImportResult read(String file) throws ImportException {
        return NSSM.read(ImportFiles.source("nssm/" + file));
    }

    private static ServiceSpec only(ImportResult r) {
        assertEquals(1, r.specs().size(), "one service");
        return r.specs().get(0);
    }

    /** The warnings about {@code setting}, as text. */
    private static List<String> warnings(ImportResult r, String setting) {
        return r.warnings().stream().filter(w -> w.setting().equals(setting)).map(ImportWarning::describe).toList();
    }

    private static void assertWarned(ImportResult r, String setting, String part) {
        assertTrue(warnings(r, setting).stream().anyMatch(w -> w.contains(part)),
                "a warning on " + setting + " saying '" + part + "' among " + describe(r));
    }

    private static String describe(ImportResult r) {
        return String.join("\n", r.warnings().stream().map(ImportWarning::describe).toList());
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyFileIsRecognizedImportedAndGivesSpecsThatLoadAgain(String file) throws Exception {
        SourceFile source = ImportFiles.source(file);
        assertTrue(NSSM.recognizes(source), file);
        assertFalse(new WinswImporter().recognizes(source), file);
        ImportResult result = NSSM.read(source);
        assertFalse(result.specs().isEmpty());
        for (ImportWarning w : result.warnings()) {
            assertEquals(file, w.file());
            assertTrue(w.line() >= 1, w.describe());
        }
        for (ServiceSpec spec : result.specs()) {
            String yaml = SpecWriter.write(spec);
            ServiceSpec loaded = SpecLoader.parse(spec.name() + ".yaml", yaml.getBytes(StandardCharsets.UTF_8)).spec();
            assertEquals(spec.argv(), loaded.argv(), yaml);
            assertEquals(spec.env(), loaded.env(), yaml);
        }
    }

    @Test
    void plainDump() throws Exception {
        ImportResult r = read("dump-plain.txt");
        ServiceSpec s = only(r);
        assertEquals("web", s.name());
        assertEquals(List.of("C:\\nodejs\\node.exe", "server.js", "--port", "8080"), s.argv());
        assertEquals(Optional.of("C:\\apps\\web"), s.workingDirectory());
        assertEquals("Web API", s.displayName());
        assertEquals(Optional.of("Serves the public web API"), s.description());
        assertEquals(Startup.AUTO, s.startup());
        assertEquals("LocalSystem", s.platform().windows().account());
        assertEquals(RestartPolicy.ALWAYS, s.restart().policy());
        assertEquals(LogTarget.DISCARD, s.logs().stdout());
        assertEquals(new dev.svcctl.spec.StopSpec(Signal.TERM, Duration.ofMillis(1500)), s.stop());
        assertEquals(List.of(), r.warnings(), describe(r));
    }

    @Test
    void dumpWithQuotesEnvironmentAndDependencies() throws Exception {
        ImportResult r = read("dump-quotes.txt");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\Program Files\\My App\\app.exe", "--config", "C:\\Program Files\\My App\\conf.yml",
                "--title", "say \"hi\"", "--empty", ""), s.argv());
        assertEquals(Map.of("LANG", "de_DE.UTF-8", "GREETING", "grüß dich"), s.env());
        assertEquals(List.of("Tcpip", "Dnscache"), s.dependsOn());
        assertEquals(List.of(), r.warnings(), describe(r));
    }

    @Test
    void dumpWithBackslashesAndRotatedLogs() throws Exception {
        ImportResult r = read("dump-backslashes.txt");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\svc\\files.exe", "--root", "C:\\data\\", "--pattern", "a\\\"b", "--unc",
                "\\\\server\\share\\", "--trail", "C:\\dir\\"), s.argv());
        assertEquals(LogTarget.FILE, s.logs().stdout());
        assertEquals(LogTarget.FILE, s.logs().stderr());
        assertEquals(Optional.of("C:\\logs\\files"), s.logs().dir());
        assertEquals(OptionalLong.of(10485760), s.logs().rotate().orElseThrow().size());
        assertEquals(RotateEvery.NONE, s.logs().rotate().orElseThrow().every());
        assertEquals(List.of(), r.warnings(), describe(r));
    }

    @Test
    void percentSignsStayLiteralAndAreReported() throws Exception {
        ImportResult r = read("dump-percent.txt");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\Java\\bin\\java.exe", "-jar", "C:\\app\\app.jar", "--path", "%PATH%", "--literal",
                "100%%", "--home", "%USERPROFILE%\\x"), s.argv());
        assertEquals("-Xmx1g -Dfile.encoding=UTF-8", s.env().get("JAVA_OPTS"));
        assertEquals("%ProgramFiles%\\tools", s.env().get("TOOLS"));
        assertWarned(r, "AppParameters", "%PATH%");
        assertWarned(r, "AppEnvironmentExtra", "%ProgramFiles%");
        assertEquals(2, r.warnings().stream().filter(w -> w.setting().equals("AppParameters")).findFirst()
                .orElseThrow().line(), "the line of `nssm set javasvc AppParameters`");
    }

    @Test
    void unicodeNamesArgumentsAndExitActions() throws Exception {
        ImportResult r = read("dump-unicode.txt");
        ServiceSpec s = only(r);
        assertEquals("Data-Sync", s.name());
        assertEquals("Data Sync", s.displayName());
        assertEquals(List.of("C:\\Ünïcödé\\日本\\sync.exe", "--label", "Grüße 日本", "--emoji", "\uD83D\uDE00",
                "--nbsp", "a\u00A0b"), s.argv());
        assertEquals(RestartPolicy.NEVER, s.restart().policy());
        assertEquals(Startup.MANUAL, s.startup());
        assertWarned(r, "service name", "Data Sync");
        assertWarned(r, "AppExit", "exit code 3 only");
    }

    @Test
    void exitCodesThrottleAndStopMethods() throws Exception {
        ImportResult r = read("dump-exitcodes.txt");
        ServiceSpec s = only(r);
        assertEquals(RestartPolicy.ON_FAILURE, s.restart().policy());
        assertEquals(List.of(0, 2, 5), s.restart().successExitCodes());
        assertEquals(Duration.ofSeconds(5), s.restart().delay());
        assertEquals(Optional.of(Duration.ofSeconds(128)), s.restart().maxDelay());
        assertEquals(Duration.ofSeconds(10), s.restart().window());
        assertEquals(10000, s.restart().burst());
        assertEquals(Signal.TERM, s.stop().signal());
        assertEquals(Duration.ofSeconds(20), s.stop().timeout());
        assertEquals(StopMode.PROCESS, s.stop().mode());
        assertEquals(Startup.DELAYED, s.startup());
        assertWarned(r, "AppExit", "Ignore on exit code 5");
        assertWarned(r, "AppRestartDelay", "throttle");
        assertWarned(r, "AppKillProcessTree", "stop.mode: process");
    }

    @Test
    void domainAccountPriorityAffinityAndConsole() throws Exception {
        ImportResult r = read("dump-account.txt");
        ServiceSpec s = only(r);
        assertEquals("CORP\\svc_reports", s.platform().windows().account());
        assertEquals(OptionalInt.of(10), s.priority());
        assertEquals(List.of("C:\\reports\\reports.exe"), s.argv());
        assertWarned(r, "ObjectName", "passwordEnv");
        assertWarned(r, "AppPriority", "priority 10");
        assertWarned(r, "AppAffinity", "0-1");
        assertWarned(r, "AppNoConsole", "console");
    }

    @Test
    void hooksReplacedEnvironmentAndSharedLogFile() throws Exception {
        ImportResult r = read("dump-hooks.txt");
        ServiceSpec s = only(r);
        assertEquals(Map.of("TEMP", "C:\\tmp", "TMP", "C:\\tmp"), s.env());
        assertEquals("LocalService", s.platform().windows().account());
        assertEquals(Optional.of("C:\\logs"), s.logs().dir());
        assertWarned(r, "AppEnvironment", "only these variables");
        assertWarned(r, "AppEvents Start/Pre", "prepare.cmd");
        assertWarned(r, "AppRedirectHook", "hooks");
        assertWarned(r, "AppStderr", "one file");
        assertWarned(r, "AppStdoutCreationDisposition", "truncates");
        assertWarned(r, "AppTimestampLog", "time stamps");
    }

    @Test
    void quotedNssmPathCaretsAndRunsOfQuotes() throws Exception {
        ImportResult r = read("dump-quoted-nssm.txt");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\sql\\runner.exe", "--sql", "SELECT \"x\" FROM t", "--ok", "", ""), s.argv());
        assertEquals("R&D ^ <Tools> | 50%", s.displayName());
        assertEquals(Optional.of("Runs \"nightly\" SQL & reports"), s.description());
        assertEquals(Startup.DISABLED, s.startup());
        assertWarned(r, "AppParameters", "CommandLineToArgvW");
    }

    @Test
    void twoServicesInOneDump() throws Exception {
        ImportResult r = read("dump-two-services.txt");
        assertEquals(2, r.specs().size());
        assertEquals(List.of("C:\\svc\\api.exe", "--mode", "api"), r.specs().get(0).argv());
        assertEquals(List.of("C:\\svc\\queue.exe", "--mode", "queue", "--name", "queue 1"), r.specs().get(1).argv());
        assertEquals(List.of("api"), r.specs().get(1).dependsOn());
    }

    @Test
    void registryExportInUtf16() throws Exception {
        ImportResult r = read("reg-basic.reg");
        ServiceSpec s = only(r);
        assertEquals("billing", s.name());
        assertEquals(List.of("C:\\billing\\bin\\billing.exe", "--port", "8080", "--name", "Billing API"), s.argv());
        assertEquals(Optional.of("C:\\billing"), s.workingDirectory());
        assertEquals(Startup.DELAYED, s.startup());
        assertEquals(List.of("Tcpip", "LanmanWorkstation"), s.dependsOn());
        assertEquals(Optional.of("Serves invoices"), s.description());
        assertEquals(Optional.of("C:\\billing\\logs"), s.logs().dir());
        assertEquals(RotateEvery.DAILY, s.logs().rotate().orElseThrow().every());
        assertEquals(RestartPolicy.ALWAYS, s.restart().policy());
        assertWarned(r, "AppStdout", "stdout.log");
        assertWarned(r, "AppRotateOnline", "only when the service starts");
    }

    @Test
    void plainRegistryStringsWithRegEscapes() throws Exception {
        ImportResult r = read("reg-plain-utf8.reg");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\msg\\msg.exe", "--msg", "hello world", "--dir", "C:\\data\\", "--q", "a\"b"),
                s.argv());
        assertEquals(List.of(), r.warnings(), describe(r));
    }

    @Test
    void multiStringEnvironmentIgnoresCaseOfNames() throws Exception {
        ImportResult r = read("reg-multisz-env.reg");
        ServiceSpec s = only(r);
        assertEquals(List.of("APP_MODE", "QUOTE", "lang"), List.copyOf(s.env().keySet()));
        assertEquals("\"x\" y", s.env().get("QUOTE"));
        assertEquals("en_US.UTF-8", s.env().get("lang"));
        assertEquals(Startup.MANUAL, s.startup());
        assertWarned(r, "AppEnvironmentExtra", "ProgramFiles(x86)");
    }

    @Test
    void exitDefaultWithRestartCodesAndNoCtrlC() throws Exception {
        ImportResult r = read("reg-exit-codes.reg");
        ServiceSpec s = only(r);
        assertEquals(RestartPolicy.NEVER, s.restart().policy());
        assertEquals(Duration.ofSeconds(2), s.restart().delay());
        assertEquals(Optional.empty(), s.restart().maxDelay());
        assertEquals(Signal.KILL, s.stop().signal());
        assertEquals(2, warnings(r, "AppExit").size(), describe(r));
        assertWarned(r, "AppStopMethodSkip", "KILL");
        assertWarned(r, "AppStopMethodSkip", "WM_CLOSE");
    }

    @Test
    void gmsaSidPrivilegesPreshutdownAndFailureActions() throws Exception {
        ImportResult r = read("reg-account-gmsa.reg");
        ServiceSpec s = only(r);
        PlatformSpec.Windows w = s.platform().windows();
        assertEquals("CORP\\svc-web$", w.account());
        assertEquals(Optional.of(PlatformSpec.SidType.UNRESTRICTED), w.sidType());
        assertEquals(Optional.of(List.of("SeChangeNotifyPrivilege", "SeCreateGlobalPrivilege")),
                w.requiredPrivileges());
        assertEquals(Optional.of(Duration.ofMinutes(3)), w.preshutdownTimeout());
        assertEquals(OptionalInt.of(-5), s.priority());
        assertEquals(List.of(), warnings(r, "ObjectName"));
        assertWarned(r, "FailureActions", "failureActions: auto");
    }

    @Test
    void hostileRegistryParameters() throws Exception {
        ImportResult r = read("reg-hostile.reg");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\Temp Dir\\tool.exe", "C:\\Temp Dir\\", "a\\\\b c", "", "日本", "x\"y", "tail\\"),
                s.argv());
        assertEquals("Hostile «Ärger»", s.displayName());
        assertWarned(r, "AppParameters", "CommandLineToArgvW");
        assertWarned(r, "AppEvents Exit/Post", "notify.cmd");
        assertWarned(r, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\hostile\\Security", "subkey");
    }

    @Test
    void twoServicesFromAnotherControlSet() throws Exception {
        ImportResult r = read("reg-two-services.reg");
        assertEquals(2, r.specs().size());
        ServiceSpec alpha = r.specs().get(0);
        ServiceSpec beta = r.specs().get(1);
        assertEquals(Startup.DISABLED, alpha.startup());
        assertEquals(Optional.of("C:\\alpha\\bin"), alpha.workingDirectory());
        assertEquals(List.of("C:\\alpha\\bin\\alpha.exe"), alpha.argv());
        assertEquals(Startup.MANUAL, beta.startup());
        assertEquals("NetworkService", beta.platform().windows().account());
        assertEquals(List.of("alpha"), beta.dependsOn());
        assertEquals(List.of("C:\\beta\\beta.exe", "--peer", "alpha"), beta.argv());
    }

    @Test
    void aDumpLineWithAnUnescapedOperatorIsRefusedAtItsLine() {
        SourceFile edited = new SourceFile("edited.txt", "nssm install x C:\\x.exe\r\nnssm set x AppParameters a & b\r\n");
        ImportException e = assertThrows(ImportException.class, () -> NSSM.read(edited));
        assertEquals(2, e.line());
        assertEquals("edited.txt", e.file());
    }

    @Test
    void anUnescapedPercentInAHandWrittenLineIsReported() throws Exception {
        SourceFile edited = new SourceFile("edited.txt", "nssm install x C:\\x.exe\nnssm set x AppParameters %HOME%\n");
        ImportResult r = NSSM.read(edited);
        assertEquals(List.of("C:\\x.exe", "%HOME%"), only(r).argv());
        assertWarned(r, "line", "cmd.exe expands %HOME%");
    }

    @Test
    void otherFilesAreNotRecognized() {
        assertFalse(NSSM.recognizes(new SourceFile("a.service", "[Service]\nExecStart=/bin/true\n")));
        assertFalse(NSSM.recognizes(new SourceFile("x.reg", "Windows Registry Editor Version 5.00\r\n\r\n"
                + "[HKEY_CURRENT_USER\\Software\\x]\r\n\"a\"=\"b\"\r\n")));
        assertThrows(ImportException.class, () -> NSSM.read(new SourceFile("x.txt", "hello\n")));
    }

    @Test
    void aRegistryExportWithoutAByteOrderMarkIsStillReadAsUtf16() throws Exception {
        String text = "Windows Registry Editor Version 5.00\r\n\r\n"
                + "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\grüße]\r\n"
                + "\"DisplayName\"=\"Grüße\"\r\n\r\n"
                + "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\grüße\\Parameters]\r\n"
                + "\"Application\"=\"C:\\\\g\\\\g.exe\"\r\n";
        SourceFile source = SourceFile.decode("g.reg", text.getBytes(StandardCharsets.UTF_16LE));
        assertTrue(NSSM.recognizes(source));
        ImportResult r = NSSM.read(source);
        assertEquals("Grüße", only(r).displayName());
        assertEquals("gr--e", only(r).name());
        assertEquals(List.of("C:\\g\\g.exe"), only(r).argv());
    }
}
