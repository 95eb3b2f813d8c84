package dev.svcctl.importer.unix;

import dev.svcctl.importer.ImportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ini file read the way supervisord reads it: Python 3's {@code RawConfigParser} with {@code ;} and {@code #}
 * as whole-line comments and, after whitespace, as inline comments; {@code =} or {@code :} between key and value;
 * keys in lower case; a line indented deeper than its key continues the value (joined with newlines, blank lines
 * kept inside); a section or key written twice merges, the last value winning ({@code strict=False}); keys of
 * {@code [DEFAULT]} belong to every section. Each value remembers the line of its key for warnings.
 */
public final class PythonIni {
    private static final Pattern SECTION = Pattern.compile("\\[(.+)]");
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*([=:])\\s*(.*)");

    /** One key's value and the 1-based line its key is on. */
    public record Value(String text, int line) {
    }

    /** One section: its header's line, and its keys in the order first written. */
    public record Section(String name, int line, Map<String, Value> options) {
    }

    private PythonIni() {
    }

    /** The sections in the order first written; [DEFAULT]'s keys are merged into each other section. */
    public static List<Section> parse(String file, String text) throws ImportException {
        Map<String, Section> sections = new LinkedHashMap<>();
        Map<String, List<String>> building = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        String current = null;
        String option = null;
        int optionIndent = 0;
        String[] lines = text.split("\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int commentStart = inlineCommentStart(line);
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                commentStart = 0;
            }
            String value = (commentStart < 0 ? line : line.substring(0, commentStart)).strip();
            if (value.isEmpty()) {
                if (commentStart < 0 && current != null && option != null) {
                    building.get(current + "\u0000" + option).add("");
                }
                continue;
            }
            int indent = firstNonSpace(line);
            if (current != null && option != null && indent > optionIndent) {
                building.get(current + "\u0000" + option).add(value);
                continue;
            }
            optionIndent = indent;
            Matcher header = SECTION.matcher(value);
            if (header.lookingAt() && value.lastIndexOf(']') >= 0) {
                String name = value.substring(1, value.lastIndexOf(']'));
                current = name;
                option = null;
                sections.putIfAbsent(name, new Section(name, ln + 1, new LinkedHashMap<>()));
                continue;
            }
            if (current == null) {
                throw new ImportException(file, ln + 1, "a setting before the first [section]",
                        "supervisord refuses such a file too (MissingSectionHeaderError); start with [program:NAME]");
            }
            Matcher m = OPTION.matcher(value);
            if (!m.matches() || m.group(1).strip().isEmpty()) {
                throw new ImportException(file, ln + 1, "'" + value + "' is not KEY=VALUE",
                        "supervisord refuses such a line too (ParsingError)");
            }
            option = m.group(1).stripTrailing().toLowerCase(Locale.ROOT);
            String key = current + "\u0000" + option;
            List<String> parts = new ArrayList<>();
            parts.add(m.group(3).strip());
            building.put(key, parts); // a key written again replaces the earlier value
            keyLines.put(key, ln + 1);
        }
        for (Map.Entry<String, List<String>> e : building.entrySet()) {
            String[] sk = e.getKey().split("\u0000", 2);
            String joined = String.join("\n", e.getValue()).stripTrailing();
            sections.get(sk[0]).options().put(sk[1], new Value(joined, keyLines.get(e.getKey())));
        }
        Section defaults = sections.remove("DEFAULT");
        List<Section> out = new ArrayList<>();
        for (Section s : sections.values()) {
            if (defaults == null) {
                out.add(s);
                continue;
            }
            Map<String, Value> merged = new LinkedHashMap<>(defaults.options());
            merged.putAll(s.options());
            out.add(new Section(s.name(), s.line(), merged));
        }
        return out;
    }

    /** Where an inline comment starts: ';' or '#' at the line's start or after whitespace; -1 when none. */
    private static int inlineCommentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == ';' || c == '#') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static int firstNonSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return line.length();
    }
}
