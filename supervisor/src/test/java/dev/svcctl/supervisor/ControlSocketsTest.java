package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The control sockets of a process hosting several services: each request reaches its own service only. */
class ControlSocketsTest {

    @Test
    void eachSocketStopsOrReloadsItsOwnServiceAndAnswersOk() throws Exception {
        Path dir = Fixtures.freshDir("control/requests");
        List<String> done = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        Path web = ControlSockets.path(dir, "web");
        Path api = ControlSockets.path(dir, "api");
        try (ControlSockets control = new ControlSockets(problems::add)) {
            control.serve(web, () -> done.add("stop web"), () -> done.add("reload web"));
            control.serve(api, () -> done.add("stop api"), () -> done.add("reload api"));
            control.start();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(web)));

            assertEquals("ok", ControlSockets.send(api, ControlSockets.RELOAD));
            assertEquals("ok", ControlSockets.send(web, ControlSockets.STOP));
            assertEquals("unknown request 'kill' (stop, reload)", ControlSockets.send(web, "kill"));
            assertEquals(List.of("reload api", "stop web"), done);
        }
        assertFalse(Files.exists(web), "removed when closed");
        assertFalse(Files.exists(api), "removed when closed");
        assertThrows(IOException.class, () -> ControlSockets.send(web, ControlSockets.STOP));
        assertEquals(List.of(), problems);
    }

    @Test
    void aSocketLeftByAKilledHostIsReplacedAndAnythingElseIsRefused() throws Exception {
        Path dir = Fixtures.freshDir("control/leftover");
        Path left = ControlSockets.path(dir, "web");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(left));
        }
        assertTrue(Files.exists(left), "the old host's socket is still there");
        Path planted = Files.writeString(ControlSockets.path(dir, "api"), "not a socket");
        List<String> done = new CopyOnWriteArrayList<>();
        try (ControlSockets control = new ControlSockets(p -> { })) {
            control.serve(left, () -> done.add("stop web"), () -> { });
            IOException refused = assertThrows(IOException.class, () -> control.serve(planted, () -> { }, () -> { }));
            assertTrue(refused.getMessage().contains("is not a socket svcctl left"), refused.getMessage());
            control.start();
            assertEquals("ok", ControlSockets.send(left, ControlSockets.STOP));
        }
        assertEquals(List.of("stop web"), done);
        assertEquals("not a socket", Files.readString(planted), "left alone");
    }
}
