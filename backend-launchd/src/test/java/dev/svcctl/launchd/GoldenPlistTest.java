package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each spec under src/test/resources/golden/NAME.yaml renders exactly to NAME.plist next to it. Run
 * with {@code -Dgolden.update=true} to rewrite the goldens after an intended change, then review the diff.
 */
class GoldenPlistTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** A backend whose ports fail when touched: rendering must not touch the host. */
    static LaunchdBackend pureBackend() {
        ProcessRunner noProcesses = (argv, timeout) -> {
            throw new AssertionError("render ran a process: " + argv);
        };
        UntouchableFiles files = new UntouchableFiles();
        return new LaunchdBackend(noProcesses, files, files, FakeHost.ALICE);
    }

    /** The plist: the last artifact, after the spec copy of a supervised service. */
    static Artifact plist(Rendering rendering) {
        return rendering.artifacts().get(rendering.artifacts().size() - 1);
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    static Rendering render(String name) throws Exception {
        ServiceSpec spec = SpecLoader.load(GOLDEN.resolve(name + ".yaml")).spec();
        return pureBackend().render(spec, RenderOptions.DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheGoldenPlist(String name) throws Exception {
        Rendering rendering = render(name);
        ServiceSpec spec = SpecLoader.load(GOLDEN.resolve(name + ".yaml")).spec();
        if (Supervision.bySvcctl(spec)) {
            assertEquals(2, rendering.artifacts().size(), "the spec copy, then the plist");
            assertEquals(LaunchdLayout.specPath(spec.name(), spec.scope()),
                    rendering.artifacts().get(0).installPath());
        } else {
            assertEquals(1, rendering.artifacts().size());
        }
        String content = maskFingerprint(plist(rendering).content());
        Path golden = GOLDEN.resolve(name + ".plist");
        if (UPDATE) {
            Files.writeString(golden, content);
        }
        if (!Files.exists(golden)) {
            fail("no golden file " + golden + "; run with -Dgolden.update=true and review it");
        }
        assertEquals(Files.readString(golden), content, "rendering of " + name + " differs from its golden file");
    }

    /**
     * The spec fingerprint hashes the whole model, so any new field in common would change every golden; it is
     * masked here and checked on its own in {@link #markerCarriesTheSpecFingerprint}.
     */
    static String maskFingerprint(String plist) {
        return plist.replaceFirst("spec=[0-9a-f]+ ", "spec=(fingerprint) ");
    }

    @Test
    void markerCarriesTheSpecFingerprint() throws Exception {
        ServiceSpec spec = SpecLoader.load(GOLDEN.resolve("full-daemon.yaml")).spec();
        String content = plist(pureBackend().render(spec, RenderOptions.DEFAULT)).content();
        ManagedMarker.Located marker = ManagedMarker.locate(content).orElseThrow();
        assertEquals(spec.fingerprint(), marker.marker().specFingerprint());
        assertTrue(content.split("\n")[2].startsWith("<!-- svcctl-managed spec=" + spec.fingerprint()));
        assertEquals(false, marker.drifted());
    }

    @Test
    void everyGoldenCaseHasAPlistAndThereAreNoOrphans() throws IOException {
        List<String> cases = cases().toList();
        assertTrue(cases.size() >= 15, "golden cases: " + cases);
        try (Stream<Path> files = Files.list(GOLDEN)) {
            for (Path plist : files.filter(p -> p.toString().endsWith(".plist")).toList()) {
                String name = plist.getFileName().toString().replace(".plist", "");
                assertTrue(cases.contains(name), "golden " + plist + " has no spec");
            }
        }
    }

    @Test
    void installPathsFollowTheScope() throws Exception {
        assertEquals("/Library/LaunchDaemons/com.example.billing.plist",
                plist(render("full-daemon")).installPath());
        assertEquals("/Library/LaunchDaemons/minimal.plist", plist(render("minimal")).installPath());
        Artifact agent = plist(render("user-agent"));
        assertEquals("~/Library/LaunchAgents/sync-agent.plist", agent.installPath());
        assertEquals(0644, agent.mode());
    }

    @Test
    void userFlagOfRenderOptionsMakesAnAgent() throws Exception {
        ServiceSpec spec = SpecLoader.load(GOLDEN.resolve("minimal.yaml")).spec();
        Artifact artifact = plist(pureBackend().render(spec, new RenderOptions(RenderOptions.DEFAULT_SVCCTL, true)));
        assertEquals("~/Library/LaunchAgents/minimal.plist", artifact.installPath());
        assertTrue(artifact.content().contains("/Users/alice/Library/Logs/svcctl/minimal/stdout.log"));
    }

    /** The independent parser reads every golden plist, and what it reads is what the spec says. */
    @Test
    void plistlibReadsEveryGoldenAsTheSpecSays() throws Exception {
        Path dir = Sandbox.dir("golden-plistlib");
        List<String> names = cases().toList();
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path file = dir.resolve(name + ".plist");
            Files.writeString(file, plist(render(name)).content());
            files.add(file);
        }
        List<Map<String, Object>> parsed = PlistLib.parse(files);
        for (int i = 0; i < names.size(); i++) {
            ServiceSpec spec = SpecLoader.load(GOLDEN.resolve(names.get(i) + ".yaml")).spec();
            Map<String, Object> plist = parsed.get(i);
            assertEquals(LaunchdLayout.label(spec), plist.get("Label"), names.get(i));
            if (Supervision.bySvcctl(spec)) {
                List<String> run = new ArrayList<>(List.of(RenderOptions.DEFAULT_SVCCTL, "run", "--name", spec.name()));
                if (spec.scope() == dev.svcctl.spec.Scope.USER) {
                    run.add("--user");
                }
                assertEquals(run, plist.get("ProgramArguments"), names.get(i));
                assertEquals(null, plist.get("EnvironmentVariables"), names.get(i));
            } else {
                assertEquals(spec.argv(), plist.get("ProgramArguments"), names.get(i));
                assertEquals(spec.env().isEmpty() ? null : spec.env(), plist.get("EnvironmentVariables"), names.get(i));
            }
        }
    }
}
