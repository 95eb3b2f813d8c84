package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.supervisor.ProcessPort;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** ProcessPorts finds the Windows port through ServiceLoader; constructing it must not need Windows or JNA. */
class WindowsProcessPortDiscoveryTest {

    @Test
    void theWindowsPortIsTheOnlyRegisteredProviderAndConstructsAnywhere() throws java.io.IOException {
        List<ProcessPort> ports = ServiceLoader.load(ProcessPort.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(List.of(WindowsProcessPort.class), ports.stream().map(Object::getClass).toList());
        assertEquals(true, ports.get(0).keepOrphans());
        assertEquals(true, ports.get(0).openFifo(java.nio.file.Path.of("target", "never")).isEmpty());
    }
}
