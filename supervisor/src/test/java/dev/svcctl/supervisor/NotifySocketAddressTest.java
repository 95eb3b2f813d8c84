package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The sockaddr_un bytes per OS (macOS has only this check here: no Mac to run the real sockets on). */
class NotifySocketAddressTest {
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    @Test
    void linuxPathsHaveATwoByteFamilyAndATerminatingNul() throws IOException {
        byte[] family = LITTLE ? new byte[] {1, 0} : new byte[] {0, 1};
        assertArrayEquals(new byte[] {family[0], family[1], '/', 'a', 0}, PosixNotifyPort.Os.LINUX.pathAddress("/a"));
    }

    @Test
    void linuxAbstractNamesStartWithNulAndHaveNoTerminator() throws IOException {
        byte[] family = LITTLE ? new byte[] {1, 0} : new byte[] {0, 1};
        assertArrayEquals(new byte[] {family[0], family[1], 0, 'n', 's'}, PosixNotifyPort.Os.LINUX.abstractAddress("ns"));
    }

    @Test
    void macPathsStartWithTheirLengthAndFamilyBytesAndHoldAtMost103Bytes() throws IOException {
        assertArrayEquals(new byte[] {5, 1, '/', 'a', 0}, PosixNotifyPort.Os.MACOS.pathAddress("/a"));
        PosixNotifyPort.Os.MACOS.pathAddress("/" + "x".repeat(102));
        IOException refused = assertThrows(IOException.class,
                () -> PosixNotifyPort.Os.MACOS.pathAddress("/" + "x".repeat(103)));
        assertTrue(refused.getMessage().contains("more than the 103"), refused.getMessage());
        assertThrows(IOException.class, () -> PosixNotifyPort.Os.MACOS.abstractAddress("ns"), "Linux only");
    }

    @Test
    void aNulInsideAPathIsRefused() {
        assertThrows(IOException.class, () -> PosixNotifyPort.Os.LINUX.pathAddress("/a\0b"));
    }
}
