package dev.svcctl.importer.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.importer.ImportException;
import dev.svcctl.importer.ImportResult;
import dev.svcctl.importer.ImportWarning;
import dev.svcctl.importer.SourceFile;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.Startup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdImporterTest {
    private final SystemdImporter importer = new SystemdImporter();

    private ImportResult read(String name, String text, SourceFile... dropIns) throws ImportException {
        return importer.read(new SourceFile("/src/" + name, text, List.of(dropIns)));
    }

    private ServiceSpec spec(String text) throws ImportException {
        return read("app.service", text).specs().get(0);
    }

    private static String unit(String service) {
        return "[Unit]\nDescription=App\n\n[Service]\n" + service + "\n";
    }

    private static List<String> settings(ImportResult result) {
        return result.warnings().stream().map(ImportWarning::setting).toList();
    }

    @Test
    void quotesAndCEscapesGiveTheWordsSystemdPasses() throws Exception {
        ServiceSpec s = spec(unit("ExecStart=/usr/bin/prog \"a b\" 'c d' \"q\\\"uote\" 'it\\'s' \\x41\\u00e9 "
                + "x\"y z\"w back\\\\slash tab\\tend ✓ \"\""));

        assertEquals("/usr/bin/prog", s.exec());
        assertEquals(List.of("a b", "c d", "q\"uote", "it's", "Aé", "xy zw", "back\\slash", "tab\tend", "✓", ""),
                s.args());
    }

    @Test
    void anUnknownEscapeKeepsItsBackslashAsSystemdDoes() throws Exception {
        assertEquals(List.of("a\\qb", "\\d+"), spec(unit("ExecStart=/bin/grep a\\qb \\d+")).args());
    }

    @Test
    void aSemicolonAloneSeparatesCommandsAndAnEscapedOneIsAnArgument() throws Exception {
        assertEquals(List.of("-exec", "rm", "{}", ";"), spec(unit("ExecStart=/usr/bin/find -exec rm {} \\;")).args());
        ImportException two = assertThrows(ImportException.class,
                () -> spec(unit("ExecStart=/bin/echo a ; /bin/echo b")));
        assertTrue(two.getMessage().contains("2 ExecStart= commands"), two.getMessage());
        assertEquals(5, two.line());
    }

    @Test
    void dollarVariablesExpandFromTheUnitsOwnEnvironmentExactly() throws Exception {
        ImportResult r = read("app.service", unit("Environment=\"OPTS=-a -b\" PORT=8080 EMPTY=\n"
                + "ExecStart=/usr/bin/app $OPTS --port=${PORT} ${EMPTY} $EMPTY $$HOME cost$5 ${PORT}$$"));

        ServiceSpec s = r.specs().get(0);
        assertEquals(List.of("-a", "-b", "--port=8080", "", "$HOME", "cost$5", "8080$"), s.args());
        assertEquals(Map.of("OPTS", "-a -b", "PORT", "8080", "EMPTY", ""), s.env());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void aVariableAnEnvironmentFileMaySetIsReportedAtTheExecStartLineAndKeptAsWritten() throws Exception {
        ImportResult r = read("app.service", unit("EnvironmentFile=-/etc/default/app\nEnvironment=A=1\n"
                + "ExecStart=/usr/bin/app $DAEMON_OPTS --a=${A}"));

        ServiceSpec s = r.specs().get(0);
        assertEquals(List.of("$DAEMON_OPTS", "--a=${A}"), s.args());
        assertEquals("-/etc/default/app", s.envFiles().get(0).written());
        assertEquals(2, r.warnings().size(), r.warnings().toString());
        ImportWarning w = r.warnings().get(0);
        assertEquals("/src/app.service:7: ExecStart: $DAEMON_OPTS may come from EnvironmentFile=, which systemd reads"
                + " at start and svcctl cannot expand; the word '$DAEMON_OPTS' is passed as written", w.describe());
        assertEquals("app", w.service());
    }

    @Test
    void theColonPrefixTurnsExpansionOffSoDollarsArePassedAsTheyAre() throws Exception {
        ImportResult r = read("app.service", unit("ExecStart=:/bin/echo $HOME ${X} $$"));
        assertEquals(List.of("$HOME", "${X}", "$$"), r.specs().get(0).args());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void prefixesSvcctlCannotExpressAreWarnedAbout() throws Exception {
        ImportResult r = read("app.service", unit("ExecStart=-@+/usr/bin/app app-name --x"));
        assertEquals("/usr/bin/app", r.specs().get(0).exec());
        assertEquals(List.of("--x"), r.specs().get(0).args());
        assertEquals(3, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(1).message().contains("argv[0] to 'app-name'"), r.warnings().toString());
    }

    @Test
    void specifiersOfTheUnitNameAndTheSystemManagerAreExactAndHostOnesAreWarned() throws Exception {
        ImportResult r = read("web-api.service", unit("ExecStart=/usr/bin/app %n %N %p %j %i| %t/%N 100%% %h %u"
                + " %H\nWorkingDirectory=%S/%p"));
        ServiceSpec s = r.specs().get(0);
        assertEquals(List.of("web-api.service", "web-api", "web-api", "api", "|", "/run/web-api", "100%", "/root",
                "root", "%H"), s.args());
        assertEquals("/var/lib/web-api", s.workingDirectory().orElseThrow());
        assertEquals(List.of("ExecStart"), settings(r));
        assertTrue(r.warnings().get(0).message().startsWith("%H is a specifier whose value only the host knows"));
    }

    @Test
    void anInstanceUnitResolvesPercentI() throws Exception {
        ServiceSpec s = read("worker@blue.service", unit("ExecStart=/usr/bin/worker --queue=%i --unit=%n"))
                .specs().get(0);
        assertEquals("worker@blue", s.name());
        assertEquals(List.of("--queue=blue", "--unit=worker@blue.service"), s.args());
    }

    @Test
    void aTemplateIsRefusedWithAHint() {
        ImportException e = assertThrows(ImportException.class,
                () -> read("worker@.service", unit("ExecStart=/usr/bin/worker %i")));
        assertTrue(e.hint().contains("NAME@INSTANCE.service"), e.hint());
    }

    @Test
    void dropInsApplyInOrderAndAnEmptyAssignmentResetsAList() throws Exception {
        ImportResult r = read("app.service", unit("ExecStart=/usr/bin/old\nEnvironment=A=1 B=2\nUser=old"),
                new SourceFile("/src/app.service.d/10-a.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/new --x\n"
                        + "Environment=B=3\n"),
                new SourceFile("/src/app.service.d/20-b.conf", "[Service]\nUser=new\nEnvironment=\nEnvironment=C=4\n"));

        ServiceSpec s = r.specs().get(0);
        assertEquals("/usr/bin/new", s.exec());
        assertEquals(List.of("--x"), s.args());
        assertEquals("new", s.user().orElseThrow());
        assertEquals(Map.of("C", "4"), s.env());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void continuationLinesJoinAndCommentsInsideThemAreSkipped() throws Exception {
        ServiceSpec s = spec(unit("ExecStart=/usr/bin/app \\\n  --one \\\n# a comment\n  --two"));
        assertEquals(List.of("--one", "--two"), s.args());
    }

    @Test
    void systemdDefaultsAreStatedWhereTheSpecsDiffer() throws Exception {
        ServiceSpec s = spec(unit("ExecStart=/usr/bin/app"));
        assertEquals(RestartPolicy.NEVER, s.restart().policy());
        assertEquals(Duration.ofMillis(100), s.restart().delay());
        assertEquals(Duration.ofSeconds(10), s.restart().window());
        assertEquals(Duration.ofSeconds(90), s.stop().timeout());
        assertEquals(Startup.MANUAL, s.startup());
    }

    @Test
    void restartStopAccountLimitsAndReadinessMapToSpecKeys() throws Exception {
        ImportResult r = read("app.service", "[Unit]\nDescription=App\nRequires=db.service\nAfter=db.service"
                + " network.target\nStartLimitBurst=3\nStartLimitIntervalSec=2min\n[Service]\nType=notify\n"
                + "ExecStart=/usr/bin/app\nExecReload=/bin/kill -HUP $MAINPID\nRestart=on-failure\nRestartSec=5\n"
                + "User=app\nGroup=app\nWorkingDirectory=/srv/app\nKillSignal=SIGINT\nTimeoutStopSec=1min 30s\n"
                + "TimeoutStartSec=2min\nWatchdogSec=30s\nLimitNOFILE=65536\nMemoryMax=512M\nCPUQuota=150%\nNice=5\n"
                + "SuccessExitStatus=3 SIGKILL\nPrivateTmp=yes\n[Install]\nWantedBy=multi-user.target\n");

        ServiceSpec s = r.specs().get(0);
        assertEquals(RestartPolicy.ON_FAILURE, s.restart().policy());
        assertEquals(Duration.ofSeconds(5), s.restart().delay());
        assertEquals(3, s.restart().burst());
        assertEquals(Duration.ofMinutes(2), s.restart().window());
        assertEquals(List.of(0, 3), s.restart().successExitCodes());
        assertEquals(Signal.INT, s.stop().signal());
        assertEquals(Duration.ofSeconds(90), s.stop().timeout());
        assertEquals(Signal.HUP, s.reloadSignal().orElseThrow());
        assertEquals(ReadinessSpec.Kind.NOTIFY, s.readiness().orElseThrow().kind());
        assertEquals(Duration.ofMinutes(2), s.readiness().orElseThrow().timeout());
        assertEquals(Duration.ofSeconds(30), s.watchdog().orElseThrow());
        assertEquals(65536, s.limits().openFiles().getAsLong());
        assertEquals(512L << 20, s.limits().memory().getAsLong());
        assertEquals(150, s.limits().cpuPercent().getAsInt());
        assertEquals(5, s.priority().getAsInt());
        assertEquals(List.of("db.service"), s.dependsOn());
        assertEquals(Startup.AUTO, s.startup());
        assertEquals(List.of("db.service network.target"), s.platform().systemd().unit().get("After"));
        assertEquals(List.of("yes"), s.platform().systemd().service().get("PrivateTmp"));
        assertEquals(List.of("SuccessExitStatus"), settings(r), "SIGKILL is no exit code: " + r.warnings());
        assertEquals(24, r.warnings().get(0).line());
    }

    @Test
    void aForkingDaemonNeedsItsPidFile() throws Exception {
        ServiceSpec s = spec(unit("Type=forking\nPIDFile=/run/d.pid\nExecStart=/usr/sbin/d"));
        assertEquals(ReadinessSpec.Kind.PID_FILE, s.readiness().orElseThrow().kind());
        assertEquals("/run/d.pid", s.readiness().orElseThrow().target());
        ImportException e = assertThrows(ImportException.class, () -> spec(unit("Type=forking\nExecStart=/usr/sbin/d")));
        assertEquals(5, e.line());
    }

    @Test
    void oneshotUnitsAndUnitsWithoutExecStartAreRefused() {
        assertThrows(ImportException.class, () -> spec(unit("Type=oneshot\nExecStart=/bin/true")));
        ImportException none = assertThrows(ImportException.class, () -> spec(unit("ExecStart=")));
        assertTrue(none.getMessage().contains("no ExecStart="), none.getMessage());
    }

    @Test
    void directivesSvcctlWritesItselfAreNotSmuggledThroughTheEscapeHatch() throws Exception {
        ImportResult r = read("app.service", unit("ExecStart=/usr/bin/app\nLogsDirectory=app\nSyslogIdentifier=x\n"
                + "PIDFile=/run/app.pid\nNotifyAccess=all"));
        ServiceSpec s = r.specs().get(0);
        assertEquals(List.of("app"), s.platform().systemd().service().get("LogsDirectory"));
        assertEquals(List.of("/run/app.pid"), s.platform().systemd().service().get("PIDFile"));
        assertEquals(List.of("all"), s.platform().systemd().service().get("NotifyAccess"));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void unbalancedQuotesAndUnknownSpecifiersMakeSystemdIgnoreTheLineAndSoTheUnitHasNoCommand() {
        ImportException quote = assertThrows(ImportException.class, () -> spec(unit("ExecStart=/bin/echo \"open")));
        assertTrue(quote.getMessage().contains("no ExecStart="), quote.getMessage());
        assertThrows(ImportException.class, () -> spec(unit("ExecStart=/bin/echo %z")));
    }

    @Test
    void environmentValuesAreTakenExactly() throws Exception {
        ServiceSpec s = spec(unit("Environment=\"A=x y\" 'B=it''s' C=\\\"q\\\" D=%%p E=€ \"F=a\\\\b\" G=$H\n"
                + "Environment=1BAD=x NOEQUALS\nExecStart=/bin/env"));
        assertEquals("x y", s.env().get("A"));
        assertEquals("its", s.env().get("B"));
        assertEquals("\"q\"", s.env().get("C"));
        assertEquals("%p", s.env().get("D"));
        assertEquals("€", s.env().get("E"));
        assertEquals("a\\b", s.env().get("F"));
        assertEquals("$H", s.env().get("G"));
        assertFalse(s.env().containsKey("1BAD"));
    }

    @Test
    void recognizesUnitsByNameOrSectionHeader() {
        assertTrue(importer.recognizes(new SourceFile("x.service", "")));
        assertTrue(importer.recognizes(new SourceFile("unit", "# c\n[Unit]\nDescription=x\n")));
        assertFalse(importer.recognizes(new SourceFile("supervisord.conf", "[program:x]\ncommand=/bin/x\n")));
        assertFalse(importer.recognizes(new SourceFile("Procfile", "web: bundle exec rails s\n")));
    }
}
