package dev.svcctl.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Strings that break naive quoting: every exactness test (systemd, launchd, Windows) pushes these through the real
 * parser of its platform and compares what the program receives with what the spec said.
 */
public final class HostileStrings {
    private HostileStrings() {
    }

    /** The fixed corpus: at least 200 distinct strings, none containing NUL. */
    public static List<String> corpus() {
        Set<String> s = new LinkedHashSet<>();
        String[] atoms = {
            "", " ", "  ", "\t", " leading", "trailing ", "\tlead-tab", "trail-tab\t", "in side", "a\tb",
            "\"", "\"\"", "'", "''", "\"quoted\"", "'single'", "it's", "say \"hi\"", "\"unbalanced", "unbalanced'",
            "\\", "\\\\", "\\\\\\", "trailing\\", "trailing\\\\", "\\leading", "a\\b", "a\\\\b", "\\\"", "\\\\\"",
            "a\\\"b", "end\\\"", "\\n", "\\t", "\\x41", "\\u00e9", "\\0", "\\$", "\\%", "\\;",
            "$", "$$", "$HOME", "${HOME}", "$(id)", "`id`", "a$b", "${X}y", "$1", "$@", "$*", "${", "$}", "pre$",
            "%", "%%", "%n", "%N", "%i", "%%n", "100%", "%h", "%t", "%{x}", "%U", "%%%", "a%b%c",
            ";", ";;", "a;b", " ; ", "&&", "||", "|", ">", "<", ">>", "2>&1", "&", "*", "?", "[a]", "{a,b}", "~",
            "~/x", "#", "#comment", "!", "!!", "-", "--", "-x", "--flag=value", "=", "a=b", "==",
            "@", "@argv0", "+", ":", "-@:+!", "!!x",
            "é", "naïve café", "日本語", "中文 空格", "한국어", "Ωmega", "ß", "ﬁ", "Å", "Å",
            "😀", "👩‍👩‍👧", "🇫🇷", "a😀b", "\uD834\uDD1E", "עברית", "العربية", "\u202Ertl-override", "mixed עברית text",
            "\u200B", "\u00A0", "\u2028", "\u2029", "\uFEFF", "\uFFFD", "\u0085", "ǅ", "x\u0301", "\u3000",
            "\n", "a\nb", "\n\n", "trailing\n", "\r", "\r\n", "a\rb", "\u0001", "\u001b[31m", "\u007f",
            "\u0008", "\u000b", "\u000c", "bell\u0007", "\u001f",
            "<xml>", "&amp;", "&", "]]>", "<!--", "-->", "<![CDATA[x]]>", "&#0;", "&lt;", "\"&'<>",
            "C:\\Program Files\\x", "\\\\server\\share", "a b\\", "a b\\\\", "\"a b\"", "\\\"a b\\\"", "a\\ b",
            "^", "^^", "%PATH%", "!VAR!", "a^b", "(", ")", "a,b", "a b c d e f g", "/", "//", "/.", "..",
        };
        for (String atom : atoms) {
            s.add(atom);
        }
        String[] joins = {"\"", "\\", "$", "%", " ", "'", ";"};
        for (String a : joins) {
            for (String b : joins) {
                s.add("x" + a + b + "y");
                s.add(a + b);
            }
        }
        s.add("a".repeat(1000));
        s.add("long " + "word ".repeat(2000));
        s.add("\\".repeat(257));
        s.add("\"".repeat(100));
        s.add("%".repeat(50) + "$".repeat(50));
        s.add("😀".repeat(500));
        s.add("x".repeat(30_000));
        return new ArrayList<>(s);
    }

    /** The strings of the corpus that have no control characters (for settings that cannot carry them). */
    public static List<String> printable() {
        return corpus().stream().filter(v -> v.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).toList();
    }
}
