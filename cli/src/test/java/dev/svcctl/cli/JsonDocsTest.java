package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command's {@code --json} output against the schema in docs/json.md, read from that file: the doc and the
 * code cannot drift (the schema's objects are closed and list every field as required). {@link #COVERAGE} names the
 * test of each command (here, or {@code Class#method} of a test that needs a sandboxed init system); a command that gains --json without a definition in the doc and a test here fails
 * {@link #everyCommandWithJsonHasADefinitionInTheDocAndATestHere}.
 */
class JsonDocsTest {
    static final Path DOC = Path.of("../docs/json.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "test-work", "json-docs").toAbsolutePath();

    /** Command → the test that checks its documents: a method here, or {@code Class#method} in this package. */
    private static final Map<String, String> COVERAGE = Map.ofEntries(
            Map.entry("validate", "validateListsTheValidFilesAndLocatesEveryProblemOfAnInvalidOne"),
            Map.entry("render", "renderHasEachArtifactAndWhereItWasWritten"),
            Map.entry("install", "installSaysWhetherItChangedAnythingAndABadSpecIsAnErrorObjectOnStdout"),
            Map.entry("uninstall", "uninstallListsTheRemovedServices"),
            Map.entry("status", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("list", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("start", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("stop", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("restart", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("reload", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("logs", "commandsOnAServiceThatSvcctlRunHosts"),
            Map.entry("run", "runPrintsOneDocumentWhenTheRunEnds"),
            Map.entry("version", "versionNamesSvcctlsVersion"),
            Map.entry("schema", "schemaWrapsTheShippedSchema"),
            Map.entry("import", "importCarriesTheSpecsAndTheWarningsAndAFailureKeepsTheWarnings"),
            // these need an init system: their documents are checked against a sandboxed systemd
            Map.entry("enable", "VerbsInSystemdSandboxTest#stopTwiceThenDisableNowAndEnableNowRoundTrip"),
            Map.entry("disable", "VerbsInSystemdSandboxTest#stopTwiceThenDisableNowAndEnableNowRoundTrip"),
            Map.entry("cat", "VerbsInSystemdSandboxTest#catShowsWhatIsInstalledWithTheSecretMasked"));

    /** The one ```json block of docs/json.md. */
    static JsonNode schemaDocument() throws IOException {
        Matcher block = Pattern.compile("(?s)```json\\n(.*?)\\n```").matcher(Files.readString(DOC));
        assertTrue(block.find(), DOC + " has no ```json block");
        JsonNode schema = JSON.readTree(block.group(1));
        assertFalse(block.find(), DOC + " has more than one ```json block; the test reads the first as the schema");
        return schema;
    }

    /** The messages of {@code json} against the definition {@code name} of the doc's schema; empty when it matches. */
    static Set<ValidationMessage> problems(String name, String json) throws IOException {
        ObjectNode schema = (ObjectNode) schemaDocument().deepCopy();
        assertNotNull(schema.path("definitions").get(name), "docs/json.md defines no '" + name + "'");
        schema.putArray("allOf").addObject().put("$ref", "#/definitions/" + name);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema)
                .validate(JSON.readTree(json));
    }

    /** Asserts that {@code json} parses and matches the definition {@code name}; answers it parsed. */
    static JsonNode matches(String name, String json) throws IOException {
        JsonNode parsed = JSON.readTree(json);
        assertTrue(parsed != null && parsed.isObject(), "not one JSON object: " + json);
        assertEquals(Set.of(), problems(name, json), name + ": " + json);
        assertEquals(1, parsed.get("version").asInt(), json);
        assertEquals("version", parsed.fieldNames().next(), "version comes first: " + json);
        return parsed;
    }

    private static Path fresh(String name) throws IOException {
        Path dir = WORK.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    @Test
    void theSchemaIsADraft07SchemaThatRefusesWhatItDoesNotDescribe() throws Exception {
        var meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema#"));
        assertEquals(Set.of(), meta.validate(schemaDocument()));
        assertFalse(problems("version", "{\"version\": 1, \"svcctl\": \"1.0\", \"extra\": true}").isEmpty());
        assertFalse(problems("version", "{\"version\": 2, \"svcctl\": \"1.0\"}").isEmpty());
        assertFalse(problems("version", "{\"svcctl\": \"1.0\"}").isEmpty());
    }

    @Test
    void everyCommandWithJsonHasADefinitionInTheDocAndATestHere() throws Exception {
        Set<String> withJson = new TreeSet<>();
        for (String name : Subcommands.NAMES) {
            Subcommand command = Subcommands.create(name);
            if (command != null && command.spec().findOption(JsonOption.NAME) != null) {
                withJson.add(name);
            }
        }
        assertEquals(new TreeSet<>(COVERAGE.keySet()), withJson, "commands with --json vs. tests here");
        JsonNode definitions = schemaDocument().get("definitions");
        for (String name : withJson) {
            assertTrue(definitions.has(name), "docs/json.md has no definition '" + name + "'");
            String[] test = COVERAGE.get(name).split("#");
            Class<?> owner = test.length == 1 ? JsonDocsTest.class
                    : Class.forName(JsonDocsTest.class.getPackageName() + "." + test[0]);
            owner.getDeclaredMethod(test[test.length - 1]); // throws when the named test is gone
        }
        Set<String> missing = new TreeSet<>(Subcommands.NAMES);
        missing.removeAll(withJson);
        assertEquals(Set.of("help", "host", "serve", "wait-ready"), missing,
                "every command but help, the hidden host and wait-ready and the server (its API answers JSON)"
                        + " has --json");
    }

    @Test
    void validateListsTheValidFilesAndLocatesEveryProblemOfAnInvalidOne() throws Exception {
        Path dir = fresh("validate");
        Path good = Files.writeString(dir.resolve("good.yaml"), "name: good\nexec: /bin/true\n");
        CliTest.Outcome ok = CliTest.svcctl("validate", good.toString(), "--json");
        assertEquals(0, ok.exitCode(), ok.err());
        JsonNode files = matches("validate", ok.out()).get("files");
        assertEquals("good", files.get(0).get("service").asText());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nexce: /bin/true\nrestart:\n  delay: 5\n");
        CliTest.Outcome o = CliTest.svcctl("validate", good.toString(), bad.toString(), "--json");
        assertEquals(65, o.exitCode());
        assertEquals("", o.err());
        JsonNode error = matches("error", o.out()).get("error");
        assertEquals(65, error.get("exitCode").asInt());
        JsonNode problems = error.get("problems");
        assertEquals(3, problems.size(), o.out());
        assertProblem(problems.get(0), bad, 1, 1, "exec", "missing required key 'exec'");
        assertProblem(problems.get(1), bad, 2, 1, "exce", "unknown key 'exce'");
        assertEquals("did you mean 'exec'?", problems.get(1).get("hint").asText());
        assertProblem(problems.get(2), bad, 4, 10, "restart.delay", "restart.delay: '5' has no unit");

        CliTest.Outcome yaml = CliTest.svcctl("validate", Files.writeString(dir.resolve("yaml.yaml"), "a: [\n")
                .toString(), "--json");
        assertEquals(65, yaml.exitCode());
        assertTrue(matches("error", yaml.out()).at("/error/problems/0/key").isNull(), "a YAML error has no key");

        CliTest.Outcome missing = CliTest.svcctl("validate", dir.resolve("nope.yaml").toString(), "--json");
        assertEquals(66, missing.exitCode());
        assertEquals(66, matches("error", missing.out()).at("/error/exitCode").asInt());

        CliTest.Outcome usage = CliTest.svcctl("validate", "--json", "--no-such-option", good.toString());
        assertEquals(2, usage.exitCode());
        assertEquals("", usage.err());
        assertTrue(matches("error", usage.out()).at("/error/message").asText().contains("--no-such-option"));
    }

    private static void assertProblem(JsonNode p, Path file, int line, int column, String key, String message) {
        assertEquals(file.toString(), p.get("file").asText(), p.toString());
        assertEquals(line, p.get("line").asInt(), p.toString());
        assertEquals(column, p.get("column").asInt(), p.toString());
        assertEquals(key, p.get("key").asText(), p.toString());
        assertEquals(message, p.get("message").asText(), p.toString());
    }

    @Test
    void renderHasEachArtifactAndWhereItWasWritten() throws Exception {
        Path dir = fresh("render");
        Path spec = Files.writeString(dir.resolve("web.yaml"), "name: web\nexec: /bin/true\nenv: {TOKEN: s3cret}\n");
        Path windows = Files.writeString(dir.resolve("win.yaml"), "name: web\nexec: 'C:\\app\\web.exe'\n"
                + "env: {TOKEN: s3cret}\n");
        for (String backend : List.of("systemd", "launchd", "windows")) {
            Path file = backend.equals("windows") ? windows : spec;
            CliTest.Outcome o = CliTest.svcctl("render", file.toString(), "--backend", backend, "--json");
            assertEquals(0, o.exitCode(), o.err());
            JsonNode r = matches("render", o.out()).at("/renderings/0");
            assertEquals(backend, r.get("backend").asText());
            assertTrue(r.at("/artifacts/0/written").isNull());
            assertFalse(o.out().contains("s3cret"), o.out());
        }
        Path out = dir.resolve("out");
        CliTest.Outcome o = CliTest.svcctl("render", spec.toString(), "--backend", "systemd", "-o", out.toString(),
                "--json");
        assertEquals(0, o.exitCode(), o.err());
        for (JsonNode artifact : matches("render", o.out()).at("/renderings/0/artifacts")) {
            assertTrue(Files.isRegularFile(Path.of(artifact.get("written").asText())), artifact.toString());
        }
    }

    @Test
    void installSaysWhetherItChangedAnythingAndABadSpecIsAnErrorObjectOnStdout() throws Exception {
        Path dir = fresh("install");
        Path root = dir.resolve("root");
        Path spec = Files.writeString(dir.resolve("web.yaml"), "name: json-web\nexec: /bin/true\n");
        String[] install = {"install", spec.toString(), "--backend", "systemd", "--root", root.toString(), "--json"};

        CliTest.Outcome first = CliTest.svcctl(install);
        assertEquals(0, first.exitCode(), first.err());
        JsonNode created = matches("install", first.out()).at("/services/0");
        assertEquals("created", created.get("action").asText());
        assertTrue(created.get("changed").asBoolean());

        CliTest.Outcome again = CliTest.svcctl(install);
        assertEquals(0, again.exitCode(), again.err());
        JsonNode same = matches("install", again.out()).at("/services/0");
        assertEquals("unchanged", same.get("action").asText());
        assertFalse(same.get("changed").asBoolean());

        Files.writeString(spec, "name: json-web\nexec: /bin/false\n");
        CliTest.Outcome dry = CliTest.svcctl("install", spec.toString(), "--backend", "systemd", "--root",
                root.toString(), "--json", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        JsonNode planned = matches("install", dry.out());
        assertTrue(planned.get("dryRun").asBoolean());
        assertTrue(planned.at("/services/0/changed").asBoolean());
        assertTrue(planned.at("/services/0/diff").asText().contains("/bin/false"), dry.out());

        // A service installed but failed to run (exit 1): what changed and the error, in one document.
        java.io.StringWriter text = new java.io.StringWriter();
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("dryRun", false);
        result.put("services", List.of());
        int code = Failures.reportJson(new Failures.WithResult(result, new dev.svcctl.backend.BackendException(
                dev.svcctl.backend.ExitCode.FAILED, "web is installed but failed to run", "'svcctl logs web'")),
                new java.io.PrintWriter(text), new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(1, code);
        assertEquals("'svcctl logs web'", matches("install", text.toString()).at("/error/hint").asText());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nexec: /bin/true\nrestart: {delay: 5}\n");
        CliTest.Outcome o = CliTest.svcctl("install", bad.toString(), "--backend", "systemd", "--root",
                root.toString(), "--json");
        assertEquals(65, o.exitCode());
        assertEquals("", o.err());
        JsonNode problem = matches("error", o.out()).at("/error/problems/0");
        assertEquals("restart.delay", problem.get("key").asText());
        assertEquals(3, problem.get("line").asInt());
    }

    @Test
    void uninstallListsTheRemovedServices() throws Exception {
        Path dir = fresh("uninstall");
        Path root = dir.resolve("root");
        Path spec = Files.writeString(dir.resolve("web.yaml"), "name: json-gone\nexec: /bin/true\n");
        assertEquals(0, CliTest.svcctl("install", spec.toString(), "--backend", "systemd", "--root",
                root.toString()).exitCode());

        CliTest.Outcome o = CliTest.svcctl("uninstall", "json-gone", "--backend", "systemd", "--root",
                root.toString(), "--json");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode removed = matches("uninstall", o.out()).at("/services/0");
        assertEquals("json-gone", removed.get("name").asText());
        assertTrue(removed.get("changed").asBoolean());
    }

    @Test
    void versionNamesSvcctlsVersion() throws Exception {
        CliTest.Outcome o = CliTest.svcctl("version", "--json");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(VersionProvider.version(), matches("version", o.out()).get("svcctl").asText());
    }

    @Test
    void schemaWrapsTheShippedSchema() throws Exception {
        CliTest.Outcome plain = CliTest.svcctl("schema");
        CliTest.Outcome o = CliTest.svcctl("schema", "--json");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(JSON.readTree(plain.out()), matches("schema", o.out()).get("schema"),
                "the schema itself, unchanged");
    }

    @Test
    void importCarriesTheSpecsAndTheWarningsAndAFailureKeepsTheWarnings() throws Exception {
        Path dir = fresh("import");
        Path unit = Files.writeString(dir.resolve("web.service"),
                "[Service]\nExecStart=/usr/bin/web --port 80\nStandardOutput=tty\n");
        CliTest.Outcome o = CliTest.svcctl("import", unit.toString(), "--json");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals("", o.err(), "the warnings are in the document");
        JsonNode imported = matches("import", o.out());
        assertEquals("web", imported.at("/specs/0/name").asText());
        assertEquals("/usr/bin/web", imported.at("/specs/0/exec").asText());
        assertEquals("StandardOutput", imported.at("/warnings/0/setting").asText());
        assertEquals(3, imported.at("/warnings/0/line").asInt());
        assertEquals(0, imported.get("written").size());

        Path out = Files.createDirectories(dir.resolve("out"));
        CliTest.Outcome written = CliTest.svcctl("import", unit.toString(), "--json", "-o", out.toString());
        assertEquals(0, written.exitCode(), written.err());
        assertEquals(out.resolve("web.yaml").toString(), matches("import", written.out()).at("/written/0").asText());

        CliTest.Outcome strict = CliTest.svcctl("import", unit.toString(), "--json", "--strict");
        assertEquals(65, strict.exitCode());
        assertEquals("", strict.err());
        JsonNode refused = matches("import", strict.out());
        assertEquals(0, refused.get("specs").size());
        assertEquals("StandardOutput", refused.at("/warnings/0/setting").asText());
        assertEquals(65, refused.at("/error/exitCode").asInt());

        Path broken = Files.writeString(dir.resolve("broken.service"), "[Service]\nUser=nobody\n");
        CliTest.Outcome failed = CliTest.svcctl("import", broken.toString(), "--json");
        assertEquals(65, failed.exitCode());
        assertEquals("", failed.err());
        assertTrue(matches("import", failed.out()).at("/error/message").asText().contains(broken.toString()),
                failed.out());
    }

    /**
     * status, list, logs, reload, start, stop and restart of a service a real {@code svcctl run} hosts (a JVM of its
     * own), through the supervisor backend: stop changes it, a second stop does not; start of a running service
     * changes nothing; restart, which needs an init system, is an error object.
     */
    @Test
    void commandsOnAServiceThatSvcctlRunHosts() throws Exception {
        Path dir = fresh("supervised");
        String name = "svcctl-test-json-docs";
        Path logs = dir.resolve("logs");
        Path spec = Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\nexec: /bin/sh\n"
                + "args: [\"-c\", \"echo one; echo two; trap '' HUP; exec sleep 300\"]\n"
                + "logs: {dir: \"" + logs + "\"}\nrestart: {policy: never}\n");
        Process svcctl = SvcctlJvm.command("run", spec.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("svcctl-run.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            JsonNode status = null;
            while (status == null || !status.at("/services/0/state").asText().equals("running")) {
                assertTrue(svcctl.isAlive(), "svcctl run ended: " + Files.readString(dir.resolve("svcctl-run.err")));
                assertTrue(System.nanoTime() < deadline, "not running: " + status);
                Thread.sleep(100);
                CliTest.Outcome o = CliTest.svcctl("status", name, "--json", "--backend", "supervisor");
                status = matches("status", o.out());
            }
            CliTest.Outcome list = CliTest.svcctl("list", "--json", "--backend", "supervisor");
            assertEquals(0, list.exitCode(), list.err());
            matches("list", list.out());

            List<String> lines = new ArrayList<>();
            while (lines.size() < 2) {
                assertTrue(System.nanoTime() < deadline, "no log lines: " + lines);
                CliTest.Outcome o = CliTest.svcctl("logs", name, "--json", "-n", "5", "--backend", "supervisor");
                assertEquals(0, o.exitCode(), o.err());
                lines.clear();
                matches("logs", o.out()).get("lines").forEach(l -> lines.add(l.asText()));
            }
            assertEquals(List.of("one", "two"), lines);

            CliTest.Outcome start = CliTest.svcctl("start", name, "--json", "--backend", "supervisor");
            assertEquals(0, start.exitCode(), start.err());
            JsonNode started = matches("start", start.out()).at("/services/0");
            assertFalse(started.get("changed").asBoolean(), "it ran already: " + start.out());
            assertEquals("running", started.at("/status/state").asText());

            CliTest.Outcome reload = CliTest.svcctl("reload", name, "--json", "--backend", "supervisor");
            assertEquals(0, reload.exitCode(), reload.err());
            assertTrue(matches("reload", reload.out()).at("/services/0/changed").asBoolean());

            CliTest.Outcome restart = CliTest.svcctl("restart", name, "--json", "--backend", "supervisor");
            assertEquals(69, restart.exitCode());
            assertEquals("", restart.err());
            assertEquals(69, matches("error", restart.out()).at("/error/exitCode").asInt());

            CliTest.Outcome stop = CliTest.svcctl("stop", name, "--json", "--backend", "supervisor");
            assertEquals(0, stop.exitCode(), stop.err());
            JsonNode stopped = matches("stop", stop.out()).at("/services/0");
            assertTrue(stopped.get("changed").asBoolean(), stop.out());
            assertEquals("stop", stopped.get("action").asText());
            assertTrue(svcctl.waitFor(60, TimeUnit.SECONDS), "svcctl run did not end after stop");

            CliTest.Outcome again = CliTest.svcctl("stop", name, "--json", "--backend", "supervisor");
            assertEquals(0, again.exitCode(), again.err());
            JsonNode still = matches("stop", again.out()).at("/services/0");
            assertFalse(still.get("changed").asBoolean(), again.out());
            assertEquals("stopped", still.at("/status/state").asText());
        } finally {
            svcctl.destroyForcibly();
        }
    }

    @Test
    void logsFollowIsOneDocumentPerLineAsTheLinesCome() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        JsonLogLines follow = new JsonLogLines(new java.io.PrintWriter(text), "api", "stderr", true);
        follow.write("first\r\nsec".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, text.toString().lines().count(), "a line is printed once it is complete: " + text);
        follow.write(new byte[] {'o', 'n', 'd', '\n', (byte) 0xff, '\n'});
        follow.write("last".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        follow.finish();
        List<String> documents = text.toString().lines().toList();
        assertEquals(4, documents.size(), text.toString());
        List<String> lines = new ArrayList<>();
        for (String document : documents) {
            lines.add(matches("logsFollowLine", document).get("line").asText());
        }
        assertEquals(List.of("first", "second", "\ufffd", "last"), lines);
    }

    @Test
    void runPrintsOneDocumentWhenTheRunEnds() throws Exception {
        Path dir = fresh("run");
        Path spec = Files.writeString(dir.resolve("once.yaml"), "name: svcctl-test-json-once\nexec: /bin/true\n"
                + "logs: {stdout: discard, stderr: discard}\nrestart: {policy: never}\n");
        Process run = SvcctlJvm.command("run", spec.toString(), "--json")
                .redirectError(dir.resolve("svcctl-run.err").toFile()).start();
        String out = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), Files.readString(dir.resolve("svcctl-run.err")));
        JsonNode done = matches("run", out);
        assertEquals("svcctl-test-json-once", done.get("service").asText());
        assertEquals(0, done.get("exitCode").asInt());

        CliTest.Outcome missing = CliTest.svcctl("run", dir.resolve("nope.yaml").toString(), "--json");
        assertEquals(66, missing.exitCode());
        matches("error", missing.out());
    }
}
