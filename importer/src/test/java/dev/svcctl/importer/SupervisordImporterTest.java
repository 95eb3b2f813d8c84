package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.StopMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisordImporterTest {
    private static ImportResult read(String text) throws ImportException {
        return new SupervisordImporter().read(new SourceFile("/etc/supervisor/conf.d/app.conf", text));
    }

    private static ImportException refused(String text) {
        return assertThrows(ImportException.class, () -> read(text));
    }

    @Test
    void supervisordsDefaultsBecomeExplicitSpecValues() throws Exception {
        ServiceSpec s = read("[program:app]\ncommand=/bin/app\n").specs().get(0);
        assertEquals(RestartPolicy.ON_FAILURE, s.restart().policy()); // autorestart=unexpected
        assertEquals(List.of(0, 2), s.restart().successExitCodes()); // exitcodes=0,2
        assertEquals(Duration.ofSeconds(10), s.stop().timeout()); // stopwaitsecs=10
        assertEquals(StopMode.PROCESS, s.stop().mode()); // stopasgroup=killasgroup=false
    }

    @Test
    void hereIsTheFilesDirectory() throws Exception {
        ServiceSpec s = read("[program:app]\ncommand=%(here)s/bin/app %(program_name)s\n").specs().get(0);
        assertEquals(List.of("/etc/supervisor/conf.d/bin/app", "app"), s.argv());
    }

    @Test
    void envExpansionIsRefusedWithoutSupervisordsEnvironmentAndWarnedWithIt() throws Exception {
        String text = "[program:app]\ncommand=/bin/app %(ENV_HOME)s\n";
        ImportException e = refused(text);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("ENV_HOME"), e.getMessage());
        ImportResult r = new SupervisordImporter(Map.of("HOME", "/home/sv"))
                .read(new SourceFile("/x/app.conf", text));
        assertEquals(List.of("/bin/app", "/home/sv"), r.specs().get(0).argv());
        assertEquals(2, r.warnings().get(0).line());
    }

    @Test
    void refusesWhatSupervisordRefusesAtTheLine() {
        assertEquals(3, refused("[program:app]\ncommand=/bin/app\nnumprocs=4\n").line());
        assertEquals(1, refused("[program:app]\ndirectory=/tmp\n").line());
        assertEquals(2, refused("[program:app]\ncommand=/bin/app \"unclosed\n").line());
        assertEquals(2, refused("[program:app]\ncommand=/bin/app 100%\n").line());
        assertEquals(2, refused("[program:app]\ncommand=/bin/app %(nope)s\n").line());
        assertEquals(2, refused("[program:app]\ncommand=/bin/app %(host_node_name)s\n").line());
        assertEquals(4, refused("[program:app]\ncommand=/bin/app\nstopasgroup=true\nkillasgroup=false\n").line());
        assertEquals(1, refused("command=/bin/app\n").line());
        assertEquals(1, refused("[program:con]\ncommand=/bin/app\n").line());
        assertEquals(1, refused("[supervisord]\nlogfile=/tmp/x\n").line());
        assertEquals(3, refused("[program:app]\ncommand=/bin/app\nautorestart=sometimes\n").line());
    }

    @Test
    void everyUnmappedSettingIsAWarningWithItsLine() throws Exception {
        ImportResult r = read("[program:app]\ncommand=/bin/app\numask=077\npriority=5\nstartsecs=3\ncolour=blue\n");
        assertEquals(List.of(3, 4, 5, 6), r.warnings().stream().map(ImportWarning::line).toList());
        assertTrue(r.warnings().get(0).describe().startsWith("/etc/supervisor/conf.d/app.conf:3: umask: "));
    }

    @Test
    void recognizesProgramSectionsOnly() {
        assertTrue(new SupervisordImporter().recognizes(new SourceFile("a.ini", "; x\n[program:a]\ncommand=b\n")));
        assertFalse(new SupervisordImporter().recognizes(new SourceFile("a.service", "[Unit]\n[Service]\n")));
        assertFalse(new SupervisordImporter().recognizes(new SourceFile("Procfile", "web: run\n")));
    }
}
