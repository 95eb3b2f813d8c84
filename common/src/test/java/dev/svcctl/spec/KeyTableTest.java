package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of keys agrees with the model: each key's default is what the model takes when the key is absent, and
 * the writer writes every key with a default for a spec that sets nothing.
 */
class KeyTableTest {
    static Stream<SpecKey> keysWithADefault() {
        List<SpecKey> keys = new ArrayList<>();
        for (SpecKey key : SpecMapping.KEYS) {
            if (key.defaultJson() != null) {
                keys.add(key);
            }
        }
        return keys.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysWithADefault")
    void writingTheDefaultGivesTheSameModelAsLeavingTheKeyOut(SpecKey key) throws InvalidSpecException {
        String[] parts = key.path().split("\\.");
        // A key inside an optional section is compared inside that section; a health check needs its probe, and
        // readiness its kind, hooks a command.
        String sibling = parts[0].equals("healthCheck") && !parts[1].equals("tcp") ? "tcp: \"127.0.0.1:1\""
                : parts[0].equals("readiness") && !parts[1].equals("notify") ? "notify: true"
                : parts[0].equals("hooks") ? "postStop: [/bin/true]" : "";
        String without = nested(parts, parts.length - 1, sibling);
        String with = nested(parts, parts.length - 1, join(sibling, parts[parts.length - 1] + ": "
                + key.defaultJson()));
        assertEquals(SpecLoader.parse("without.yaml", without).spec(), SpecLoader.parse("with.yaml", with).spec());
    }

    /** A minimal spec with the maps of {@code parts[0..depth)} nested in flow style around {@code content}. */
    private static String nested(String[] parts, int depth, String content) {
        String value = "{" + content + "}";
        for (int i = depth - 1; i >= 1; i--) {
            value = "{" + parts[i] + ": " + value + "}";
        }
        String body = depth == 0 ? content : parts[0] + ": " + value;
        return "name: svc\nexec: /bin/true\n" + body + "\n";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + ", " + b;
    }

    @Test
    void theWriterWritesEveryKeyWithADefaultForASpecThatSetsNothing() {
        String written = SpecWriter.write(ServiceSpec.builder("svc", "/bin/true").build());
        List<String> missing = new ArrayList<>();
        for (SpecKey key : SpecMapping.KEYS) {
            String line = "  ".repeat(key.depth()) + key.name() + ":";
            if (key.defaultJson() != null && !key.path().startsWith("logs.rotate.")
                    && !key.path().startsWith("healthCheck.") && !key.path().startsWith("hooks.")
                    && !written.contains("\n" + line)) {
                missing.add(key.path());
            }
        }
        assertEquals(List.of(), missing, written);
        assertTrue(written.startsWith("name: \"svc\"\n"), written);
    }
}
