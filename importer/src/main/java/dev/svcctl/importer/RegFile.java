package dev.svcctl.importer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A registry export as regedit and {@code reg export} write it: {@code Windows Registry Editor Version 5.00} (or
 * REGEDIT4), {@code [KEY]} lines, and {@code "Name"=value} or {@code @=value} lines where value is {@code "string"}
 * (with {@code \\} and {@code \"}), {@code dword:XXXXXXXX}, {@code hex(T):bytes} or {@code hex:bytes}, continued over
 * lines ending in a backslash. Hex strings are UTF-16LE in version 5 files and single bytes in REGEDIT4 ones.
 */
final class RegFile {
    static final int REG_NONE = 0;
    static final int REG_SZ = 1;
    static final int REG_EXPAND_SZ = 2;
    static final int REG_BINARY = 3;
    static final int REG_DWORD = 4;
    static final int REG_MULTI_SZ = 7;
    static final int REG_QWORD = 11;

    /** One value: its name ("" for the default value), type and data, the line it starts on. */
    record Value(String name, int type, Object data, int line) {
        String string() {
            return data instanceof String s ? s : data instanceof List<?> l ? String.join("\n", asStrings(l)) : null;
        }

        @SuppressWarnings("unchecked")
        List<String> strings() {
            return data instanceof List<?> l ? (List<String>) l : data instanceof String s ? List.of(s) : List.of();
        }

        Long number() {
            return data instanceof Long n ? n : null;
        }

        private static List<String> asStrings(List<?> l) {
            List<String> out = new ArrayList<>();
            l.forEach(o -> out.add(String.valueOf(o)));
            return out;
        }
    }

    /** One key: its path as written, the line of its header, its values by lower-case name in file order. */
    record Key(String path, int line, boolean deleted, Map<String, Value> values) {
        Value get(String name) {
            return values.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RegFile() {
    }

    static boolean looksLikeRegFile(String text) {
        String head = stripBom(text).stripLeading();
        return head.startsWith("Windows Registry Editor Version 5.00") || head.startsWith("REGEDIT4");
    }

    static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static List<Key> parse(String text, Findings findings) throws ImportException {
        String body = stripBom(text);
        boolean unicode = !body.stripLeading().startsWith("REGEDIT4");
        String[] lines = body.split("\r\n|\r|\n", -1);
        List<Key> keys = new ArrayList<>();
        Key current = null;
        int header = firstContentLine(lines);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNumber = i + 1;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith(";") || i == header) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                int close = trimmed.lastIndexOf(']');
                if (close < 0) {
                    throw findings.error(lineNumber, "a key line without its closing ']'", "is this a .reg file?");
                }
                String path = trimmed.substring(1, close);
                boolean deleted = path.startsWith("-");
                current = new Key(deleted ? path.substring(1) : path, lineNumber, deleted, new LinkedHashMap<>());
                keys.add(current);
                continue;
            }
            // A value, possibly continued over following lines that end with a backslash.
            StringBuilder logical = new StringBuilder(line.stripLeading());
            while (endsWithContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                i++;
                logical.append(lines[i].strip());
            }
            if (current == null) {
                throw findings.error(lineNumber, "a value before the first [KEY] line", "is this a .reg file?");
            }
            Value value = parseValue(logical.toString(), lineNumber, unicode, findings);
            if (value != null) {
                current.values().put(value.name().toLowerCase(Locale.ROOT), value);
            }
        }
        return keys;
    }

    private static int firstContentLine(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** A hex value continues when its line ends with a backslash; a quoted string never does (it ends with "). */
    private static boolean endsWithContinuation(StringBuilder logical) {
        String s = logical.toString().stripTrailing();
        if (!s.endsWith("\\")) {
            return false;
        }
        int eq = valueStart(s);
        return eq >= 0 && !s.substring(eq).startsWith("\"");
    }

    private static int valueStart(String s) {
        int i;
        if (s.startsWith("@")) {
            i = 1;
        } else if (s.startsWith("\"")) {
            i = 1;
            while (i < s.length() && s.charAt(i) != '"') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            i++;
        } else {
            return -1;
        }
        return i < s.length() && s.charAt(i) == '=' ? i + 1 : -1;
    }

    private static Value parseValue(String s, int line, boolean unicode, Findings findings) throws ImportException {
        String name;
        int i;
        if (s.startsWith("@")) {
            name = "";
            i = 1;
        } else if (s.startsWith("\"")) {
            StringBuilder n = new StringBuilder();
            i = 1;
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                n.append(s.charAt(i++));
            }
            name = n.toString();
            i++;
        } else {
            throw findings.error(line, "cannot read this line as a registry value: " + s, "values are \"Name\"=...");
        }
        if (i >= s.length() || s.charAt(i) != '=') {
            throw findings.error(line, "a registry value without '='", "values are \"Name\"=...");
        }
        String data = s.substring(i + 1).strip();
        if (data.equals("-")) {
            findings.warn(line, name, "the export deletes this value; nothing to import");
            return null;
        }
        if (data.startsWith("\"")) {
            StringBuilder v = new StringBuilder();
            int j = 1;
            while (j < data.length() && data.charAt(j) != '"') {
                if (data.charAt(j) == '\\' && j + 1 < data.length()) {
                    j++;
                }
                v.append(data.charAt(j++));
            }
            return new Value(name, REG_SZ, v.toString(), line);
        }
        String lower = data.toLowerCase(Locale.ROOT);
        if (lower.startsWith("dword:")) {
            try {
                return new Value(name, REG_DWORD, Long.parseLong(data.substring(6).strip(), 16), line);
            } catch (NumberFormatException e) {
                throw findings.error(line, "'" + data + "' is not a dword value", "dword:XXXXXXXX, 8 hex digits");
            }
        }
        if (lower.startsWith("hex")) {
            int type = REG_BINARY;
            int colon = data.indexOf(':');
            if (colon < 0) {
                throw findings.error(line, "a hex value without ':'", "hex(T):xx,xx,...");
            }
            String prefix = lower.substring(0, colon);
            if (prefix.startsWith("hex(")) {
                try {
                    type = Integer.parseInt(prefix.substring(4, prefix.length() - 1), 16);
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    throw findings.error(line, "'" + prefix + "' is not a registry type", "hex(2), hex(7), ...");
                }
            }
            byte[] bytes = hexBytes(data.substring(colon + 1), line, findings);
            return new Value(name, type, decode(type, bytes, unicode), line);
        }
        throw findings.error(line, "cannot read the data of '" + name + "': " + data,
                "a value is \"string\", dword:XXXXXXXX or hex(T):xx,...");
    }

    private static byte[] hexBytes(String list, int line, Findings findings) throws ImportException {
        String compact = list.replaceAll("[\\s\\\\]", "");
        if (compact.isEmpty()) {
            return new byte[0];
        }
        String[] parts = compact.split(",");
        byte[] bytes = new byte[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                bytes[k] = (byte) Integer.parseInt(parts[k], 16);
            } catch (NumberFormatException e) {
                throw findings.error(line, "'" + parts[k] + "' is not a hex byte", "hex values are xx,xx,...");
            }
        }
        return bytes;
    }

    private static Object decode(int type, byte[] bytes, boolean unicode) {
        switch (type) {
            case REG_SZ, REG_EXPAND_SZ -> {
                String s = text(bytes, unicode);
                int nul = s.indexOf('\0');
                return nul >= 0 ? s.substring(0, nul) : s;
            }
            case REG_MULTI_SZ -> {
                String s = text(bytes, unicode);
                List<String> items = new ArrayList<>();
                int start = 0;
                for (int k = 0; k < s.length(); k++) {
                    if (s.charAt(k) == '\0') {
                        if (k == start) {
                            break;
                        }
                        items.add(s.substring(start, k));
                        start = k + 1;
                    }
                }
                if (start < s.length() && s.indexOf('\0', start) < 0) {
                    items.add(s.substring(start));
                }
                return items;
            }
            case REG_DWORD -> {
                long v = 0;
                for (int k = Math.min(4, bytes.length) - 1; k >= 0; k--) {
                    v = (v << 8) | (bytes[k] & 0xff);
                }
                return v;
            }
            case REG_QWORD -> {
                long v = 0;
                for (int k = Math.min(8, bytes.length) - 1; k >= 0; k--) {
                    v = (v << 8) | (bytes[k] & 0xff);
                }
                return v;
            }
            default -> {
                return bytes;
            }
        }
    }

    private static String text(byte[] bytes, boolean unicode) {
        return new String(bytes, unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }
}
