package dev.svcctl.windows.scm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.windows.WineTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-memory SCM model against Wine's real SCM: each sequence under src/test/resources/scm-sequences is replayed
 * through advapi32 by scmreplay.exe under Wine and through {@link InMemoryScm}, and every call must give the same
 * result. A call annotated {@code # windows: X; wine 8: Y} is where Wine 8 departs from Windows' documented
 * behaviour: Wine must answer Y (so the note stays true) and the model answers X, as Windows does.
 */
class ScmConformanceTest {
    private static final Pattern DIVERGENCE = Pattern.compile("#\\s*windows:\\s*(.*?);\\s*wine 8:\\s*(.*)$");
    private static Path replay;

    @BeforeAll
    static void build() throws IOException {
        WineTools.assumeAvailable();
        replay = WineTools.compile("scmreplay.exe", List.of("scmreplay.c"), "-municode", "-ladvapi32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lifecycle", "delete-running", "access-denied", "config2-levels", "pending-start"})
    void theModelAnswersEveryCallAsWinesScmDoes(String sequence) throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> script = Files.readAllLines(Path.of("src/test/resources/scm-sequences", sequence + ".txt"),
                StandardCharsets.UTF_8).stream().map(l -> l.replace("${RUN}", run)).toList();

        WineTools.Result wine = WineTools.wine(replay, List.of(), String.join("\n", script) + "\n", 120);
        assertEquals(0, wine.exitCode(), wine.stderr());
        Map<Integer, String> wineResults = results(List.of(wine.stdout().split("\r?\n")));
        Map<Integer, String> modelResults = results(new ScmReplay(new InMemoryScm()).run(script));
        assertEquals(modelResults.keySet(), wineResults.keySet(), "both ran every call:\n" + wine.stdout());

        List<String> differences = new ArrayList<>();
        for (var e : modelResults.entrySet()) {
            String call = script.get(e.getKey() - 1);
            Matcher divergence = DIVERGENCE.matcher(call);
            boolean diverges = divergence.find();
            String expectedModel = diverges ? divergence.group(1).strip() : wineResults.get(e.getKey());
            String expectedWine = diverges ? divergence.group(2).strip() : e.getValue();
            if (!e.getValue().equals(expectedModel) || !wineResults.get(e.getKey()).equals(expectedWine)) {
                differences.add("line " + e.getKey() + " '" + call + "': model " + e.getValue() + ", wine "
                        + wineResults.get(e.getKey()));
            }
        }
        assertEquals(List.of(), differences, sequence + ", wine said:\n" + wine.stdout());
    }

    private static Map<Integer, String> results(List<String> lines) {
        Map<Integer, String> results = new LinkedHashMap<>();
        for (String line : lines) {
            int arrow = line.lastIndexOf(" -> ");
            if (arrow > 0) {
                results.put(Integer.parseInt(line.substring(0, line.indexOf(' '))), line.substring(arrow + 4));
            }
        }
        return results;
    }
}
