package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes a {@link ServiceSpec} back as spec v1 YAML, canonically: always the same text for the same model, every key
 * that has a value written explicitly (defaults included), in the order of the spec contract. The keys, their
 * order and their kinds of values come from {@link SpecMapping#KEYS}, the values from {@link SpecMapping#valueOf};
 * no key is named here. What it writes reads
 * back as an equal model: {@code SpecLoader.parse(f, SpecWriter.write(s)).spec().equals(s)}.
 *
 * <p>Strings are always double-quoted; characters YAML cannot carry literally (control characters, YAML 1.1 line
 * breaks such as U+2028, the BOM, lone surrogates) are written as escapes. Durations use their shortest spelling and
 * sizes are written in bytes.
 */
public final class SpecWriter {
    private final StringBuilder out = new StringBuilder();

    private SpecWriter() {
    }

    public static String write(ServiceSpec spec) {
        SpecWriter w = new SpecWriter();
        w.spec(spec);
        return w.out.toString();
    }

    /** Every key of the table in order; a section only when a key under it has a value. */
    private void spec(ServiceSpec s) {
        SpecKey[] keys = SpecMapping.KEYS;
        for (int i = 0; i < keys.length; i++) {
            SpecKey key = keys[i];
            if (key.type() == SpecKey.Type.SECTION) {
                if (anyValueUnder(keys, i, s)) {
                    key(key.depth(), key.name());
                }
            } else {
                Object value = present(SpecMapping.valueOf(key, s));
                if (value != null) {
                    value(key, value);
                }
            }
        }
    }

    private static boolean anyValueUnder(SpecKey[] keys, int section, ServiceSpec s) {
        String prefix = keys[section].path() + ".";
        for (int i = section + 1; i < keys.length && keys[i].path().startsWith(prefix); i++) {
            if (keys[i].type() != SpecKey.Type.SECTION && present(SpecMapping.valueOf(keys[i], s)) != null) {
                return true;
            }
        }
        return false;
    }

    /** The value inside an Optional, OptionalInt or OptionalLong, or null when there is none. */
    private static Object present(Object value) {
        if (value instanceof Optional<?> o) {
            return o.orElse(null);
        }
        if (value instanceof OptionalInt o) {
            return o.isPresent() ? Integer.valueOf(o.getAsInt()) : null;
        }
        if (value instanceof OptionalLong o) {
            return o.isPresent() ? Long.valueOf(o.getAsLong()) : null;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private void value(SpecKey key, Object value) {
        int depth = key.depth();
        String name = key.name();
        switch (key.type()) {
            case TEXT -> scalar(depth, name, quote((String) value));
            case TEXT_LIST -> stringList(depth, name, (List<String>) value);
            case TEXT_MAP -> stringMap(depth, name, (Map<String, String>) value);
            case ENUM -> scalar(depth, name, enumKey((Enum<?>) value));
            case SIGNAL -> scalar(depth, name, ((Signal) value).name());
            case DURATION -> scalar(depth, name, duration((Duration) value));
            case INTEGER, SIZE, BOOLEAN, INTEGER_LIST -> scalar(depth, name, value.toString());
            case PERCENT -> scalar(depth, name, quote(value + "%"));
            case DIRECTIVES -> directives(depth, name, (Map<String, List<String>>) value);
            case PLIST -> value(depth, name, value);
            case EXIT_ACTIONS -> exitActions(depth, name, (Map<Integer, ExitAction>) value);
            case ENUM_OR_LIST -> {
                if (value instanceof Enum<?> e) {
                    scalar(depth, name, enumKey(e));
                } else {
                    value(depth, name, value);
                }
            }
            case SECTION -> throw new IllegalArgumentException(key.path() + " is a section");
        }
    }

    private void exitActions(int depth, String name, Map<Integer, ExitAction> actions) {
        key(depth, name);
        for (Map.Entry<Integer, ExitAction> action : actions.entrySet()) {
            scalar(depth + 1, quote(action.getKey().toString()), enumKey(action.getValue()));
        }
    }

    private void directives(int depth, String name, Map<String, List<String>> directives) {
        if (directives.isEmpty()) {
            scalar(depth, name, "{}");
            return;
        }
        key(depth, name);
        for (Map.Entry<String, List<String>> directive : directives.entrySet()) {
            stringList(depth + 1, quote(directive.getKey()), directive.getValue());
        }
    }

    /** Plist values: String, Long, Double, Boolean, List or Map, nested. */
    private void value(int depth, String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                scalar(depth, key, "{}");
                return;
            }
            key(depth, key);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                value(depth + 1, quote(String.valueOf(entry.getKey())), entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                scalar(depth, key, "[]");
                return;
            }
            key(depth, key);
            for (Object item : list) {
                listItem(depth + 1, item);
            }
        } else {
            scalar(depth, key, plainValue(value));
        }
    }

    private void listItem(int depth, Object item) {
        String indent = "  ".repeat(depth);
        if (item instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append(indent).append("-\n");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                value(depth + 1, quote(String.valueOf(entry.getKey())), entry.getValue());
            }
        } else if (item instanceof List<?> list && !list.isEmpty()) {
            out.append(indent).append("-\n");
            for (Object nested : list) {
                listItem(depth + 1, nested);
            }
        } else if (item instanceof Map<?, ?>) {
            out.append(indent).append("- {}\n");
        } else if (item instanceof List<?>) {
            out.append(indent).append("- []\n");
        } else {
            out.append(indent).append("- ").append(plainValue(item)).append('\n');
        }
    }

    private static String plainValue(Object value) {
        if (value instanceof Double d) {
            return floatText(d);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            return value.toString();
        }
        return quote(String.valueOf(value));
    }

    /** A YAML 1.1 float that reads back as exactly {@code d} (the exponent needs its sign in YAML 1.1). */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String text = Double.toString(d);
        int e = text.indexOf('E');
        if (e < 0) {
            return text;
        }
        String exponent = text.substring(e + 1);
        return text.substring(0, e) + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
    }

    private void stringList(int depth, String key, List<String> values) {
        if (values.isEmpty()) {
            scalar(depth, key, "[]");
            return;
        }
        key(depth, key);
        for (String v : values) {
            out.append("  ".repeat(depth + 1)).append("- ").append(quote(v)).append('\n');
        }
    }

    private void stringMap(int depth, String key, Map<String, String> map) {
        if (map.isEmpty()) {
            scalar(depth, key, "{}");
            return;
        }
        key(depth, key);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            scalar(depth + 1, quote(entry.getKey()), quote(entry.getValue()));
        }
    }

    private void key(int depth, String key) {
        out.append("  ".repeat(depth)).append(key).append(":\n");
    }

    private void scalar(int depth, String key, String text) {
        out.append("  ".repeat(depth)).append(key).append(": ").append(text).append('\n');
    }

    private static String duration(Duration d) {
        return d.isZero() ? "0" : quote(Durations.format(d));
    }

    private static String enumKey(Enum<?> e) {
        if (e instanceof SpecWord w) {
            return w.key();
        }
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A YAML double-quoted scalar holding exactly {@code s}. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                q.append(c).append(s.charAt(++i));
            } else if (needsEscape(c)) {
                q.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                || c >= 0xfffe || Character.isSurrogate(c);
    }

}
