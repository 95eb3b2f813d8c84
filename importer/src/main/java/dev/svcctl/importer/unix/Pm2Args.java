package dev.svcctl.importer.unix;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How pm2 7 turns a string {@code args} (or {@code interpreter_args}, {@code node_args}) into an array: its option
 * validator takes, left to right, a {@code key="value"} or {@code key='value'} word (kept whole, quotes included), a
 * {@code "quoted"} or {@code 'quoted'} string (its quotes removed), or else a run of non-blank characters (kept as
 * is: no escapes, quotes inside a word stay), and drops the blank results. Reproduced from pm2 7.0.4's
 * lib/tools/Config.js behaviour (pm2 before 7 cut differently); {@code Pm2OracleTest} checks it against node.
 */
public final class Pm2Args {
    // JavaScript's \s, spelled out: Java's \s is ASCII-only by default
    private static final String JS_SPACE_CHARS = "\\t\\n\\x0B\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029"
            + "\\u202f\\u205f\\u3000\\ufeff";
    private static final String KEY = "[^" + JS_SPACE_CHARS + "\"'=]+";
    private static final Pattern TOKEN = Pattern.compile(KEY + "=\"[^\"]*\"|" + KEY + "='[^']*'|\"([^\"]*)\"|'([^']*)'"
            + "|[^" + JS_SPACE_CHARS + "]+");
    private static final Pattern TRIM = Pattern.compile("^[" + JS_SPACE_CHARS + "]+|[" + JS_SPACE_CHARS + "]+$");

    private Pm2Args() {
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String v = m.group();
            if (v.length() >= 1 && (v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
                    || v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'')) {
                v = v.length() == 1 ? "" : v.substring(1, v.length() - 1);
            }
            if (!TRIM.matcher(v).replaceAll("").isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }
}
