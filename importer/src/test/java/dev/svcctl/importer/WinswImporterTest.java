package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecWriter;
import dev.svcctl.spec.Startup;
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

/** Each WinSW test file imports to the values and warnings written down here. */
class WinswImporterTest {
    private static final WinswImporter WINSW = new WinswImporter();

    static List<String> files() {
        return ImportFiles.all("winsw");
    }

    private static ImportResult read(String file) throws ImportException {
        return WINSW.read(ImportFiles.source("winsw/" + file));
    }

    private static ServiceSpec only(ImportResult r) {
        assertEquals(1, r.specs().size());
        return r.specs().get(0);
    }

    private static void assertWarned(ImportResult r, String setting, String part) {
        assertTrue(r.warnings().stream().anyMatch(w -> w.setting().equals(setting) && w.message().contains(part)),
                "a warning on " + setting + " saying '" + part + "' among\n" + describe(r));
    }

    private static void assertNotWarned(ImportResult r, String setting) {
        assertTrue(r.warnings().stream().noneMatch(w -> w.setting().equals(setting)),
                "no warning on " + setting + " among\n" + describe(r));
    }

    private static String describe(ImportResult r) {
        return String.join("\n", r.warnings().stream().map(ImportWarning::describe).toList());
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyFileIsRecognizedImportedAndGivesASpecThatLoadsAgain(String file) throws Exception {
        SourceFile source = ImportFiles.source(file);
        assertTrue(WINSW.recognizes(source), file);
        assertFalse(new NssmImporter().recognizes(source), file);
        ImportResult result = WINSW.read(source);
        for (ImportWarning w : result.warnings()) {
            assertEquals(file, w.file());
            assertTrue(w.line() >= 1, w.describe());
        }
        ServiceSpec spec = only(result);
        String yaml = SpecWriter.write(spec);
        ServiceSpec loaded = SpecLoader.parse(spec.name() + ".yaml", yaml.getBytes(StandardCharsets.UTF_8)).spec();
        assertEquals(spec.argv(), loaded.argv(), yaml);
        assertEquals(spec.env(), loaded.env(), yaml);
    }

    @Test
    void jenkinsFromWinswsOwnExample() throws Exception {
        ImportResult r = read("jenkins.xml");
        ServiceSpec s = only(r);
        assertEquals("jenkins", s.name());
        assertEquals("Jenkins", s.displayName());
        assertEquals(List.of("java", "-Xrs", "-Xmx256m", "-jar", "%BASE%\\jenkins.war", "--httpPort=8080"), s.argv());
        assertEquals(Map.of("JENKINS_HOME", "%BASE%"), s.env());
        assertEquals(Optional.of(new RotateSpec(OptionalLong.of(10240L * 1024), RotateEvery.NONE, 8, false,
                OptionalLong.empty())), s.logs().rotate());
        assertEquals(RestartPolicy.NEVER, s.restart().policy());
        assertEquals(Duration.ofSeconds(15), s.stop().timeout());
        assertWarned(r, "arguments", "%BASE%");
        assertWarned(r, "env", "%BASE%");
        assertWarned(r, "workingdirectory", "%BASE%");
        assertWarned(r, "logpath", "logs.dir");
        assertEquals(9, r.warnings().stream().filter(w -> w.setting().equals("arguments")).findFirst()
                .orElseThrow().line());
    }

    @Test
    void v3AccountRollingLogsAndFailureActions() throws Exception {
        ImportResult r = read("v3-account-roll.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\orders\\bin\\orders.exe", "--port", "9000", "--db", "Server=db1;Database=orders"),
                s.argv());
        assertEquals(".\\svc-orders", s.platform().windows().account());
        assertEquals(Optional.of("C:\\logs\\orders"), s.logs().dir());
        assertEquals(OptionalLong.of(20480L * 1024), s.logs().rotate().orElseThrow().size());
        assertEquals(5, s.logs().rotate().orElseThrow().keep());
        assertEquals(RestartPolicy.ON_FAILURE, s.restart().policy());
        assertEquals(Duration.ofSeconds(10), s.restart().delay());
        assertEquals(Optional.of(Duration.ofSeconds(20)), s.restart().maxDelay());
        assertEquals(2, s.restart().burst());
        assertEquals(Duration.ofHours(1), s.restart().window());
        assertEquals(Duration.ofSeconds(30), s.stop().timeout());
        assertEquals(Startup.DELAYED, s.startup());
        assertEquals(List.of("Tcpip", "MSSQLSERVER"), s.dependsOn());
        assertWarned(r, "password", "passwordEnv");
        assertWarned(r, "onfailure", "doubles");
        assertNotWarned(r, "logpath");
    }

