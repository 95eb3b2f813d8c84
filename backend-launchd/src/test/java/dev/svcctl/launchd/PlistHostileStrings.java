package dev.svcctl.launchd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Strings that break naive plist writers, on top of the project's shared corpus
 * ({@link dev.svcctl.testing.HostileStrings}): XML syntax, CR in every position, C1 controls, BOM, bidi controls,
 * supplementary planes, long strings. {@link #carriable()} is everything XML 1.0 can carry; {@link #uncarriable()}
 * the characters it cannot.
 */
final class PlistHostileStrings {
    private PlistHostileStrings() {
    }

    /** The shared corpus and the plist-specific one, without the strings XML cannot carry. */
    static List<String> carriable() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(dev.svcctl.testing.HostileStrings.corpus());
        all.addAll(plistSpecific());
        return all.stream().filter(s -> PlistXml.firstInvalidChar(s) < 0).toList();
    }

    /** The strings of the shared corpus that XML cannot carry (its control characters). */
    static List<String> sharedUncarriable() {
        return dev.svcctl.testing.HostileStrings.corpus().stream().filter(s -> PlistXml.firstInvalidChar(s) >= 0)
                .toList();
    }

    static List<String> plistSpecific() {
        List<String> out = new ArrayList<>(List.of(
                "", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", " \t\n\r ", "  leading", "trailing  ",
                "in  side", "tab\there", "line1\nline2", "cr\ronly", "crlf\r\nline", "\n\rmixed\r\n",
                "&", "&amp;", "&lt;", "&#13;", "&#x0;", "&nbsp;", "&unknown;", "<", ">", "<>", "</string>",
                "<string>x</string>", "</array><string>injected</string><array>", "<key>Label</key>",
                "<!-- comment -->", "-->", "<!--", "--", "<![CDATA[x]]>", "]]>", "]]", "<?xml version=\"1.0\"?>",
                "<!DOCTYPE x>", "<!ENTITY x \"y\">", "&x;", "\"", "'", "\"'\"'", "`id`", "$(id)", "${HOME}", "$HOME",
                "%s%n%%", "%HOME%", "a\\b", "\\", "\\\\", "\\n", "\\u0041", "C:\\Program Files\\x", "~", "~/x", "*",
                "?", "[a-z]", "{a,b}", "a;b", "a|b", "a&&b", "a||b", "!", "#comment", "-", "--flag", "--x=y",
                "-n", "null", "nil", "true", "false", "<true/>", "<false/>", "0", "-1", "0123", "1e5", "NaN",
                "Infinity", "0x1F", "1.0", "é", "e\u0301", "\u00e9\u0301", "ß", "İ", "ﬁ", "Ω", "日本語", "中文字符",
                "한국어", "עברית", "العربية", "שלום world", "abc\u202Edef", "\u200F\u200E", "\u202A\u202B\u202C",
                "\u200B", "\u200D", "\u2028", "\u2029", "\u00A0", "\u3000", "\uFEFF", "x\uFEFFy", "\uFFFD",
                "\uE000", "\uFFFC", "\u007F", "\u0080", "\u0085", "\u009F", "😀", "👨‍👩‍👧‍👦", "🇫🇷🇯🇵", "👍🏽",
                "𝕏𝔸𝕄𝕃", "𐍈", "\uD83D\uDE00\uD83D\uDE00", "\uDBFF\uDFFD", "\u0000".replace("\u0000", "nul-free"),
                "a".repeat(10_000), "€".repeat(5_000), "😀".repeat(3_000), "<&>".repeat(2_000),
                " ".repeat(1_000), "\n".repeat(500), "x\ny\rz\tw", "O'Brien \"Quote\" <tag> & co."));
        String pool = "&<>\"'\t\n\r ]]>-!?/\\$`%;|*~#=é日😀\u202E\u200D\uFEFF\u0085abcXYZ019";
        int[] points = pool.codePoints().toArray();
        Random random = new Random(20261121L);
        while (out.size() < 260) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                s.appendCodePoint(points[random.nextInt(points.length)]);
            }
            out.add(s.toString());
        }
        return out;
    }

    /** Code points XML 1.0 cannot carry: C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates. */
    static List<String> uncarriable() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                out.add(String.valueOf((char) c));
            }
        }
        out.add("\uFFFE");
        out.add("\uFFFF");
        out.add("\uD800");
        out.add("\uDFFF");
        return out;
    }
}
