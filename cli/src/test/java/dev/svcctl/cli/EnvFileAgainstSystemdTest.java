package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supervisor's envFile parser against systemd's own: the same hostile files are loaded by a real systemd
 * ({@code EnvironmentFile=}) and by {@code svcctl run} ({@code envFile}); in both cases the program is dd copying its
 * own {@code /proc/self/environ}, and the variables the file defined must be identical byte for byte. What each
 * runner adds by itself (systemd's INVOCATION_ID..., the test JVM's environment) is measured with an empty file and
 * left out, so no case may define such a name.
 */
@ExtendWith(SystemdSandboxExtension.class)
class EnvFileAgainstSystemdTest {
    private static final String DD = "/usr/bin/dd";

    /** Hostile files, by name; each must load (those that must not are added as optional files below). */
    private static Map<String, byte[]> corpus() {
        Map<String, byte[]> c = new LinkedHashMap<>();
        text(c, "empty", "");
        text(c, "plain", "V1=1\nV2=two words\n");
        text(c, "double-quoted-escaped-quote", "V1=\"x\\\"y\"\n");
        text(c, "continuation", "V1=one\\\ntwo\nV2=three\n");
        text(c, "comments", "# c\n; c2\nV1=1\n  # indented comment\n\t; tab comment\nV2=2 # not a comment\n");
        text(c, "comment-continued", "# a comment \\\nHIDDEN=1\nV1=2\n");
        text(c, "single-quoted", "V1='single $x \\n \"q\" \\'\nV2='a''b'\n");
        text(c, "double-quoted-escapes", "V1=\"\\$ \\` \\\\ \\\" \\n \\t \\a \\'\"\n");
        text(c, "unquoted-escapes", "V1=a\\ b\\\"c\\'d\\\\e\\n\\$f\n");
        text(c, "unicode", "V1=héllo wörld ✓ 😀\nÄV2=1\nV3=日本語\nV4=\"ü\\ü\"\n");
        text(c, "empty-values", "V1=\nV2=''\nV3=\"\"\nV4=   \nV5=\t\n");
        text(c, "equals-in-values", "V1=a=b=c\nV2==x\nV3=\"=\"\nV4 = = b\n");
        text(c, "crlf", "V1=1\r\nV2=\"two\"\r\nV3='x'\r\nV4=a b \r\n");
        text(c, "trailing-blanks", "V1=value   \nV2=\"value  \"   \nV3=x\\ \n V4 = y \t\nV5=a\\  \n");
        text(c, "no-final-newline", "V1=1\nV2=last");
        text(c, "unterminated-double-quote", "V1=\"unterminated\nV2=more");
        text(c, "unterminated-single-quote", "V1='abc\nV2=2\n");
        text(c, "export", "export V1=1\nV2=2\nexport\n");
        text(c, "invalid-names", "1V=1\nV-B=2\nV.B=3\nV B=4\n_ok=5\nOK9=6\n=7\n==8\n");
        text(c, "lines-without-equals", "just words\nV1=1\n\n\n   \nnoequals\nV2=2\nlast words");
        text(c, "duplicates", "V1=1\nV1=2\nV2=x\nV1=3\n");
        text(c, "concatenated-quotes", "V1=\"x\"'y'z\nV2= \"a\" \"b\" \nV3=a\"b\"\nV4=\"a\"  b  \n");
        text(c, "leading-blanks", "\t V1=1\n\tV2\t=\t2\t\n   V3   =   3\n");
        text(c, "no-expansion", "V1=$HOME\nV2=${PATH}\nV3=\"$(id)\"\nV4=%h %%\n");
        text(c, "backslash-at-end-of-file", "V1=abc\\");
        text(c, "double-quoted-continuation", "V1=\"line1\\\nline2\"\nV2=\"a\\\r\nb\"\n");
        text(c, "double-quoted-newline", "V1=\"multi\nline\"\nV2=2\n");
        text(c, "cr-line-ends", "V1=1\rV2=2\rV3=3");
        text(c, "continuation-crlf", "V1=x\\\r\ny\r\nV2=2\r\n");
        text(c, "continuation-before-value", "V1=\\\n   indented\nV2=\\\n");
        text(c, "control-characters", "V1=tab\there\nV2=bell\u0007\nV3=esc\u001b[0m\nV4=\"\u007f\"\n");
        text(c, "long-value", "V1=" + "x".repeat(8000) + "\nV2=" + "é".repeat(3000) + "\n");
        text(c, "hash-and-semicolon-in-values", "V1=#x\nV2=;x\nV3=x#y\nV4#=1\nV5= # x\n");
        text(c, "quotes-mid-value", "V1=it's\nV2=say \"hi\"\nV3=a'b'c\n");
        text(c, "byte-order-mark", "\uFEFFV1=1\nV2=2\n");
        text(c, "escaped-quote-first", "V1=\\\"quoted\\\"\nV2=\\'x\n");
        text(c, "quoted-blanks-kept", "V1=\"  a  \"\nV2='\t'\nV3=\" \"x\n");
        text(c, "comment-escape", "# x \\\\\nV1=1\n; y \\\r\nV2=2\nV3=3\n");
        c.put("invalid-utf8-in-comment", bytes("# \u00ff\nV1=1\n", (byte) 0xff));
        return c;
    }

