package dev.svcctl.launchd;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two small texts (plists are a few dozen lines), for {@code install --dry-run}. */
final class LineDiff {
    private LineDiff() {
    }

    static String unified(String oldName, String oldText, String newName, String newText) {
        List<String> a = oldText.isEmpty() ? List.of() : List.of(oldText.split("\n", -1));
        List<String> b = List.of(newText.split("\n", -1));
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add(" " + a.get(i++));
                j++;
            } else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
                lines.add("+" + b.get(j++));
            } else {
                lines.add("-" + a.get(i++));
            }
        }
        StringBuilder out = new StringBuilder("--- " + oldName + "\n+++ " + newName + "\n");
        out.append("@@ -1,").append(a.size()).append(" +1,").append(b.size()).append(" @@\n");
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
