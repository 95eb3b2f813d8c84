package dev.svcctl.cli;

import static dev.svcctl.cli.CliTest.svcctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** schema, specs on standard input, the recorded source, uninstall of an absent name, in-process. */
class VerbsCliTest {
    @AfterEach
    void restoreStdin() {
        SpecFiles.stdin = null;
    }

    private static void stdin(String text) {
        SpecFiles.stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path root() throws Exception {
        Path root = Files.createDirectories(CliTest.WORK.resolve("verbs-" + UUID.randomUUID())).toAbsolutePath();
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/sh"), root.resolve("bin/sh"));
        return root;
    }

    @Test
    void schemaPrintsTheShippedJsonSchema() throws Exception {
        CliTest.Outcome o = svcctl("schema");
        assertEquals(0, o.exitCode(), o.err());
        JsonObject schema = JsonParser.parseString(o.out()).getAsJsonObject();
        assertEquals("https://svcctl.dev/schema/service-spec-v1.schema.json", schema.get("$id").getAsString());
        assertTrue(schema.getAsJsonObject("properties").has("startup"));
        try (InputStream in = dev.svcctl.spec.SchemaFile.class.getResourceAsStream(
                dev.svcctl.spec.SchemaFile.RESOURCE)) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip(), o.out().strip());
        }
        assertEquals(schema, JsonParser.parseString(svcctl("schema", "--json").out()).getAsJsonObject()
                .get("schema"), "--json wraps the same schema in {version, schema}");
    }

    @Test
    void aSpecOnStandardInputIsValidatedAndRenderedAndItsErrorsSayStdin() {
        stdin("name: piped\nexec: /bin/true\n");
        CliTest.Outcome ok = svcctl("validate", "-");
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals("<stdin>: ok (piped)\n", ok.out());

        stdin("name: piped\nexec: /bin/true\nrestart:\n    delay: 5\n");
        CliTest.Outcome bad = svcctl("validate", "-");
        assertEquals(65, bad.exitCode());
        assertTrue(bad.err().startsWith("<stdin>:4:12: restart.delay"), bad.err());

        stdin("name: piped\nexec: /bin/true\n");
        CliTest.Outcome rendered = svcctl("render", "--backend", "systemd", "-");
        assertEquals(0, rendered.exitCode(), rendered.err());
        assertTrue(rendered.out().contains("ExecStart=\"/bin/true\""), rendered.out());

        CliTest.Outcome twice = svcctl("validate", "-", "-");
        assertEquals(65, twice.exitCode());
        assertTrue(twice.err().contains("'-' (standard input) may be given once"), twice.err());
    }

    @Test
    void standardInputIsBounded() {
        SpecFiles.stdin = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
        CliTest.Outcome o = svcctl("validate", "-");
        assertEquals(65, o.exitCode());
        assertTrue(o.err().startsWith("<stdin>:1:1: more than 1048576 bytes were read"), o.err());
    }

    @Test
    void installUnderARootFromStandardInputRecordsNoSourceSoTheTreeIsWhatRenderWrites() throws Exception {
        Path root = root();
        Path a = CliTest.spec("a-" + UUID.randomUUID() + ".yaml", "name: twin\nexec: /bin/sh\n");
        CliTest.Outcome first = svcctl("install", "--backend", "systemd", "--root", root.toString(), a.toString());
        assertEquals(0, first.exitCode(), first.err());

        stdin("name: twin\nexec: /bin/sh\n");
        CliTest.Outcome piped = svcctl("install", "--backend", "systemd", "--root", root.toString(), "--json", "-");
        assertEquals(0, piped.exitCode(), piped.err());
        assertEquals("", piped.err(), "no warning: nothing was recorded under --root");
        JsonObject result = JsonParser.parseString(piped.out()).getAsJsonObject().getAsJsonArray("services").get(0)
                .getAsJsonObject();
        assertEquals("unchanged", result.get("action").getAsString());
        assertTrue(result.get("formerSource").isJsonNull());
        assertFalse(Files.exists(root.resolve("etc/svcctl/services/twin.source")));
    }

    @Test
    void uninstallOfAnAbsentNameIsAbsentWithExitZeroButAForeignUnitIsRefused() throws Exception {
        Path root = root();
        Path spec = CliTest.spec("u-" + UUID.randomUUID() + ".yaml", "name: here\nexec: /bin/sh\n");
        assertEquals(0, svcctl("install", "--backend", "systemd", "--root", root.toString(), spec.toString())
                .exitCode());

        CliTest.Outcome o = svcctl("uninstall", "--backend", "systemd", "--root", root.toString(), "here", "gone");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals("here: removed\ngone: absent\n", o.out());

        CliTest.Outcome json = svcctl("uninstall", "--backend", "systemd", "--root", root.toString(), "--json",
                "here");
        JsonArray services = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("services");
        assertFalse(services.get(0).getAsJsonObject().get("changed").getAsBoolean());
        assertEquals("absent", services.get(0).getAsJsonObject().get("action").getAsString());

        Path foreign = root.resolve("etc/systemd/system/theirs.service");
        Files.writeString(foreign, "[Service]\nExecStart=/bin/true\n");
        CliTest.Outcome refused = svcctl("uninstall", "--backend", "systemd", "--root", root.toString(), "theirs");
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("was not written by svcctl"), refused.err());
        assertTrue(Files.exists(foreign));
    }

    @Test
    void enableOnAHostWithoutAnInitSystemExplainsWhy() {
        Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "this host runs systemd");
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the supervisor fallback is Linux");
        CliTest.Outcome o = svcctl("enable", "--now", "web");
        assertEquals(69, o.exitCode(), o.out());
        assertTrue(o.err().contains("no init system on this host to start it at boot"), o.err());
    }
}