    private static void text(Map<String, byte[]> corpus, String name, String content) {
        corpus.put(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The text with each U+00FF replaced by the raw byte given, to write bytes that are not UTF-8. */
    private static byte[] bytes(String text, byte raw) {
        byte[] utf8 = text.replace('\u00ff', '\u0001').getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == 1) {
                utf8[i] = raw;
            }
        }
        return utf8;
    }

    private static Path freshDir() throws IOException {
        Path dir = Path.of("target", "envfile-oracle").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir.resolve("systemd"));
        Files.createDirectories(dir.resolve("svcctl"));
        return dir;
    }

    @Test
    void hostileEnvFilesGiveTheSameEnvironmentUnderSystemdAndSvcctlRun(SystemdSandbox sandbox) throws Exception {
        Path dir = freshDir();
        Map<String, byte[]> corpus = corpus();
        assertTrue(corpus.size() >= 30, "the corpus has " + corpus.size() + " files");
        corpus.put("baseline", new byte[0]);
        corpus.put("not-utf8", bytes("V1=\u00ff\n", (byte) 0xff));
        corpus.put("nul-byte", bytes("V1=1\nV2=a\u00ffb\nV3=3\n", (byte) 0));
        text(corpus, "noncharacter", "V1=1\nV2=a\uFDD0b\n");
        Map<String, List<String>> cases = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
            Files.write(dir.resolve(file.getKey() + ".env"), file.getValue());
            cases.put(file.getKey(), List.of(dir.resolve(file.getKey() + ".env").toString()));
        }
        // The list form: in order, later files win, a missing or unreadable optional file is skipped.
        cases.put("not-utf8", List.of("-" + dir.resolve("not-utf8.env")));
        cases.put("nul-byte", List.of("-" + dir.resolve("nul-byte.env")));
        cases.put("noncharacter", List.of("-" + dir.resolve("noncharacter.env")));
        cases.put("list", List.of(dir.resolve("plain.env").toString(), "-" + dir.resolve("missing.env"),
                "-" + dir.resolve("not-utf8.env"), dir.resolve("duplicates.env").toString()));
        // What svcctl refuses in envFile paths: systemd reads them as globs.
        cases.put("glob", List.of(dir.resolve("pla?n.env").toString()));
        int n = 0;
        Map<String, String> unitOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entries : cases.entrySet()) {
            String unit = "envfile-" + n++ + ".service";
            unitOf.put(entries.getKey(), unit);
            StringBuilder text = new StringBuilder("[Service]\nType=oneshot\n");
            for (String entry : entries.getValue()) {
                text.append("EnvironmentFile=").append(entry).append('\n');
            }
            sandbox.writeFile("/etc/systemd/system/" + unit, text + "ExecStart=" + DD + " if=/proc/self/environ of="
                    + dir.resolve("systemd/" + entries.getKey()) + " status=none\n");
        }
        sandbox.execOk("systemctl", "daemon-reload");
        for (Map.Entry<String, String> unit : unitOf.entrySet()) {
            var started = sandbox.systemctl("start", unit.getValue());
            assertTrue(started.ok(), unit.getKey() + ": " + started.stderr() + sandbox.journal(unit.getValue()));
            if (!unit.getKey().equals("glob")) {
                runUnderSvcctl(dir, unit.getKey(), cases.get(unit.getKey()));
            }
        }
        cases.remove("glob");

        Set<String> systemdOwn = names(dump(dir, "systemd", "baseline"));
        Set<String> svcctlOwn = names(dump(dir, "svcctl", "baseline"));
        assertEquals(List.of("V1=1", "V2=two words"), without(dump(dir, "systemd", "glob"), systemdOwn),
                "systemd expands EnvironmentFile= as a glob");
        // Not vacuous: the issue's own examples, as systemd gives them.
        assertEquals(List.of("V1=x\"y"), without(dump(dir, "systemd", "double-quoted-escaped-quote"), systemdOwn));
        assertEquals(List.of("V1=onetwo", "V2=three"), without(dump(dir, "systemd", "continuation"), systemdOwn));
        List<String> differences = new ArrayList<>();
        for (String name : cases.keySet()) {
            List<String> bySystemd = without(dump(dir, "systemd", name), systemdOwn);
            List<String> bySvcctl = without(dump(dir, "svcctl", name), svcctlOwn);
            if (!bySystemd.equals(bySvcctl)) {
                differences.add(name + ":\n  systemd:     " + visible(bySystemd)
                        + "\n  svcctl run:  " + visible(bySvcctl));
            }
        }
        assertEquals("", String.join("\n", differences), cases.size() + " cases, "
                + differences.size() + " differ");
    }

    private static void runUnderSvcctl(Path dir, String name, List<String> envFiles) throws IOException {
        Path spec = dir.resolve(name + ".yaml");
        StringBuilder list = new StringBuilder();
        for (String entry : envFiles) {
            list.append(list.length() == 0 ? "[" : ", ").append('\'').append(entry).append('\'');
        }
        Files.writeString(spec, "name: envfile-oracle\nexec: " + DD + "\nargs: [if=/proc/self/environ, 'of="
                + dir.resolve("svcctl/" + name) + "', status=none]\nenvFile: " + list
                + "]\nrestart: {policy: never}\nlogs: {stdout: inherit, stderr: inherit}\n");
        // A JVM of its own, as in production: an in-process supervisor would count this JVM's other children (the
        // sandbox) as leftovers of its program and kill them when the program ends.
        Path err = dir.resolve(name + ".svcctl-run.err");
        Process run = SvcctlJvm.command("run", spec.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            assertTrue(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), name + ": svcctl run did not end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertEquals(0, run.exitValue(), name + ": svcctl run: " + Files.readString(err));
    }

    /** The entries of a dumped environment, each as its bytes (one char per byte). */
    private static List<String> dump(Path dir, String runner, String name) throws IOException {
        Path file = dir.resolve(runner).resolve(name);
        assertTrue(Files.exists(file), runner + " did not run the program for " + name);
        String all = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<String> entries = new ArrayList<>(List.of(all.split("\0")));
        entries.removeIf(String::isEmpty);
        return entries;
    }

    private static Set<String> names(List<String> entries) {
        Set<String> names = new HashSet<>();
        for (String e : entries) {
            names.add(e.substring(0, e.indexOf('=')));
        }
        return names;
    }

    private static List<String> without(List<String> entries, Set<String> names) {
        List<String> kept = new ArrayList<>();
        for (String e : entries) {
            if (!names.contains(e.substring(0, e.indexOf('=')))) {
                kept.add(e);
            }
        }
        kept.sort(null);
        return kept;
    }

    /** Entries with control bytes shown as \xNN, so that a difference can be read. */
    private static String visible(List<String> entries) {
        StringBuilder out = new StringBuilder("[");
        for (String e : entries) {
            out.append(out.length() > 1 ? ", " : "").append('"');
            for (char ch : e.toCharArray()) {
                out.append(ch < 0x20 || ch == 0x7f || ch >= 0x80 ? String.format("\\x%02x", (int) ch) : ch);
            }
            out.append('"');
        }
        return out.append(']').toString();
    }
}
