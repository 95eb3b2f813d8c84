package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Editors show a schema's {@code patternErrorMessage} (yaml-language-server) instead of the raw regular expression:
 * every {@code pattern} of the schema has one, written for people (it names no regular expression syntax).
 */
class SchemaMessagesTest {
    @Test
    void everyPatternHasAReadableMessage() {
        List<String> missing = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        walk(SpecSchema.schemaDocument(), "#", missing, unreadable);
        assertEquals(List.of(), missing, "patterns without a patternErrorMessage");
        assertEquals(List.of(), unreadable, "messages that look like regular expressions");
    }

    private static void walk(JsonNode node, String where, List<String> missing, List<String> unreadable) {
        if (node.isObject()) {
            if (node.path("pattern").isTextual()) {
                JsonNode message = node.path("patternErrorMessage");
                if (!message.isTextual() || message.asText().isBlank()) {
                    missing.add(where);
                } else if (message.asText().matches(".*(\\^|\\$$|\\(\\?|\\[\\^|\\\\u0000).*")) {
                    unreadable.add(where + ": " + message.asText());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), where + "/" + field.getKey(), missing, unreadable);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, missing, unreadable);
            }
        }
    }
}