    @Test
    void hostileArgumentsAndXmlEscapes() throws Exception {
        ImportResult r = read("hostile-arguments.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\Program Files\\Hostile\\tool.exe", "--title", "say \"hi\"", "--root", "C:\\data\\",
                "--empty", "", "--tab", "a\tb", "--amp", "a&b", "--lt", "<x>", "--trail", "C:\\dir\\"), s.argv());
        assertNotWarned(r, "arguments");
    }

    @Test
    void argumentElementsJoinedAsWinsw2JoinsThem() throws Exception {
        ImportResult r = read("argument-elements.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\legacy\\legacy.exe", "--name", "My Service", "--plain", "already quoted", "--dir",
                "C:\\Program Files\\x\" last"), s.argv());
        assertWarned(r, "argument", "not the 7 values as written");
    }

    @Test
    void lineBreaksInArgumentsReachTheProgram() throws Exception {
        ImportResult r = read("multiline-arguments.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\Java\\jdk-17\\bin\\java.exe", "\n", "-Dapp.mode=prod\n", "-jar",
                "C:\\app\\app.jar\n"), s.argv());
        assertEquals(Duration.ofMinutes(1), s.stop().timeout());
        assertWarned(r, "arguments", "line breaks");
    }

    @Test
    void envElementsExpandInOrderAndIgnoreCase() throws Exception {
        ImportResult r = read("env-chain.xml");
        ServiceSpec s = only(r);
        assertEquals("C:\\app\\bin\\app.exe", s.exec());
        assertEquals(List.of("--home", "C:\\app", "--mode", "staging"), s.args());
        assertEquals(Optional.of("C:\\app"), s.workingDirectory());
        assertEquals(Optional.of("C:\\app\\logs"), s.logs().dir());
        assertEquals(List.of("APP_HOME", "APP_BIN", "APP_MODE"), List.copyOf(s.env().keySet()));
        assertEquals("C:\\app\\bin;%PATH%", s.env().get("APP_BIN"));
        assertEquals("staging", s.env().get("APP_MODE"));
        assertWarned(r, "env", "%PATH%");
        assertWarned(r, "env", "ProgramFiles(x86)");
        assertNotWarned(r, "executable");
    }

    @Test
    void noLogsHighPriorityAndElementsSvcctlDoesNotHave() throws Exception {
        ImportResult r = read("no-logs-priority.xml");
        ServiceSpec s = only(r);
        assertEquals(LogTarget.DISCARD, s.logs().stdout());
        assertEquals(LogTarget.DISCARD, s.logs().stderr());
        assertEquals(OptionalInt.of(-10), s.priority());
        assertEquals(Startup.MANUAL, s.startup());
        assertWarned(r, "priority", "priority -10");
        assertWarned(r, "stopparentprocessfirst", "Ctrl-C");
        assertWarned(r, "download", "not imported");
        assertWarned(r, "beeponshutdown", "not imported");
    }

    @Test
    void gmsaAndPreshutdown() throws Exception {
        ImportResult r = read("gmsa-preshutdown.xml");
        ServiceSpec s = only(r);
        assertEquals("CORP\\gmsa-web$", s.platform().windows().account());
        assertEquals(Optional.of(Duration.ofMinutes(3)), s.platform().windows().preshutdownTimeout());
        assertEquals(RestartPolicy.ON_FAILURE, s.restart().policy());
        assertEquals(Duration.ofSeconds(5), s.restart().delay());
        assertEquals(10000, s.restart().burst());
        assertEquals(Duration.ofDays(1), s.restart().window());
        assertNotWarned(r, "serviceaccount");
    }

    @Test
    void winsw2DomainAndUser() throws Exception {
        ImportResult r = read("v2-domain-user.xml");
        ServiceSpec s = only(r);
        assertEquals("CORP\\svc_ledger", s.platform().windows().account());
        assertEquals(Duration.ZERO, s.restart().delay());
        assertWarned(r, "password", "not imported");
    }

    @Test
    void trailingBackslashBeforeAQuoteSwallowsTheRest() throws Exception {
        ImportResult r = read("roll-by-time.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\ingest\\ingest.exe", "--source", "\\\\fileserver\\drop zone\" --batch 500"),
                s.argv());
        assertEquals(RotateEvery.DAILY, s.logs().rotate().orElseThrow().every());
        assertEquals(Optional.empty(), s.logs().dir());
        assertWarned(r, "logpath", "%ProgramData%");
        assertWarned(r, "logpath", "not an absolute path");
    }

    @Test
    void rollBySizeAndTime() throws Exception {
        ImportResult r = read("roll-by-size-time.xml");
        RotateSpec rotate = only(r).logs().rotate().orElseThrow();
        assertEquals(OptionalLong.of(10L * 1024 * 1024), rotate.size());
        assertEquals(RotateEvery.HOURLY, rotate.every());
        assertWarned(r, "autoRollAtTime", "not imported");
        assertWarned(r, "zipOlderThanNumDays", "not imported");
    }

    @Test
    void unicodeIdNameAndArguments() throws Exception {
        ImportResult r = read("unicode.xml");
        ServiceSpec s = only(r);
        assertEquals("sync--n-", s.name());
        assertEquals("同期サービス", s.displayName());
        assertEquals(List.of("C:\\Ünïcödé\\日本\\sync.exe", "--label", "Grüße 日本", "--emoji", "\uD83D\uDE00",
                "--percent", "100%%", "--nbsp", "a\u00A0b"), s.argv());
        assertWarned(r, "id", "sync ünï");
    }

    @Test
    void rebootDisabledAndUnknownElements() throws Exception {
        ImportResult r = read("reboot-disabled.xml");
        ServiceSpec s = only(r);
        assertEquals(RestartPolicy.NEVER, s.restart().policy());
        assertEquals(Startup.DISABLED, s.startup());
        assertEquals(Duration.ofSeconds(15), s.stop().timeout());
        assertWarned(r, "onfailure", "reboot");
        assertWarned(r, "interactive", "desktop");
        assertWarned(r, "StopTimeout", "case-sensitive");
        assertWarned(r, "foo", "not a WinSW element");
    }

    @Test
    void extensionsAndStopCommands() throws Exception {
        ImportResult r = read("extensions.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\agent\\agent.exe", "run", "--config", "C:\\agent\\agent.yml"), s.argv());
        for (String element : List.of("startarguments", "stopexecutable", "stoparguments", "hidewindow", "waithint",
                "sleeptime", "extensions")) {
            assertWarned(r, element, "");
        }
    }

    @Test
    void pythonAppWithRunsOfQuotes() throws Exception {
        ImportResult r = read("python-app.xml");
        ServiceSpec s = only(r);
        assertEquals(List.of("C:\\Python312\\python.exe", "-m", "my app.main", "--opt=a b", "--backslash",
                "C:\\dir\\\\", "--quote=\"x\"", "--sql", "SELECT \"y\" FROM t"), s.argv());
        assertEquals(Map.of("PYTHONUNBUFFERED", "1", "PYTHONPATH", "C:\\pyapp\\lib"), s.env());
        assertWarned(r, "arguments", "CommandLineToArgvW");
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverRead() {
        ImportException e = assertThrows(ImportException.class,
                () -> WINSW.read(ImportFiles.source("winsw-refused/external-entity.xml")));
        assertTrue(e.hint().contains("DOCTYPE"), e.getMessage() + " / " + e.hint());
    }

    @Test
    void otherXmlIsNotRecognized() {
        assertFalse(WINSW.recognizes(new SourceFile("pom.xml", "<project><id>x</id></project>")));
        assertThrows(ImportException.class, () -> WINSW.read(new SourceFile("x.xml", "<service><name>x</name></service>")));
    }
}
