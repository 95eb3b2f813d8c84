package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** launchd: a plist with env's values is readable by its owner only; a spec copy belongs to UserName (#14). */
class PlistSecretsTest {
    private static final Map<String, String> ENV = Map.of("DB_PASSWORD", "s3cret");

    private static Rendering render(ServiceSpec spec, boolean user) throws Exception {
        return GoldenPlistTest.pureBackend().render(spec, new RenderOptions(RenderOptions.DEFAULT_SVCCTL, user));
    }

    @Test
    void aPlistWithEnvironmentVariablesIsPrivateForDaemonsAndAgents() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("api", "/usr/bin/app").env(ENV).build();
        for (boolean user : new boolean[] {false, true}) {
            Artifact plist = GoldenPlistTest.plist(render(spec, user));
            assertTrue(plist.content().contains("<key>EnvironmentVariables</key>"), plist.content());
            assertEquals(0600, plist.mode(), plist.installPath());
            assertEquals(Optional.empty(), plist.owner(), "the installer's: root:wheel, or the user's own");
        }
        Artifact plain = GoldenPlistTest.plist(render(ServiceSpec.builder("api", "/usr/bin/app").build(), false));
        assertEquals(0644, plain.mode(), "nothing to hide: readable as before");
    }

    @Test
    void aPlistAnOlderSvcctlLeftReadableIsMadePrivateWithoutReloadingTheJob() throws Exception {
        List<String> events = new ArrayList<>();
        FakeLaunchctl launchctl = new FakeLaunchctl(events);
        MemoryFiles files = new MemoryFiles(events);
        LaunchdBackend root = new LaunchdBackend(launchctl, files, files, FakeHost.ROOT);
        ServiceSpec spec = ServiceSpec.builder("worker", "/usr/local/bin/worker").env(ENV).build();
        Path plist = Path.of("/Library/LaunchDaemons/worker.plist");
        root.install(List.of(spec), InstallOptions.DEFAULT);
        assertEquals(0600, files.modes.get(plist));
        files.modes.put(plist, 0644);
        launchctl.calls.clear();

        InstallResult result = root.install(List.of(spec), InstallOptions.DEFAULT).get(0);

        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertEquals(0600, files.modes.get(plist));
        assertFalse(launchctl.verbs().stream().anyMatch(c -> c.contains("bootout")), launchctl.verbs().toString());
    }

    @Test
    void aSupervisedDaemonsValuesAreOnlyInItsPrivateCopyOwnedByItsUserName() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("api", "/usr/bin/app").env(ENV).user("_api")
                .supervisor(SupervisorMode.SVCCTL).build();
        Rendering rendering = render(spec, false);

        Artifact copy = rendering.artifacts().get(0);
        Artifact plist = GoldenPlistTest.plist(rendering);
        assertTrue(copy.installPath().endsWith("/svcctl/services/api.yaml"), copy.installPath());
        assertEquals(0600, copy.mode());
        assertEquals(Optional.of("_api"), copy.owner());
        assertFalse(plist.content().contains("s3cret"), plist.content());
        assertEquals(0644, plist.mode());
    }
}
