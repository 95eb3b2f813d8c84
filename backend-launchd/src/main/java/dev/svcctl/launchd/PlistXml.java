package dev.svcctl.launchd;

import java.util.List;
import java.util.Map;

/**
 * Writes property-list values as Apple's XML plist format (DTD "-//Apple//DTD PLIST 1.0//EN"). Values are String,
 * Long/Integer, Double, Boolean, List or Map with String keys, kept in their iteration order.
 *
 * <p>Text is escaped for XML element content: {@code & < >} become entities, and a carriage return becomes
 * {@code &#13;}, because every XML parser turns a literal CR (and CR LF) into LF on reading. Characters XML 1.0
 * cannot carry at all (most C0 controls, U+FFFE, U+FFFF, lone surrogates) are rejected by
 * {@link LaunchdCheck} before rendering; {@link #firstInvalidChar} is the test it uses.
 */
final class PlistXml {
    static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n";
    private static final String INDENT = "\t";

    private PlistXml() {
    }

    /** The {@code <plist>} element holding {@code root}, with a trailing newline. */
    static String document(Map<String, ?> root) {
        StringBuilder out = new StringBuilder("<plist version=\"1.0\">\n");
        value(out, root, 0);
        return out.append("</plist>\n").toString();
    }

    private static void value(StringBuilder out, Object value, int depth) {
        String pad = INDENT.repeat(depth);
        if (value instanceof String s) {
            out.append(pad).append("<string>").append(escape(s)).append("</string>\n");
        } else if (value instanceof Boolean b) {
            out.append(pad).append(b ? "<true/>" : "<false/>").append('\n');
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(pad).append("<integer>").append(value).append("</integer>\n");
        } else if (value instanceof Double d) {
            out.append(pad).append("<real>").append(real(d)).append("</real>\n");
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append(pad).append("<array/>\n");
                return;
            }
            out.append(pad).append("<array>\n");
            list.forEach(item -> value(out, item, depth + 1));
            out.append(pad).append("</array>\n");
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append(pad).append("<dict/>\n");
                return;
            }
            out.append(pad).append("<dict>\n");
            map.forEach((k, v) -> {
                out.append(pad).append(INDENT).append("<key>").append(escape((String) k)).append("</key>\n");
                value(out, v, depth + 1);
            });
            out.append(pad).append("</dict>\n");
        } else {
            throw new IllegalArgumentException("plist cannot hold " + (value == null ? "null" : value.getClass()));
        }
    }

    /** A finite double in a form both CoreFoundation and strtod read: no exponent surprises, always a dot. */
    private static String real(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        return Double.toString(d);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The index of the first code point XML 1.0 cannot carry, or -1 when all are fine. */
    static int firstInvalidChar(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!isXmlChar(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** XML 1.0, production [2] Char. Lone surrogates arrive here as code points in D800-DFFF and fail. */
    static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || cp >= 0x20 && cp <= 0xD7FF
                || cp >= 0xE000 && cp <= 0xFFFD
                || cp >= 0x10000 && cp <= 0x10FFFF;
    }
}
