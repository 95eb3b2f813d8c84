package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema as users get it: a file in the archive (share/svcctl/) and the .deb (/usr/share/svcctl/), named
 * by every shipped example's yaml-language-server modeline wherever the examples are, and accepting every shipped
 * example when an independent validator (ajv, through npx) checks them.
 */
class ShippedSchemaIT {
    private static final Path DIST = Path.of(System.getProperty("svcctl.dist"));
    private static final Path TARGET = Files2.target();
    private static final Path SCHEMA = DIST.resolve("share/svcctl/service-spec-v1.schema.json");
    private static final String MODELINE = "# yaml-language-server: $schema=";

    private static List<Path> examples(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(list.size() >= 5, () -> dir + " holds only " + list);
            return list;
        }
    }

    /** Where the example's modeline points, resolved as yaml-language-server does: against the file's directory. */
    private static Path schemaOf(Path example) throws Exception {
        String first = Files.readAllLines(example).get(0);
        assertTrue(first.startsWith(MODELINE), () -> example + " starts with " + first);
        return example.getParent().resolve(first.substring(MODELINE.length())).normalize();
    }

    @Test
    void theSchemaFileIsTheOneTheSpecReaderShipsWith() throws Exception {
        Path source = Path.of("..", "common", "src", "main", "resources", "dev", "svcctl", "spec",
                "service-spec-v1.schema.json");
        assertEquals(Files.readString(source), Files.readString(SCHEMA));
    }

    @Test
    void theArchivesExamplesPointAtTheArchivesSchema() throws Exception {
        for (Path example : examples(DIST.resolve("examples"))) {
            assertEquals(SCHEMA.normalize(), schemaOf(example), example.toString());
        }
    }

    @Test
    void theDebsExamplesPointAtTheDebsSchema() throws Exception {
        Path stage = TARGET.resolve("deb");
        List<Path> roots = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            if (Files.isDirectory(stage.resolve(arch + "/root"))) {
                roots.add(stage.resolve(arch + "/root"));
            }
        }
        assertTrue(!roots.isEmpty(), "no .deb tree under " + stage);
        for (Path root : roots) {
            Path schema = root.resolve("usr/share/svcctl/service-spec-v1.schema.json");
            assertTrue(Files.isRegularFile(schema), schema.toString());
            for (Path example : examples(root.resolve("usr/share/svcctl/examples"))) {
                assertEquals(schema, schemaOf(example), example.toString());
            }
        }
    }

    @Test
    void ajvValidatesTheShippedExamplesAgainstTheShippedSchema() throws Exception {
        boolean ci = System.getenv("CI") != null;
        boolean npx = Files.isExecutable(Path.of("/usr/bin/npx")) || Files.isExecutable(Path.of("/usr/local/bin/npx"));
        if (!ci) {
            Assumptions.assumeTrue(npx, "node's npx is not installed here (.ci/run installs npm)");
        }
        Path dir = Files2.freshDirectory("ajv");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: not a name\nexec: /bin/true\nrestart: {delay: soon}\n");
        List<String> command = new ArrayList<>(List.of("npx", "--yes", "ajv-cli@5.0.0", "validate", "--spec=draft7",
                "--all-errors", "--errors=line",
                // patternErrorMessage is yaml-language-server's keyword: ajv is told to let unknown keywords be.
                "--strict=false", "-s", SCHEMA.toString()));
        for (Path example : examples(DIST.resolve("examples"))) {
            command.add("-d");
            command.add(example.toString());
        }
        Run valid = Run.of(dir, command);
        if (!ci && valid.exitCode() != 0 && valid.err().matches("(?s).*(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT).*")) {
            Assumptions.abort("the npm registry is out of reach here: " + valid.err().lines().findFirst().orElse(""));
        }
        assertEquals(0, valid.exitCode(), valid::toString);
        String report = valid.out() + valid.err();
        for (Path example : examples(DIST.resolve("examples"))) {
            assertTrue(report.contains(example + " valid"), () -> example + ":\n" + report);
        }

        List<String> negative = new ArrayList<>(command.subList(0, command.indexOf("-d")));
        negative.addAll(List.of("-d", broken.toString()));
        Run invalid = Run.of(dir, negative);
        assertTrue(invalid.exitCode() != 0, invalid::toString);
        String why = invalid.out() + invalid.err();
        assertTrue(why.contains(broken + " invalid") && why.contains("/name") && why.contains("/restart/delay"),
                invalid::toString);
    }
}
