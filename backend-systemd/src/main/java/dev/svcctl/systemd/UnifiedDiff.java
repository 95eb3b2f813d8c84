package dev.svcctl.systemd;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (as {@code diff -u} prints it) of two small texts, by longest common subsequence. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff from {@code before} to {@code after}; empty when they are equal. */
    static String of(String fromName, String before, String toName, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Edit> edits = edits(a, b);
        if (edits.stream().allMatch(e -> e.kind == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(fromName).append('\n').append("+++ ").append(toName).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).kind == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // Extend the hunk while the next change is within two contexts of the last one.
            int lastChange = i;
            for (int j = i; j < edits.size(); j++) {
                if (edits.get(j).kind != ' ') {
                    lastChange = j;
                } else if (j - lastChange > 2 * CONTEXT) {
                    break;
                }
            }
            end = Math.min(edits.size(), lastChange + CONTEXT + 1);
            appendHunk(out, edits.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void appendHunk(StringBuilder out, List<Edit> hunk) {
        Edit first = hunk.get(0);
        int oldCount = (int) hunk.stream().filter(e -> e.kind != '+').count();
        int newCount = (int) hunk.stream().filter(e -> e.kind != '-').count();
        out.append("@@ -").append(range(first.oldLine, oldCount)).append(" +").append(range(first.newLine, newCount))
                .append(" @@\n");
        for (Edit e : hunk) {
            out.append(e.kind).append(e.text).append('\n');
        }
    }

    private static String range(int startIndex, int count) {
        int start = count == 0 ? startIndex : startIndex + 1;
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }

    private record Edit(char kind, String text, int oldLine, int newLine) {
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i), i++, j++));
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit('-', a.get(i), i++, j));
            } else {
                edits.add(new Edit('+', b.get(j), i, j++));
            }
        }
        return edits;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }
}
