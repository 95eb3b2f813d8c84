package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Backends;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShippedBackendsTest {
    record FakeHost(String osName, Set<String> paths) implements Host {
        @Override
        public boolean exists(String path) {
            return paths.contains(path);
        }
    }

    private static List<String> classes(List<Backend> backends) {
        return backends.stream().map(b -> b.getClass().getName()).toList();
    }

    @Test
    void theShippedBackendsAreTheRegisteredOnesInDiscoveryOrder() {
        List<Backend> discovered = Backends.discover().all();
        assertEquals(discovered.stream().map(Backend::id).toList(), ShippedBackends.IDS);
        assertEquals(classes(discovered), classes(ShippedBackends.all()));
    }

    @Test
    void selectionAgreesWithDiscovery() throws Exception {
        Backends discovered = Backends.discover();
        List<Host> hosts = List.of(new FakeHost("Linux", Set.of("/run/systemd/system")),
                new FakeHost("Windows Server 2022", Set.of()), new FakeHost("Mac OS X", Set.of()));
        for (Host host : hosts) {
            assertEquals(discovered.select(null, host).getClass(), ShippedBackends.select(null, host).getClass(),
                    host.osName());
            for (String id : ShippedBackends.IDS) {
                assertEquals(discovered.select(id, host).getClass(), ShippedBackends.select(id, host).getClass(), id);
            }
        }
    }

    @Test
    void unknownNamesAndUnknownHostsFailAsDiscoveryDoes() {
        Host nowhere = new FakeHost("Plan 9", Set.of());
        for (String id : new String[] {"upstart", null}) {
            BackendException expected = assertThrows(BackendException.class,
                    () -> Backends.discover().select(id, nowhere));
            BackendException actual = assertThrows(BackendException.class, () -> ShippedBackends.select(id, nowhere));
            assertEquals(expected.getMessage(), actual.getMessage());
            assertEquals(expected.hint(), actual.hint());
            assertEquals(expected.exitCode(), actual.exitCode());
        }
        assertEquals(ExitCode.USAGE, assertThrows(BackendException.class,
                () -> ShippedBackends.select("upstart", nowhere)).exitCode());
    }

    @Test
    void commandsOnRunningServicesFallBackToTheSupervisorBackendOnAHostWithoutAnInitSystem() throws Exception {
        Host nowhere = new FakeHost("Linux", Set.of());
        assertEquals("supervisor", ShippedBackends.selectForServices(null, nowhere).id());
        assertEquals("supervisor", ShippedBackends.select("supervisor", nowhere).id());
        assertEquals("systemd", ShippedBackends.selectForServices(null,
                new FakeHost("Linux", Set.of("/run/systemd/system"))).id());
        assertEquals("launchd", ShippedBackends.selectForServices(null, new FakeHost("Mac OS X", Set.of())).id());
        assertEquals(ExitCode.UNAVAILABLE, assertThrows(BackendException.class,
                () -> ShippedBackends.select(null, nowhere)).exitCode(), "render and install still say there is none");
        assertEquals(ExitCode.USAGE, assertThrows(BackendException.class,
                () -> ShippedBackends.selectForServices("upstart", nowhere)).exitCode());
    }
}
