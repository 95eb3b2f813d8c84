package dev.svcctl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendsTest {
    /** A backend that claims hosts whose OS name starts with a prefix, or that have a marker path. */
    record FakeBackend(String id, String osPrefix, String markerPath) implements Backend {
        @Override
        public boolean detect(Host host) {
            return osPrefix != null && host.osName().startsWith(osPrefix)
                    || markerPath != null && host.exists(markerPath);
        }

        @Override
        public List<SpecProblem> check(ServiceSpec spec) {
            return List.of();
        }

        @Override
        public Rendering render(ServiceSpec spec, RenderOptions options) {
            return new Rendering(id, spec.name(), List.of());
        }
    }

    record FakeHost(String osName, Set<String> paths) implements Host {
        @Override
        public boolean exists(String path) {
            return paths.contains(path);
        }
    }

    final Backends backends = new Backends(List.of(new FakeBackend("systemd", null, "/run/systemd/system"),
            new FakeBackend("windows", "Windows", null), new FakeBackend("launchd", "Mac", null)));

    @Test
    void theHostsInitSystemIsChosenUnlessOneIsNamed() throws Exception {
        assertEquals("systemd", backends.select(null, new FakeHost("Linux", Set.of("/run/systemd/system"))).id());
        assertEquals("windows", backends.select(null, new FakeHost("Windows Server 2022", Set.of())).id());
        assertEquals("launchd", backends.select(null, new FakeHost("Mac OS X", Set.of())).id());
        assertEquals("launchd", backends.select("launchd", new FakeHost("Linux", Set.of("/run/systemd/system"))).id());
    }

    @Test
    void aHostWithoutAKnownInitSystemIsUnavailableWithAHint() {
        BackendException e = assertThrows(BackendException.class,
                () -> backends.select(null, new FakeHost("Linux", Set.of())));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.hint().orElseThrow().contains("render --backend"), e.hint().orElseThrow());
    }

    @Test
    void anUnknownBackendNameIsAUsageError() {
        BackendException e = assertThrows(BackendException.class,
                () -> backends.select("upstart", new FakeHost("Linux", Set.of())));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("one of systemd, windows, launchd", e.hint().orElseThrow());
    }

    @Test
    void theClassPathBackendsAreFoundByServiceLoader() {
        // common itself ships no backend; discovery must work and find none here.
        assertEquals(List.of(), Backends.discover().all());
    }
}
