package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.Signal;
import dev.svcctl.spec.ServiceSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pm2ImporterTest {
    private static ImportResult read(String json) throws ImportException {
        return new Pm2Importer().read(new SourceFile("/srv/app/ecosystem.json", json));
    }

    @Test
    void pm2sStopDefaultsAreKept() throws Exception {
        ServiceSpec s = read("{\"apps\":[{\"name\":\"a\",\"script\":\"/srv/a.js\"}]}").specs().get(0);
        assertEquals(List.of("node", "/srv/a.js"), s.argv());
        assertEquals(Signal.INT, s.stop().signal());
        assertEquals(Duration.ofMillis(1600), s.stop().timeout());
        assertEquals(Duration.ZERO, s.restart().delay());
    }

    @Test
    void warningsAndErrorsNameTheLineOfTheKey() throws Exception {
        ImportResult r = read("{\n \"apps\": [\n  {\n   \"name\": \"a\",\n   \"script\": \"/usr/bin/a\",\n"
                + "   \"watch\": true\n  }\n ]\n}\n");
        assertEquals(6, r.warnings().stream().filter(w -> w.setting().equals("watch")).findFirst().orElseThrow()
                .line());
        assertEquals(5, r.warnings().stream().filter(w -> w.setting().equals("script")).findFirst().orElseThrow()
                .line()); // no known extension: pm2 might run it with node
        ImportException e = assertThrows(ImportException.class, () -> read("{\"apps\": [\n{\"script\": \"/a\",\n"
                + "\"instances\": 4}]}"));
        assertEquals(3, e.line());
        ImportException syntax = assertThrows(ImportException.class, () -> read("{\"apps\": [\n{\"script\": ,}]}"));
        assertEquals(2, syntax.line());
    }

    @Test
    void interpreterNoneRunsTheScriptAndARelativeScriptNeedsADirectory() throws Exception {
        ServiceSpec s = read("[{\"name\":\"b\",\"script\":\"bin/b\",\"interpreter\":\"none\",\"cwd\":\"/opt/b\"}]")
                .specs().get(0);
        assertEquals(List.of("/opt/b/bin/b"), s.argv());
        assertThrows(ImportException.class, () -> new Pm2Importer().read(new SourceFile("eco.json",
                "[{\"name\":\"b\",\"script\":\"b.js\"}]")));
    }

    @Test
    void recognizesEcosystemJsonOnly() {
        assertTrue(new Pm2Importer().recognizes(new SourceFile("x.json", "{\"apps\":[]}")));
        assertFalse(new Pm2Importer().recognizes(new SourceFile("x.json", "{\"name\":\"svc\"}")));
        assertFalse(new Pm2Importer().recognizes(new SourceFile("x.conf", "[program:x]\ncommand=\"script\": 1\n")));
    }
}
