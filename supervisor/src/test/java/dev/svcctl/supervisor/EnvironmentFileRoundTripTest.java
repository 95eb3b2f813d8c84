package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.EnvironmentFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What svcctl writes for systemd's {@code EnvironmentFile=} (the env of a unit systemd runs itself) read back with
 * the systemd-exact parser ({@link EnvFile}, proven against systemd 252 by EnvFileAgainstSystemdTest): every hostile
 * value comes back byte for byte. ExactnessTest runs the same writer through the real systemd.
 */
class EnvironmentFileRoundTripTest {

    /** Values that each trip one rule of the parser if written naively. */
    static List<String> hostileValues() {
        List<String> v = new ArrayList<>();
        v.add("");
        v.add("s3cret");
        v.add(" leading space");
        v.add("trailing space ");
        v.add("  both  ");
        v.add("\ttabs\t");
        v.add("a\"b");
        v.add("\"");
        v.add("\"\"");
        v.add("'");
        v.add("it's");
        v.add("'single'");
        v.add("\\");
        v.add("ends with backslash\\");
        v.add("\\\\double");
        v.add("back\\nslash-n");
        v.add("back\\\"quote");
        v.add("$HOME");
        v.add("${PATH}");
        v.add("$$");
        v.add("\\$HOME");
        v.add("`id`");
        v.add("$(id)");
        v.add("%h %% %n");
        v.add("#not a comment");
        v.add("; not a comment");
        v.add("x # y");
        v.add("a=b=c");
        v.add("=");
        v.add("multi\nline");
        v.add("\n");
        v.add("ends with newline\n");
        v.add("\nstarts with newline");
        v.add("backslash before newline\\\nnext");
        v.add("carriage\rreturn");
        v.add("crlf\r\nline");
        v.add("héllo wörld ✓ 😀 日本語 עברית");
        v.add("\uFEFFbyte order mark");
        v.add("bell\u0007 esc\u001b[0m del\u007f");
        v.add("export X=1");
        v.add("\"quoted\" 'mixed' \\escaped\\ $var `cmd` # ;");
        v.add("x".repeat(10_000));
        v.add("é\\\"".repeat(1000));
        return v;
    }

    @Test
    void everyHostileValueComesBackByteForByte() throws Exception {
        List<String> values = hostileValues();
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            env.put("V" + i, values.get(i));
        }
        env.put("_under_score9", "last");

        String text = EnvironmentFile.text("svcctl-managed spec=0 body=0 -- a comment", env);
        EnvFile.Contents read = EnvFile.parse(text.getBytes(StandardCharsets.UTF_8), "api.env");

        assertTrue(values.size() >= 40);
        assertEquals(List.of(), read.warnings());
        List<String> mismatches = new ArrayList<>();
        env.forEach((name, value) -> {
            if (!value.equals(read.variables().get(name))) {
                mismatches.add(name + ": wrote " + value + " read " + read.variables().get(name));
            }
        });
        assertEquals(List.of(), mismatches);
        assertEquals(new ArrayList<>(env.keySet()), new ArrayList<>(read.variables().keySet()));
    }

    @Test
    void eachValueAloneToo() throws Exception {
        for (String value : hostileValues()) {
            String text = EnvironmentFile.text("c", Map.of("V", value));
            assertEquals(Map.of("V", value), EnvFile.parse(text.getBytes(StandardCharsets.UTF_8), "f").variables(),
                    text);
        }
    }

    @Test
    void onlyBackslashAndDoubleQuoteAreEscaped() {
        assertEquals("DB_PASSWORD=\"s3cret\"", EnvironmentFile.assignment("DB_PASSWORD", "s3cret"));
        assertEquals("A=\"x\\\"y\\\\z $H 'q'\"", EnvironmentFile.assignment("A", "x\"y\\z $H 'q'"));
        assertEquals("E=\"\"", EnvironmentFile.assignment("E", ""));
    }
}
