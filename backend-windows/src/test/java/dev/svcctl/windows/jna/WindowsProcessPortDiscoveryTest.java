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

    @Test
    void everyPortOfTheJvmTakesTheSameStartLock() {
        // svcctl host --group makes one port per service start; a lock per port would let two starts create
        // processes at once, each inheriting the other's inheritable pipe ends
        WindowsProcessPort loaded = new WindowsProcessPort();
        dev.svcctl.spec.ServiceSpec a = dev.svcctl.spec.ServiceSpec.builder("a", "C:\\apps\\a.exe").build();
        dev.svcctl.spec.ServiceSpec b = dev.svcctl.spec.ServiceSpec.builder("b", "C:\\apps\\b.exe").build();
        WindowsProcessPort first = (WindowsProcessPort) loaded.forService(a);
        WindowsProcessPort second = (WindowsProcessPort) loaded.forService(b);
        org.junit.jupiter.api.Assertions.assertSame(first.startLock(), second.startLock());
        org.junit.jupiter.api.Assertions.assertSame(loaded.startLock(), first.startLock());
    }
}
