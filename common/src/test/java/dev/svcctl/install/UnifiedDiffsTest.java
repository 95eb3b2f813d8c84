package dev.svcctl.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnifiedDiffsTest {

    @Test
    void hunkHeadersAndContextAsDiffUPrintsThem() {
        String diff = UnifiedDiffs.of("a", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "b", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n");
        assertEquals("--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", diff);
        assertEquals("", UnifiedDiffs.of("a", "x\n", "b", "x\n"));
        assertEquals("--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiffs.of("/dev/null", "", "b", "x\ny\n"));
    }

    @Test
    void aMissingLastLineEndIsMarked() {
        assertEquals("--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n",
                UnifiedDiffs.of("a", "x", "b", "x\n"));
    }

    /** GNU patch, the reader users have, applies every diff to the old text and gets the new one. */
    @Test
    void gnuPatchAppliesTwoHundredRandomDiffs() throws Exception {
        boolean ci = System.getenv("CI") != null;
        boolean havePatch = Files.isExecutable(Path.of("/usr/bin/patch"));
        if (ci && !havePatch) {
            throw new AssertionError("CI is set but GNU patch (/usr/bin/patch) is missing");
        }
        assumeTrue(havePatch, "GNU patch is not installed");
        Path dir = Files.createDirectories(Path.of("target", "diff-patch"));
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            String before = randomText(random);
            String after = mutate(before, random);
            String diff = UnifiedDiffs.of("old", before, "new", after);
            if (before.equals(after)) {
                assertEquals("", diff);
                continue;
            }
            Path old = dir.resolve("old");
            Files.writeString(old, before, StandardCharsets.UTF_8);
            Path patchFile = dir.resolve("change.diff");
            Files.writeString(patchFile, diff, StandardCharsets.UTF_8);
            Process patch = new ProcessBuilder("patch", "--quiet", "--force", old.toString(), patchFile.toString())
                    .redirectErrorStream(true).start();
            String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            patch.waitFor(30, TimeUnit.SECONDS);
            assertEquals(0, patch.exitValue(), "round " + round + ": " + output + "\n" + diff);
            assertEquals(after, Files.readString(old, StandardCharsets.UTF_8), "round " + round + "\n" + diff);
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int lines = random.nextInt(30);
        for (int i = 0; i < lines; i++) {
            text.append(line(random)).append('\n');
        }
        if (random.nextInt(5) == 0) {
            text.append(line(random));
        }
        return text.toString();
    }

    private static String line(Random random) {
        String[] words = {"[Unit]", "Description=x", "ExecStart=/bin/true", "", "a", "b", "Restart=always", "#"};
        return words[random.nextInt(words.length)];
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(lines.size() + 1);
            switch (random.nextInt(3)) {
                case 0 -> lines.add(Math.min(at, lines.size()), line(random));
                case 1 -> {
                    if (!lines.isEmpty()) {
                        lines.remove(Math.min(at, lines.size() - 1));
                    }
                }
                default -> {
                    if (!lines.isEmpty()) {
                        lines.set(Math.min(at, lines.size() - 1), line(random));
                    }
                }
            }
        }
        return String.join("\n", lines);
    }
}
