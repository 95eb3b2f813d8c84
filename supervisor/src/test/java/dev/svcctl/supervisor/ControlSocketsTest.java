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

    @Test
    void aHostThatDoesNotAnswerMakesTheClientFailWithinItsBound() throws Exception {
        Path dir = Fixtures.freshDir("control/silent");
        Path socket = ControlSockets.path(dir, "web");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket)); // listens, never accepts nor answers: a stopped host
            long start = System.nanoTime();
            IOException e = assertThrows(java.net.SocketTimeoutException.class,
                    () -> ControlSockets.send(socket, ControlSockets.STOP, java.time.Duration.ofMillis(300)));
            assertEquals("no answer on " + socket + " within 300ms", e.getMessage());
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "bounded");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterAWhile() throws Exception {
        Path dir = Fixtures.freshDir("control/idle");
        Path web = ControlSockets.path(dir, "web");
        try (ControlSockets control = new ControlSockets(p -> { })) {
            control.serve(web, () -> { }, () -> { });
            control.start();
            try (java.nio.channels.SocketChannel idle = java.nio.channels.SocketChannel.open(
                    UnixDomainSocketAddress.of(web))) {
                idle.configureBlocking(false);
                long deadline = System.nanoTime() + ControlSockets.IDLE_MILLIS * 1_000_000 + 20_000_000_000L;
                int read = 0;
                while (read == 0 && System.nanoTime() < deadline) {
                    read = idle.read(java.nio.ByteBuffer.allocate(8));
                    Thread.sleep(50);
                }
                assertEquals(-1, read, "the host closed the idle connection");
            }
            assertEquals("ok", ControlSockets.send(web, ControlSockets.RELOAD), "and still serves");
        }
    }

    @Test
    void onlyAStaleSocketOfThisUserIsReplacedNotAFifo() throws Exception {
        Path dir = Fixtures.freshDir("control/fifo");
        Path fifo = ControlSockets.path(dir, "web");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (ControlSockets control = new ControlSockets(p -> { })) {
            IOException refused = assertThrows(IOException.class, () -> control.serve(fifo, () -> { }, () -> { }));
            assertTrue(refused.getMessage().contains("is not a socket svcctl left"), refused.getMessage());
        }
        assertTrue(Files.exists(fifo), "left alone");
        assertTrue(ControlSockets.isSocketOf(fifo, ControlSockets.ownUid()) == false);
        Path other = ControlSockets.path(dir, "api");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(other));
        }
        assertTrue(ControlSockets.isSocketOf(other, ControlSockets.ownUid()));
        assertFalse(ControlSockets.isSocketOf(other, ControlSockets.ownUid() + 1), "another user's socket");
    }

    /** As root, a client run as nobody (the socket opened to it on purpose) is refused by its peer credentials. */
    @Test
    void aClientOfAnotherUserIsRefusedEvenWhereTheSocketLetsItConnect() throws Exception {
        boolean root = ControlSockets.ownUid() == 0;
        boolean setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv"));
        if (!"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(root && setpriv, "needs root and setpriv to play another user");
        }
        Path dir = Fixtures.freshDir("control/peer");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path web = ControlSockets.path(dir, "web");
        Path client = Files.writeString(dir.resolve("Client.java"), """
                import java.net.UnixDomainSocketAddress;
                import java.nio.ByteBuffer;
                import java.nio.channels.SocketChannel;
                public class Client {
                    public static void main(String[] args) throws Exception {
                        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
                            c.write(ByteBuffer.wrap("stop\\n".getBytes()));
                            ByteBuffer reply = ByteBuffer.allocate(64);
                            System.out.print(c.read(reply) < 0 ? "closed" : "answered");
                        } catch (java.net.SocketException reset) {
                            System.out.print("closed"); // closed by the host before the request was read
                        }
                    }
                }
                """);
        List<String> done = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        try (ControlSockets control = new ControlSockets(problems::add)) {
            control.serve(web, () -> done.add("stop web"), () -> { });
            control.start();
            Files.setPosixFilePermissions(web, PosixFilePermissions.fromString("rw-rw-rw-"));
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process nobody = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", java, client.toString(), web.toString()).redirectErrorStream(true).start();
            String out = new String(nobody.getInputStream().readAllBytes()).strip();
            assertEquals(0, nobody.waitFor(), out);
            assertEquals("closed", out);
            assertEquals("ok", ControlSockets.send(web, ControlSockets.RELOAD), "its own user is still served");
        }
        assertEquals(List.of(), done, "nobody's stop did nothing");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("refused a control request from "), problems.toString());
    }

    /** svcctl stop never writes to a control socket that belongs to someone other than the caller or root. */
    @Test
    void theClientRefusesASocketOfAnotherUser() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(ControlSockets.ownUid() == 0,
                    "needs root to give a socket to another user");
        }
        Path dir = Fixtures.freshDir("control/foreign");
        Path foreign = ControlSockets.path(dir, "web");
        List<String> done = new CopyOnWriteArrayList<>();
        try (ControlSockets control = new ControlSockets(p -> { })) {
            control.serve(foreign, () -> done.add("stop web"), () -> { });
            control.start();
            Files.setAttribute(foreign, "unix:uid", 12345, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            IOException e = assertThrows(IOException.class,
                    () -> SupervisorProcesses.host(null).request(foreign, ControlSockets.STOP));
            assertEquals(foreign + " belongs to uid 12345, neither to you nor to root", e.getMessage());
        }
        assertEquals(List.of(), done);
    }
}
