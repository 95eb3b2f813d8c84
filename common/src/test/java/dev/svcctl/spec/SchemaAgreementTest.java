package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON Schema and the model agree: on the example specs, and on the invalid corpus. */
class SchemaAgreementTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    /**
     * The rules only the model checks, by the corpus file that shows each (also listed in invalid/README.md): the
     * schema accepts these files. Plus the 1 MiB file size limit, shown by the generated oversized file.
     */
    static final Map<String, String> MODEL_ONLY_RULES = Map.of(
            "duration-too-long.yaml", "a duration is at most ten years",
            "maxdelay-shorter-than-delay.yaml", "restart.maxDelay is not shorter than restart.delay",
            "size-too-large.yaml", "a size fits in 64 bits of bytes",
            "lone-surrogate.yaml", "text holds no lone UTF-16 surrogate",
            "alias-expansion.yaml", "aliases may not expand to more than 50,000 values");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(list.size() >= 5, "examples/ holds only " + list);
            return list.stream();
        }
    }

    static Stream<InvalidSpecCorpus.Case> corpus() throws IOException {
        return InvalidSpecCorpus.cases(InvalidSpecCorpusTest.CORPUS).stream();
    }

    @Test
    void theModelOnlyRulesAreExactlyTheDeclaredOnes() throws IOException {
        Set<String> declared = new TreeSet<>();
        for (InvalidSpecCorpus.Case c : InvalidSpecCorpus.cases(InvalidSpecCorpusTest.CORPUS)) {
            if (c.schema() == InvalidSpecCorpus.SchemaVerdict.MODEL_ONLY) {
                declared.add(c.toString());
            }
        }
        assertEquals(new TreeSet<>(MODEL_ONLY_RULES.keySet()), declared);
    }

    @Test
    void theSchemaIsAValidDraft07Schema() {
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema#"));
        assertEquals(Set.of(), metaSchema.validate(SpecSchema.schemaDocument()));
    }

    @Test
    void theSchemaNamesExactlyTheKeysOfTheTableInItsOrder() {
        List<String> schemaKeys = new ArrayList<>();
        schemaKeys(SpecSchema.schemaDocument(), "", schemaKeys);
        List<String> tableKeys = new ArrayList<>();
        for (SpecKey key : SpecMapping.KEYS) {
            tableKeys.add(key.path());
        }
        assertEquals(tableKeys, schemaKeys);
    }

    private static void schemaKeys(JsonNode schema, String path, List<String> out) {
        for (Iterator<String> names = schema.path("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String keyPath = path.isEmpty() ? name : path + "." + name;
            out.add(keyPath);
            schemaKeys(schema.path("properties").get(name), keyPath, out);
        }
    }

    @Test
    void eachKeyHasTheTablesDefaultDocAndTypeInTheSchema() throws IOException {
        List<String> disagreements = new ArrayList<>();
        for (SpecKey key : SpecMapping.KEYS) {
            JsonNode property = SpecSchema.property(key.path());
            JsonNode tableDefault = key.defaultJson() == null ? null : SpecSchema.json(key.defaultJson());
            if (!Objects.equals(tableDefault, property.get("default"))) {
                disagreements.add(key.path() + ": default " + key.defaultJson() + " in the table, "
                        + property.get("default") + " in the schema");
            }
            if (!key.doc().equals(property.path("description").asText())) {
                disagreements.add(key.path() + ": the doc differs from the schema's description");
            }
            String type = property.path("type").asText("");
            if (!type.isEmpty() && !type.equals(jsonType(key.type()))) {
                disagreements.add(key.path() + ": " + key.type() + " in the table, " + type + " in the schema");
            }
        }
        assertEquals(List.of(), disagreements);
    }

    /** The JSON type of each kind of value; scalars in YAML may be written as strings or numbers. */
    private static String jsonType(SpecKey.Type type) {
        return switch (type) {
            case SECTION, TEXT_MAP, DIRECTIVES, PLIST, EXIT_ACTIONS -> "object";
            case TEXT_LIST, INTEGER_LIST -> "array";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case TEXT, ENUM, SIGNAL, DURATION, SIZE, PERCENT -> "string";
            case ENUM_OR_LIST -> "no single type (anyOf)";
        };
    }

    @Test
    void everyObjectInTheSchemaIsClosedOrAnOpenMapOnPurpose() {
        List<String> open = new ArrayList<>();
        walk(SpecSchema.schemaDocument(), "#", open);
        // Maps whose keys are the user's: env names, directive names, plist keys, exit codes.
        assertEquals(List.of("#/definitions/directives", "#/definitions/plistValue/anyOf/4",
                "#/properties/env", "#/properties/platform/properties/launchd/properties/plist",
                "#/properties/restart/properties/onExit"), open.stream().sorted().toList());
    }

    private static void walk(JsonNode node, String at, List<String> open) {
        if (node.isObject()) {
            if (node.path("type").asText().equals("object") && !node.path("additionalProperties").isBoolean()) {
                open.add(at);
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                walk(node.get(name), at + "/" + name, open);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, open);
            }
        }
    }

    @Test
    void everyKeyHasADescriptionForEditors() {
        List<String> undescribed = new ArrayList<>();
        undescribedKeys(SpecSchema.schemaDocument(), "", undescribed);
        assertEquals(List.of(), undescribed);
    }

    private static void undescribedKeys(JsonNode schema, String path, List<String> undescribed) {
        for (Iterator<String> names = schema.path("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode property = schema.path("properties").get(name);
            String keyPath = path.isEmpty() ? name : path + "." + name;
            if (property.path("description").asText().isBlank()) {
                undescribed.add(keyPath);
            }
            undescribedKeys(property, keyPath, undescribed);
        }
    }

    @Test
    void theFullExampleUsesEveryKeyOfTheSchema() throws Exception {
        JsonNode full = SpecSchema.toJson(Files.readAllBytes(EXAMPLES.resolve("full.yaml")));
        List<String> unused = new ArrayList<>();
        unusedKeys(SpecSchema.schemaDocument(), full, "", unused);
        // healthCheck takes exactly one probe: the other examples use tcp and exec; reload.exec is in nginx.yaml;
        // readiness takes one kind (notify here).
        assertEquals(List.of("reload.exec", "healthCheck.tcp", "healthCheck.exec", "readiness.tcp", "readiness.http",
                "readiness.exec", "readiness.pidFile"), unused);
    }

    private static void unusedKeys(JsonNode schema, JsonNode document, String path, List<String> unused) {
        JsonNode properties = schema.path("properties");
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String keyPath = path.isEmpty() ? name : path + "." + name;
            if (!document.has(name)) {
                unused.add(keyPath);
            } else {
                unusedKeys(properties.get(name), document.get(name), keyPath, unused);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsValidUnderBoth(Path example) throws Exception {
        SpecLoader.load(example);
        assertEquals(Set.of(), SpecSchema.validateYaml(Files.readAllBytes(example)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyInvalidSpecIsRejectedByBothUnlessTheSchemaCannotSay(InvalidSpecCorpus.Case c) throws Exception {
        assertThrows(InvalidSpecException.class, () -> SpecLoader.load(c.file()));
        byte[] bytes = Files.readAllBytes(c.file());
        switch (c.schema()) {
            case YAML -> assertThrows(SpecSchema.NotYamlException.class, () -> SpecSchema.toJson(bytes),
                    c + " is declared unreadable as YAML");
            case MODEL_ONLY -> assertEquals(Set.of(), SpecSchema.validateYaml(bytes),
                    c + " is declared model-only (" + c.schemaReason() + "): the schema should accept it");
            case REJECTS -> {
                Set<ValidationMessage> errors;
                try {
                    errors = SpecSchema.validateYaml(bytes);
                } catch (SpecSchema.NotYamlException e) {
                    fail(c + " is declared rejected by the schema but the YAML reader refuses it: " + e.getMessage());
                    return;
                }
                assertFalse(errors.isEmpty(), c + " is accepted by the schema");
            }
        }
    }
}
