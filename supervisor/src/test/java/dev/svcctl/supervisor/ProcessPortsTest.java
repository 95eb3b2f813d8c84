package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessPortsTest {

    @Test
    void posixSystemsGetThePosixPort() {
        assertInstanceOf(PosixProcessPort.class, ProcessPorts.forOs("Linux", getClass().getClassLoader()).orElseThrow());
        assertInstanceOf(PosixProcessPort.class, ProcessPorts.forOs("Mac OS X", getClass().getClassLoader()).orElseThrow());
    }

    @Test
    void windowsWithoutAPortProviderOnTheClassPathHasNone() throws Exception {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            // this module's own class path registers no provider: the Windows port comes from backend-windows
            assertEquals(Optional.empty(), ProcessPorts.forOs("Windows Server 2022", nothing));
        }
    }
}
