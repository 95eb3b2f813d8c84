package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * svcctl runs as root, so {@code svcctl validate FILE} can be pointed at a file its caller cannot read: the errors
 * about a file that is no spec must not print what the file holds. A shadow file parses as a YAML map (each line
 * ends in ':'), whose keys are whole lines with their password hashes.
 */
class NotASpecIsNotEchoedTest {
    private static final Path FIXTURES = Path.of("target", "not-a-spec");
    private static final String HASH = "$y$j9T$Zq0ud9.BmcQ0ZBa5Qk0bH1$4I8qPFjyQBsEvQ4xj0Vk3DzN1mCx8a1Lfkh3b5Gd2k7";
    private static final String SHADOW = "root:" + HASH + ":19000:0:99999:7:::\n"
            + "daemon:*:19000:0:99999:7:::\n"
            + "billing:!:19000:0:99999:7:::\n";

    private static List<String> errors(Path file) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(file));
        return e.errors().stream().map(SpecError::format).toList();
    }

    private static Path fixture(String name, String text) throws IOException {
        Files.createDirectories(FIXTURES);
        return Files.writeString(FIXTURES.resolve(name), text);
    }

    @Test
    void aShadowFileIsNamedNotASpecWithoutAnyOfItsText() throws IOException {
        Path shadow = fixture("shadow", SHADOW);
        assertEquals(List.of(shadow + ":1:1: this is not a service spec: none of its 3 top-level keys is a spec key"
                + " (hint: a spec is a map with at least 'name' and 'exec')"), errors(shadow));
    }

    @Test
    void aShadowLineInsideASpecIsShownCutToItsFirstCharacters() throws IOException {
        Path spec = fixture("spec-with-shadow-line.yaml", "name: billing\nexec: /bin/true\n" + SHADOW);
        List<String> errors = errors(spec);
        assertEquals(3, errors.size(), errors.toString());
        assertEquals(spec + ":3:1: unknown key 'roo…'", errors.get(0).substring(0, errors.get(0).indexOf(" (hint")));
        assertEquals(spec + ":4:1: unknown key 'dae…'", errors.get(1).substring(0, errors.get(1).indexOf(" (hint")));
        assertEquals(spec + ":5:1: unknown key 'bil…'", errors.get(2).substring(0, errors.get(2).indexOf(" (hint")));
        assertFalse(String.join("\n", errors).contains("19000"), errors.toString());
    }

    @Test
    void aShadowLineAsADuplicatedEnvNameIsShownCutToo() throws IOException {
        String line = "root:" + HASH + ":19000:0:99999:7::";
        Path spec = fixture("duplicate-shadow-line.yaml", "name: billing\nexec: /bin/true\nenv:\n  \"" + line
                + "\": a\n  \"" + line + "\": b\n");
        List<String> errors = errors(spec);
        assertEquals(List.of(spec + ":4:3: env.roo…: 'roo…' is not a valid environment variable name (letters,"
                + " digits and '_', not starting with a digit) (hint: names like JAVA_OPTS work on every platform)",
                spec + ":5:3: duplicate key 'env.roo…' (hint: each key may appear once)"), errors);
        assertFalse(String.join("\n", errors).contains(HASH), errors.toString());
    }

    @Test
    void keysThatLookLikeNamesAreShownWhole() {
        assertEquals("workingDirectry", NodeReader.shownKey("workingDirectry"));
        assertEquals("stop.timeout", NodeReader.shownKey("stop.timeout"));
        assertEquals("_x-1", NodeReader.shownKey("_x-1"));
        assertEquals("roo…", NodeReader.shownKey("root:x:0:0"));
        assertEquals("exe…", NodeReader.shownKey("exec path"));
        assertEquals("a".repeat(3) + "…", NodeReader.shownKey("a".repeat(65)));
        assertEquals("a b", NodeReader.shownKey("a b"));
        assertEquals("🚀🚀🚀…", NodeReader.shownKey("🚀🚀🚀🚀"));
    }

    @Test
    void theHostsShadowFileIsNotEchoedWhenReadable() throws IOException {
        Path shadow = Path.of("/etc/shadow");
        assumeTrue(Files.isReadable(shadow), "/etc/shadow is not readable (run as root to include this)");
        String printed = String.join("\n", errors(shadow));
        for (String line : Files.readAllLines(shadow)) {
            for (String field : line.split(":")) {
                if (field.length() > 3) {
                    assertFalse(printed.contains(field), "a field of /etc/shadow is printed: " + printed);
                }
            }
        }
    }
}
