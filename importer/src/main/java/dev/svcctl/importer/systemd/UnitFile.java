package dev.svcctl.importer.systemd;

import dev.svcctl.importer.SourceFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The assignments of a unit file and its drop-ins, in the order systemd applies them, per systemd.syntax(7): a line
 * ending in a backslash continues on the next (the backslash becomes a space; comment lines inside are skipped),
 * {@code #} and {@code ;} start comment lines, {@code [Section]} opens a section, {@code Key=Value} has the blanks
 * around key and value removed.
 */
final class UnitFile {
    /** One {@code Key=Value} line: where it is (its first line when continued) and what it says. */
    record Assignment(String section, String key, String value, String file, int line) {
    }

    /** A line that is neither of the above: systemd ignores it with a complaint. */
    record Junk(String file, int line, String text) {
    }

    final List<Assignment> assignments = new ArrayList<>();
    final List<Junk> junk = new ArrayList<>();

    static UnitFile parse(SourceFile unit) {
        UnitFile parsed = new UnitFile();
        parsed.read(unit.path(), unit.text());
        for (SourceFile dropIn : unit.dropIns()) {
            parsed.read(dropIn.path(), dropIn.text());
        }
        return parsed;
    }

    private void read(String file, String text) {
        String[] lines = text.split("\n", -1);
        String section = null;
        StringBuilder continued = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            if (i == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            if (continued != null) {
                String stripped = raw.stripLeading();
                if (stripped.startsWith("#") || stripped.startsWith(";")) {
                    continue;
                }
            } else {
                start = i + 1;
            }
            if (raw.endsWith("\\")) {
                if (continued == null) {
                    continued = new StringBuilder();
                }
                continued.append(raw, 0, raw.length() - 1).append(' ');
                if (i < lines.length - 1) {
                    continue;
                }
                raw = "";
            }
            String line = continued == null ? raw : continued.append(raw).toString();
            continued = null;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#") || content.startsWith(";")) {
                continue;
            }
            if (content.startsWith("[")) {
                if (content.endsWith("]") && content.length() > 2) {
                    section = content.substring(1, content.length() - 1);
                } else {
                    junk.add(new Junk(file, start, content));
                }
                continue;
            }
            int eq = content.indexOf('=');
            if (eq <= 0 || section == null) {
                junk.add(new Junk(file, start, content));
                continue;
            }
            assignments.add(new Assignment(section, content.substring(0, eq).strip(),
                    content.substring(eq + 1).strip(), file, start));
        }
    }
}
