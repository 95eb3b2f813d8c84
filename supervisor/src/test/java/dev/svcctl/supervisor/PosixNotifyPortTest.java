package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The real notify socket, with real senders: this JVM, python3, systemd-notify. Linux only (macOS: untested here). */
@EnabledOnOs(OS.LINUX)
class PosixNotifyPortTest {
    /** Generous: a datagram on a local socket arrives in microseconds; this only bounds a broken test. */
    private static final long WAIT_SECONDS = 30;
    private final PosixNotifyPort port = (PosixNotifyPort) ProcessPorts.notifyForCurrentOs();
    private final BlockingQueue<NotifyMessage> received = new LinkedBlockingQueue<>();

    private NotifyMessage next() throws InterruptedException {
        NotifyMessage message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "no datagram arrived within " + WAIT_SECONDS + " s");
        return message;
    }

    private static List<Thread> readers() {
        List<Thread> readers = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(PosixNotifyPort.THREAD_NAME) && thread.isAlive()) {
                readers.add(thread);
            }
        }
        return readers;
    }

    @Test
    void messagesSentFromJavaArriveParsedAndCloseRemovesTheSocketAndItsThread() throws Exception {
        Path socket = Fixtures.freshDir("notify-java").resolve("web.notify");
        NotifyPort.Listening listening = port.listen(socket, received::add);
        try {
            assertEquals(socket, listening.path());
            assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals(1, readers().size(), "one reader thread: " + readers());
            assertTrue(readers().get(0).isDaemon());

            assertTrue(port.notifyInitSystem(socket.toString(), "READY=1\nSTATUS=serving on :8080\nMAINPID=4242"));
            NotifyMessage message = next();
            assertTrue(message.ready());
            assertEquals(Optional.of("serving on :8080"), message.status());
            assertEquals(OptionalLong.of(4242), message.mainPid());
            assertTrue(port.notifyInitSystem(socket.toString(), "WATCHDOG=1"));
            assertTrue(next().watchdog());
        } finally {
            long start = System.nanoTime();
            listening.close();
            System.out.printf("close took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the socket file is removed");
        assertEquals(List.of(), readers(), "the reader thread has ended");
        assertFalse(port.notifyInitSystem(socket.toString(), "READY=1"), "nobody listens any more");
        listening.close(); // a second close does nothing
    }

    @Test
    void closeWakesAReaderBlockedInRecvWithoutWaitingForTheReceiveTimeout() throws Exception {
        // a receive timeout of ten minutes: only shutdown(2) can end the recv before close stops waiting (5 s)
        PosixNotifyPort patient = new PosixNotifyPort(PosixNotifyPort.Os.LINUX, TimeUnit.MINUTES.toMicros(10));
        Path socket = Fixtures.freshDir("notify-wake").resolve("web.notify");
        NotifyPort.Listening listening = patient.listen(socket, received::add);
        assertTrue(patient.notifyInitSystem(socket.toString(), "READY=1"));
        assertTrue(next().ready(), "the reader is running, and back in recv");
        listening.close();
        assertEquals(List.of(), readers(), "the reader ended while close waited for it");
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aListenerMayCloseItselfFromItsOwnCallback() throws Exception {
        Path socket = Fixtures.freshDir("notify-self-close").resolve("web.notify");
        NotifyPort.Listening[] holder = new NotifyPort.Listening[1];
        holder[0] = port.listen(socket, message -> {
            received.add(message);
            try {
                holder[0].close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(port.notifyInitSystem(socket.toString(), "STOPPING=1"));
        assertTrue(next().stopping());
        for (Thread reader : readers()) {
            reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        assertEquals(List.of(), readers());
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aPython3ProgramCanNotify() throws Exception {
        Prerequisites.require(onPath("python3"), "python3 is not installed");
        Path socket = Fixtures.freshDir("notify-python").resolve("web.notify");
        try (NotifyPort.Listening listening = port.listen(socket, received::add)) {
            ProcessBuilder python = new ProcessBuilder("python3", "-c", "import socket,os; "
                    + "s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); "
                    + "s.sendto(b\"READY=1\\nSTATUS=up\", os.environ[\"NOTIFY_SOCKET\"])").inheritIO();
            python.environment().put("NOTIFY_SOCKET", socket.toString());
            assertEquals(0, python.start().waitFor());
            NotifyMessage message = next();
            assertEquals(Map.of("READY", "1", "STATUS", "up"), message.fields());
        }
    }

    @Test
    void systemdNotifyCanNotify() throws Exception {
        Prerequisites.require(onPath("systemd-notify"), "systemd-notify (part of systemd) is not installed");
        Path socket = Fixtures.freshDir("notify-systemd").resolve("web.notify");
        try (NotifyPort.Listening listening = port.listen(socket, received::add)) {
            ProcessBuilder notify = new ProcessBuilder("systemd-notify", "--ready", "--status=warming up").inheritIO();
            notify.environment().put("NOTIFY_SOCKET", socket.toString());
            assertEquals(0, notify.start().waitFor());
            NotifyMessage message = next();
            assertTrue(message.ready(), message.toString());
            assertEquals(Optional.of("warming up"), message.status());
        }
    }

    @Test
    void theInitSystemsSocketMayBeInTheAbstractNamespace() throws Exception {
        Prerequisites.require(onPath("python3"), "python3 is not installed (it plays the init system)");
        String name = "svcctl-notify-test-" + ProcessHandle.current().pid();
        Process receiver = new ProcessBuilder("python3", "-c", "import socket,sys; "
                + "s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(\"\\0" + name + "\"); "
                + "print(\"bound\", flush=True); s.settimeout(" + WAIT_SECONDS + "); "
                + "print(repr(s.recv(4096)), flush=True)").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("bound", out.readLine());
            assertTrue(port.notifyInitSystem("@" + name, "READY=1\nSTATUS=up"));
            assertEquals("b'READY=1\\nSTATUS=up'", out.readLine(), "exactly the name, no trailing NUL in the length");
            assertEquals(0, receiver.waitFor());
        } finally {
            receiver.destroyForcibly();
        }
    }

    @Test
    void notifyingTheInitSystemWithoutAUsableSocketDoesNothing() throws Exception {
        Path dir = Fixtures.freshDir("notify-none");
        assertFalse(port.notifyInitSystem(null, "READY=1"), "NOTIFY_SOCKET unset");
        assertFalse(port.notifyInitSystem("", "READY=1"));
        assertFalse(port.notifyInitSystem("relative.sock", "READY=1"));
        assertFalse(port.notifyInitSystem(dir.resolve("nobody.notify").toString(), "READY=1"));
        Files.writeString(dir.resolve("file"), "x");
        assertFalse(port.notifyInitSystem(dir.resolve("file").toString(), "READY=1"), "not a socket");
        assertFalse(port.notifyInitSystem("/" + "x".repeat(200), "READY=1"), "too long");
        if (System.getenv("NOTIFY_SOCKET") == null) {
            assertFalse(port.notifyInitSystem("READY=1"), "the public method reads NOTIFY_SOCKET, unset here");
        }
    }

    @Test
    void aPathTooLongForASocketAddressIsRefusedByName() throws Exception {
        Path dir = Fixtures.freshDir("notify-long");
        String base = dir.toString() + "/";
        Path longest = Path.of(base + "n".repeat(107 - base.length()));
        assertEquals(107, longest.toString().getBytes(StandardCharsets.UTF_8).length);
        try (NotifyPort.Listening listening = port.listen(longest, received::add)) {
            assertTrue(port.notifyInitSystem(longest.toString(), "READY=1"), "107 bytes still fit");
            assertTrue(next().ready());
        }
        Path tooLong = Path.of(base + "n".repeat(108 - base.length()));
        IOException refused = assertThrows(IOException.class, () -> port.listen(tooLong, received::add));
        assertTrue(refused.getMessage().contains(tooLong.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("108 bytes long, more than the 107"), refused.getMessage());
        assertFalse(Files.exists(tooLong, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRegularFileOrSymbolicLinkAtThePathIsRefusedAndLeftAlone() throws Exception {
        Path dir = Fixtures.freshDir("notify-occupied");
        Path file = dir.resolve("file.notify");
        Files.writeString(file, "precious");
        IOException refused = assertThrows(IOException.class, () -> port.listen(file, received::add));
        assertTrue(refused.getMessage().contains(file + ": a regular file is there already"), refused.getMessage());
        assertEquals("precious", Files.readString(file));

        Path target = dir.resolve("target");
        Files.writeString(target, "precious");
        Path link = Files.createSymbolicLink(dir.resolve("link.notify"), target);
        refused = assertThrows(IOException.class, () -> port.listen(link, received::add));
        assertTrue(refused.getMessage().contains("a symbolic link is there already"), refused.getMessage());
        assertEquals(target, Files.readSymbolicLink(link));
        assertEquals("precious", Files.readString(target));

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.notify"), dir.resolve("planted"));
        assertThrows(IOException.class, () -> port.listen(dangling, received::add));
        assertFalse(Files.exists(dir.resolve("planted"), LinkOption.NOFOLLOW_LINKS), "a dangling link is not followed");
        assertEquals(List.of(), readers());
    }

    @Test
    void aSocketLeftBehindByAKilledSupervisorIsReplaced() throws Exception {
        Prerequisites.require(onPath("python3"), "python3 is not installed (it leaves the stale socket)");
        Path socket = Fixtures.freshDir("notify-stale").resolve("web.notify");
        Process stale = new ProcessBuilder("python3", "-c", "import socket,sys; "
                + "socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])", socket.toString())
                .inheritIO().start();
        assertEquals(0, stale.waitFor());
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "python exited without unlinking its socket");
        try (NotifyPort.Listening listening = port.listen(socket, received::add)) {
            assertTrue(port.notifyInitSystem(socket.toString(), "READY=1"));
            assertTrue(next().ready());
        }
    }

    @Test
    void aDirectoryOtherUsersCanWriteIsRefused() throws Exception {
        Path dir = Fixtures.freshDir("notify-open-dir");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class, () -> port.listen(dir.resolve("x.notify"), m -> { }));
        assertTrue(refused.getMessage().contains("other users can write there"), refused.getMessage());
    }

    @Test
    void aThousandDatagramsSentAsFastAsPossibleAllArriveInOrder() throws Exception {
        Path socket = Fixtures.freshDir("notify-burst").resolve("web.notify");
        try (NotifyPort.Listening listening = port.listen(socket, received::add)) {
            for (int i = 0; i < 1000; i++) {
                // the kernel queues only net.unix.max_dgram_qlen (10 by default) datagrams: sendto blocks meanwhile
                assertTrue(port.notifyInitSystem(socket.toString(), "WATCHDOG=1\nSTATUS=" + i), "datagram " + i);
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(Optional.of(Integer.toString(i)), next().status());
            }
            assertNull(received.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void oversizedDatagramsAndAFailingConsumerDoNotStopTheReader() throws Exception {
        Path socket = Fixtures.freshDir("notify-oversized").resolve("web.notify");
        AtomicInteger calls = new AtomicInteger();
        try (NotifyPort.Listening listening = port.listen(socket, message -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the consumer's own bug");
            }
            received.add(message);
        })) {
            assertTrue(port.notifyInitSystem(socket.toString(), "STATUS=first"));
            String largest = "STATUS=" + "x".repeat(PosixNotifyPort.MAX_DATAGRAM - "STATUS=".length());
            assertTrue(port.notifyInitSystem(socket.toString(), "STATUS=" + "y".repeat(PosixNotifyPort.MAX_DATAGRAM)));
            assertTrue(port.notifyInitSystem(socket.toString(), largest));
            assertTrue(port.notifyInitSystem(socket.toString(), "READY=1"));
            assertEquals(largest.substring("STATUS=".length()), next().status().orElseThrow(),
                    "4096 bytes arrive whole; the longer datagram before it was dropped");
            assertTrue(next().ready());
            assertEquals(3, calls.get(), "the failing call, the 4096-byte one, READY; never the oversized one");
        }
    }

    @Test
    void hangupIgnoredAsTheKernelSays() throws Exception {
        assertEquals(HangupProbe.procSaysHangupIgnored(), port.hangupIgnored());
    }

    @Test
    void hangupIgnoredInAJvmStartedThroughNohupOrATrap() throws Exception {
        Prerequisites.require(onPath("nohup"), "nohup is not installed");
        Path dir = Fixtures.freshDir("notify-hangup");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> probe = List.of(java, "-Djna.tmpdir=" + dir.resolve("jna"), "-cp", classPath,
                HangupProbe.class.getName());

        List<String> direct = new ArrayList<>(probe);
        String[] plain = probeOutput(direct, dir).split(" ");
        assertEquals(plain[1], plain[0], "the port agrees with the kernel in a JVM started directly");
        assertEquals(Boolean.toString(HangupProbe.procSaysHangupIgnored()), plain[0], "inherited from this JVM");

        List<String> nohup = new ArrayList<>(List.of("nohup"));
        nohup.addAll(probe);
        assertEquals("true true", probeOutput(nohup, dir));

        List<String> trap = new ArrayList<>(List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        trap.addAll(probe);
        assertEquals("true true", probeOutput(trap, dir));
    }

    private static String probeOutput(List<String> command, Path dir) throws Exception {
        Path out = dir.resolve("probe.out");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(process.waitFor(WAIT_SECONDS * 4, TimeUnit.SECONDS), "the probe JVM ended");
        assertEquals(0, process.exitValue(), String.join(" ", command));
        return Files.readString(out).trim();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
