package dev.svcctl.cli;

import static dev.svcctl.cli.CliTest.svcctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportCommandTest {
    private Path dir;

    @BeforeEach
    void fresh() throws Exception {
        dir = CliTest.WORK.resolve("import").resolve(String.valueOf(System.nanoTime()));
        Files.createDirectories(dir);
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void printsTheSpecAndWarningsAsFileLineSettingMessage() throws Exception {
        Path unit = file("web.service", "[Service]\nExecStart=-/usr/bin/web \"a b\"\n");

        CliTest.Outcome o = svcctl("import", unit.toString());

        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().startsWith("name: \"web\"\n"), o.out());
        assertTrue(o.out().contains("args:\n  - \"a b\"\n"), o.out());
        // the file is named as the importers read it: absolute (supervisord's %(here)s, pm2's cwd are relative to it)
        assertEquals(unit.toAbsolutePath() + ":2: ExecStart: the '-' prefix (a failing exit counts as success) has"
                + " no spec key; left out\n", o.err());
    }

    @Test
    void strictTurnsAWarningIntoExit65WithNothingPrinted() throws Exception {
        Path unit = file("web.service", "[Service]\nExecStart=-/usr/bin/web\n");

        CliTest.Outcome o = svcctl("import", "--strict", unit.toString());

        assertEquals(65, o.exitCode());
        assertEquals("", o.out());
        assertTrue(o.err().contains("with --strict; nothing imported"), o.err());
    }

    @Test
    void aRefusedUnitIsOneLocatedLineWithAHintAndExit65() throws Exception {
        Path unit = file("job.service", "[Service]\nType=oneshot\nExecStart=/bin/true\n");

        CliTest.Outcome o = svcctl("import", unit.toString());

        assertEquals(65, o.exitCode());
        assertEquals(unit.toAbsolutePath() + ":2: Type=oneshot runs a task to its end; svcctl runs long-lived"
                + " services (hint: run the task from a timer or a script instead)\n", o.err());
        assertFalse(o.err().contains("Exception"));
    }

    @Test
    void aFileNoImporterRecognizesAsksForFrom() throws Exception {
        Path odd = file("notes.txt", "hello\n");

        CliTest.Outcome o = svcctl("import", odd.toString());

        assertEquals(2, o.exitCode());
        assertTrue(o.err().startsWith("svcctl: " + odd.toAbsolutePath() + ": cannot tell which format it is"
                + " (hint: say which with --from "), o.err());
        assertEquals(2, svcctl("import", "--from", "bogus", odd.toString()).exitCode());
    }

    @Test
    void aDirectoryIsUnitsWithTheirDropInsInFileNameOrder() throws Exception {
        file("units/app.service", "[Service]\nExecStart=/usr/bin/app\nUser=a\n");
        file("units/app.service.d/20-late.conf", "[Service]\nUser=c\n");
        file("units/app.service.d/10-early.conf", "[Service]\nUser=b\nExecStart=\nExecStart=/usr/bin/app2\n");
        file("units/other.service", "[Service]\nExecStart=/usr/bin/other\n");

        CliTest.Outcome o = svcctl("import", dir.resolve("units").toString(), "--json");

        assertEquals(0, o.exitCode(), o.err());
        JsonObject result = JsonParser.parseString(o.out()).getAsJsonObject();
        assertEquals(2, result.getAsJsonArray("specs").size());
        JsonObject app = result.getAsJsonArray("specs").get(0).getAsJsonObject();
        assertEquals("/usr/bin/app2", app.get("exec").getAsString());
        assertEquals("c", app.get("user").getAsString());
        assertEquals("never", app.getAsJsonObject("restart").get("policy").getAsString());
        assertEquals(0, result.getAsJsonArray("warnings").size());
    }

    @Test
    void jsonCarriesTheWarningsAsData() throws Exception {
        Path unit = file("web.service", "[Service]\nExecStart=/usr/bin/web\nStandardOutput=tty\n");

        CliTest.Outcome o = svcctl("import", unit.toString(), "--json");

        JsonObject w = JsonParser.parseString(o.out()).getAsJsonObject().getAsJsonArray("warnings").get(0)
                .getAsJsonObject();
        assertEquals(unit.toAbsolutePath().toString(), w.get("file").getAsString());
        assertEquals(3, w.get("line").getAsInt());
        assertEquals("web", w.get("service").getAsString());
        assertEquals("StandardOutput", w.get("setting").getAsString());
    }

    @Test
    void outputDirGetsOneFilePerServiceAndNeverOverwritesOrFollowsALink() throws Exception {
        Path unit = file("web.service", "[Service]\nExecStart=/usr/bin/web\n");
        Path out = Files.createDirectories(dir.resolve("out"));

        CliTest.Outcome first = svcctl("import", unit.toString(), "-o", out.toString());

        assertEquals(0, first.exitCode(), first.err());
        assertEquals(out.resolve("web.yaml") + "\n", first.out());
        assertEquals(0, svcctl("validate", out.resolve("web.yaml").toString()).exitCode());
        CliTest.Outcome again = svcctl("import", unit.toString(), "-o", out.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("web.yaml already exists; nothing written"), again.err());

        Path other = Files.createDirectories(dir.resolve("out2"));
        Path target = dir.resolve("elsewhere.txt");
        Files.createSymbolicLink(other.resolve("web.yaml"), target);
        CliTest.Outcome link = svcctl("import", unit.toString(), "-o", other.toString());
        assertEquals(1, link.exitCode());
        assertFalse(Files.exists(target), "the link was not followed");
    }
}
