package dev.svcctl.install;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * Unified diffs as {@code diff -u} prints them, which GNU patch applies, computed by java-diff-utils. Lines are
 * compared with their line ends, so a last line without one differs from the same text with one and is marked
 * {@code \ No newline at end of file}.
 */
final class UnifiedDiffs {
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file";

    private UnifiedDiffs() {
    }

    static String of(String fromName, String before, String toName, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, CONTEXT)) {
            if (line.startsWith("@@ ")) {
                out.append(hunkHeader(line)).append('\n');
            } else if (line.endsWith("\n")) {
                out.append(line);
            } else if (isContent(line)) {
                out.append(line).append('\n').append(NO_NEWLINE).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static final java.util.regex.Pattern HUNK =
            java.util.regex.Pattern.compile("@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@");

    /** GNU's spelling of a hunk header: an empty range starts at 0, and a range of one line has no count. */
    private static String hunkHeader(String line) {
        java.util.regex.Matcher m = HUNK.matcher(line);
        if (!m.matches()) {
            return line;
        }
        return "@@ -" + range(m.group(1), m.group(2)) + " +" + range(m.group(3), m.group(4)) + " @@";
    }

    private static String range(String start, String count) {
        if (count.equals("0")) {
            return "0,0";
        }
        return count.equals("1") ? start : start + "," + count;
    }

    private static boolean isContent(String line) {
        return !line.startsWith("--- ") && !line.startsWith("+++ ") && !line.startsWith("@@ ")
                && !line.isEmpty() && " +-".indexOf(line.charAt(0)) >= 0;
    }

    /** The lines of {@code text}, each with its line end. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(text.substring(start));
                break;
            }
            lines.add(text.substring(start, end + 1));
            start = end + 1;
        }
        return lines;
    }
}
