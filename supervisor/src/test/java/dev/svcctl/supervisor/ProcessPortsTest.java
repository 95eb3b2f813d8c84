package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
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

    @Test
    void theFactoryGivesThePosixPortOnLinuxAndMacAndNothingOnWindows() {
        assertEquals(PosixNotifyPort.Os.LINUX, ((PosixNotifyPort) ProcessPorts.notifyForOs("Linux")).os());
        assertEquals(PosixNotifyPort.Os.MACOS, ((PosixNotifyPort) ProcessPorts.notifyForOs("Mac OS X")).os());
        assertSame(NotifyPort.UNSUPPORTED, ProcessPorts.notifyForOs("Windows Server 2022"));
        IOException refused = assertThrows(IOException.class,
                () -> NotifyPort.UNSUPPORTED.listen(Path.of("x.notify"), m -> { }));
        assertTrue(refused.getMessage().contains("not supported on this OS"), refused.getMessage());
        assertFalse(NotifyPort.UNSUPPORTED.notifyInitSystem("READY=1"));
    }
}
