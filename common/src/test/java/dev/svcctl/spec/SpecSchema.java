package dev.svcctl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The schema side of the agreement tests: the shipped JSON Schema, and YAML turned into a JSON tree the way an
 * editor's YAML tooling sees it (SnakeYAML's safe constructor, then Jackson).
 */
final class SpecSchema {
    static final String RESOURCE = "/dev/svcctl/spec/service-spec-v1.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private SpecSchema() {
    }

    /** Thrown when the YAML reader refuses the text, so that no schema ever sees it. */
    static final class NotYamlException extends Exception {
        NotYamlException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static JsonNode schemaDocument() {
        try (InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of the key at a dotted path, e.g. {@code stop.timeout}. */
    static JsonNode property(String keyPath) {
        JsonNode node = schemaDocument();
        for (String name : keyPath.split("\\.")) {
            node = node.path("properties").path(name);
        }
        return node;
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(SpecSchema::ecmaScriptLike)
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaDocument(), config);
    }

    /**
     * Schema patterns are ECMAScript regexes, which is what editors run. java.util.regex differs in two ways that
     * matter here: {@code $} also matches before a final line break (so "name\n" would pass), and {@code \s} is
     * ASCII only. Translate both; everything else the schema uses means the same in either dialect.
     */
    static RegularExpression ecmaScriptLike(String regex) {
        Pattern pattern = Pattern.compile(regex.replaceAll("(?<!\\\\)\\$", "\\\\z"),
                Pattern.UNICODE_CHARACTER_CLASS);
        return value -> pattern.matcher(value).find();
    }

    static Set<ValidationMessage> validate(JsonNode document) {
        return SCHEMA.validate(document);
    }

    static Set<ValidationMessage> validateYaml(byte[] yaml) throws NotYamlException {
        return validate(toJson(yaml));
    }

    static JsonNode toJson(byte[] yaml) throws NotYamlException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(yaml)).toString();
        } catch (CharacterCodingException e) {
            throw new NotYamlException("not UTF-8", e);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(SpecLoader.MAX_ALIASES);
        options.setNestingDepthLimit(SpecLoader.MAX_NESTING);
        Object document;
        try {
            List<Object> documents = new java.util.ArrayList<>();
            new Yaml(new SafeConstructor(options)).loadAll(text).forEach(documents::add);
            if (documents.size() > 1) {
                throw new NotYamlException(documents.size() + " documents", null);
            }
            document = documents.isEmpty() ? null : documents.get(0);
        } catch (RuntimeException e) {
            throw new NotYamlException(e.getMessage(), e);
        }
        return JSON.valueToTree(document);
    }
}
