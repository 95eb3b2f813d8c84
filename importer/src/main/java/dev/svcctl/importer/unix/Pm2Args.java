package dev.svcctl.importer.unix;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How pm2 turns a string {@code args} (or {@code interpreter_args}, {@code node_args}) into an array: its option
 * validator splits the string with one regular expression and keeps every piece and captured group that is not
 * blank (JavaScript's {@code String.split} with capture groups, then a filter). The expression cuts at key="value"
 * and key='value' words, at "quoted" and 'quoted' strings, and at a whitespace character followed by a space; a
 * single space between two words does not cut, so {@code "--port 8080"} stays one argument. Reproduced from pm2's
 * documented behaviour of lib/tools/Config.js (pm2 5.x); {@code Pm2OracleTest} checks it against node itself.
 */
public final class Pm2Args {
    // JavaScript's \s, spelled out: Java's \s is ASCII-only by default
    private static final String JS_SPACE = "[\\t\\n\\x0B\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f"
            + "\\u205f\\u3000\\ufeff]";
    private static final Pattern CUT = Pattern.compile("((?<![A-Za-z0-9_\\-])([A-Za-z0-9_\\-]+=\"[^\"]*\")"
            + "|(?<![A-Za-z0-9_\\-])([A-Za-z0-9_\\-]+='[^']*')|\"([^\"]*)\"|'([^']*)'|" + JS_SPACE + " )");

    private Pm2Args() {
    }

    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = CUT.matcher(text);
        int last = 0;
        while (m.find()) {
            pieces.add(text.substring(last, m.start()));
            for (int g = 1; g <= m.groupCount(); g++) {
                pieces.add(m.group(g)); // null for a group that took no part, as JavaScript's undefined
            }
            last = m.end();
        }
        pieces.add(text.substring(last));
        List<String> out = new ArrayList<>();
        for (String p : pieces) {
            if (p != null && !jsTrim(p).isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String jsTrim(String s) {
        return s.replaceAll("^" + JS_SPACE + "+|" + JS_SPACE + "+$", "").replaceAll("^[\\u000a\\u000d]+", "");
    }
}
