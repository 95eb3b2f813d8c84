package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hostile strings survive the trip spec → plist → independent parser (python3's plistlib) unchanged in
 * ProgramArguments and EnvironmentVariables; characters XML 1.0 cannot carry are a validation error at their key.
 */
class HostileStringsTest {
    private final LaunchdBackend backend = GoldenPlistTest.pureBackend();

    @Test
    void theCorpusIsLargeAndHostile() {
        List<String> corpus = PlistHostileStrings.carriable();
        assertTrue(corpus.size() >= 400, "corpus size " + corpus.size());
        assertTrue(PlistHostileStrings.plistSpecific().stream().allMatch(s -> PlistXml.firstInvalidChar(s) < 0),
                "the plist-specific strings are all carriable");
        assertTrue(corpus.stream().anyMatch(s -> s.contains("\r")) && corpus.stream().anyMatch(s -> s.contains("]]>"))
                && corpus.stream().anyMatch(s -> s.codePoints().anyMatch(Character::isSupplementaryCodePoint))
                && corpus.stream().anyMatch(s -> s.length() >= 10_000));
    }

    @Test
    void plistlibReadsBackExactlyWhatTheSpecSays() throws Exception {
        List<String> corpus = PlistHostileStrings.carriable();
        Path dir = Sandbox.dir("hostile");
        List<Path> files = new ArrayList<>();
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            String s = corpus.get(i);
            ServiceSpec spec = ServiceSpec.builder("hostile" + i, "/opt/app/bin/app")
                    .args(List.of(s, "pre" + s + "post", s))
                    .env(Map.of("VALUE", s))
                    .build();
            specs.add(spec);
            files.add(write(dir, "hostile" + i, spec));
        }
        Map<String, String> allEnv = new LinkedHashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            allEnv.put("V" + i, corpus.get(i));
        }
        ServiceSpec all = ServiceSpec.builder("all", "/opt/app/bin/app").args(corpus).env(allEnv).build();
        specs.add(all);
        files.add(write(dir, "all", all));

        List<Map<String, Object>> parsed = PlistLib.parse(files);
        for (int i = 0; i < specs.size(); i++) {
            ServiceSpec spec = specs.get(i);
            assertEquals(spec.argv(), parsed.get(i).get("ProgramArguments"), () -> "argv of " + spec.name());
            assertEquals(spec.env(), parsed.get(i).get("EnvironmentVariables"), () -> "env of " + spec.name());
        }
    }

    private Path write(Path dir, String name, ServiceSpec spec) throws Exception {
        Path file = dir.resolve(name + ".plist");
        Files.writeString(file, GoldenPlistTest.plist(backend.render(spec, RenderOptions.DEFAULT)).content());
        return file;
    }

    @Test
    void charactersXmlCannotCarryAreAnErrorAtTheirKeyPath() {
        for (String bad : PlistHostileStrings.uncarriable()) {
            String code = String.format("U+%04X", (int) bad.charAt(0));
            var hatch = new PlatformSpec(PlatformSpec.Systemd.NONE, PlatformSpec.Windows.DEFAULT,
                    new PlatformSpec.Launchd(Optional.empty(), Map.of("WatchPaths", List.of("/ok", "/x" + bad))));
            ServiceSpec spec = ServiceSpec.builder("app", "/opt/app/bin/app")
                    .args("fine", "bad" + bad + "arg")
                    .env(Map.of("GOOD", "ok", "BAD", bad))
                    .workingDirectory("/srv/" + bad)
                    .platform(hatch)
                    .build();
            List<SpecProblem> problems = backend.check(spec);
            assertEquals(List.of("args[1]", "env.BAD", "platform.launchd.plist.WatchPaths[1]", "workingDirectory"),
                    problems.stream().map(SpecProblem::keyPath).sorted().toList(), code);
            for (SpecProblem problem : problems) {
                assertTrue(problem.message().contains(code) && problem.message().contains("XML plist cannot carry"),
                        problem.message());
                assertTrue(problem.hint().orElse("").contains("control characters"), problem.toString());
            }
            UnsupportedSpecException e = assertThrows(UnsupportedSpecException.class,
                    () -> backend.render(spec, RenderOptions.DEFAULT));
            assertEquals(4, e.problems().size());
        }
    }

    @Test
    void theSharedCorpusStringsWithControlCharactersAreErrorsAtTheirKeys() {
        List<String> bad = PlistHostileStrings.sharedUncarriable();
        assertTrue(bad.size() >= 5, bad.toString());
        for (String s : bad) {
            ServiceSpec spec = ServiceSpec.builder("app", "/opt/app/bin/app").args("ok", s).env(Map.of("X", s)).build();
            assertEquals(List.of("args[1]", "env.X"), backend.check(spec).stream().map(SpecProblem::keyPath).toList());
        }
    }

    @Test
    void theProblemSaysWhereInTheStringTheCharacterIs() {
        ServiceSpec spec = ServiceSpec.builder("app", "/opt/app/bin/app").args("abc\u0007").build();
        SpecProblem problem = backend.check(spec).get(0);
        assertEquals("args[0]", problem.keyPath());
        assertEquals("contains U+0007 at position 3, a character an XML plist cannot carry", problem.message());
    }
}
