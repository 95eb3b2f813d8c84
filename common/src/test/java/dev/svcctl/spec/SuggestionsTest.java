package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
    @ParameterizedTest
    @CsvSource({
            "exce, exec",          // transposition
            "exc, exec",           // deletion
            "exeec, exec",         // insertion
            "exed, exec",          // substitution
            "envfile, envFile",    // case only
            "ENV, env",
            "workingDirectry, workingDirectory",
            "workingdir, ''",      // too far: no guess is better than a wrong one
            "dependOn, dependsOn",
            "helthCheck, healthCheck",
            "startperiod, ''",     // not a top-level key, and far from all of them
            "color, ''",
            "x, ''",
    })
    void suggestsTheNearestTopLevelKeyOnlyWhenItIsALikelyTypo(String typo, String expected) {
        assertEquals(expected.isEmpty() ? null : expected, Suggestions.closest(typo, SpecMapping.TOP_KEYS));
    }

    @Test
    void theAllowedDistanceGrowsWithTheWordUpToThree() {
        Set<String> keys = Set.of("successExitCodes");
        assertEquals("successExitCodes", Suggestions.closest("sucessExitCode", keys)); // 2 edits, 14 letters
        assertEquals("successExitCodes", Suggestions.closest("succesExtCode", keys));  // 3 edits
        assertNull(Suggestions.closest("succesExtCd", keys));                          // 5 edits
        assertEquals("ab", Suggestions.closest("ax", List.of("ab")));                  // short words: 1 edit
        assertNull(Suggestions.closest("xy", List.of("ab")));
    }

    @Test
    void tiesGoToTheFirstInAlphabeticalOrderWhateverTheCollectionOrder() {
        assertEquals("bat", Suggestions.closest("cat", List.of("rat", "bat")));
        assertEquals("bat", Suggestions.closest("cat", List.of("bat", "rat")));
    }

    @Test
    void distanceCountsEditsAndTranspositions() {
        assertEquals(0, Suggestions.distance("exec", "exec"));
        assertEquals(1, Suggestions.distance("exce", "exec"));
        assertEquals(1, Suggestions.distance("exe", "exec"));
        assertEquals(2, Suggestions.distance("xeec", "exce"));
        assertEquals(4, Suggestions.distance("", "exec"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void nothingToSuggestFromNoCandidates() {
        assertNull(Suggestions.closest("exec", List.of()));
    }
}
