package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PidFileTest {

    private static String problem(Path file) {
        PidFile.Contents contents = PidFile.read(file);
        assertEquals(OptionalLong.empty(), contents.pid());
        return contents.problem();
    }

    @Test
    void aPositiveIntegerWithBlanksIsAPid() throws Exception {
        Path file = Fixtures.freshDir("pidfile/ok").resolve("x.pid");
        Files.writeString(file, " 4242\n");
        assertEquals(OptionalLong.of(4242), PidFile.read(file).pid());
    }

    @Test
    void anythingElseIsRefusedWithTheReason() throws Exception {
        Path dir = Fixtures.freshDir("pidfile/bad");
        Path file = dir.resolve("x.pid");
        assertEquals("the pid file " + file + " does not exist", problem(file));
        Files.writeString(file, "");
        assertEquals("the pid file " + file + " is empty", problem(file));
        Files.writeString(file, "12 13\n");
        assertEquals("the pid file " + file + " does not hold a pid (a positive integer)", problem(file));
        Files.writeString(file, "-5\n");
        assertEquals("the pid file " + file + " does not hold a pid (a positive integer)", problem(file));
        Files.writeString(file, "1\n");
        assertEquals("the pid file " + file + " names pid 1, which no daemon can have", problem(file));
        Files.writeString(file, "9".repeat(80));
        assertEquals("the pid file " + file + " holds more than 64 bytes: not a pid file", problem(file));
        Path target = dir.resolve("target.pid");
        Files.writeString(target, "4242\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.pid"), target);
        assertEquals("the pid file " + link + " is a symbolic link (not followed)", problem(link));
        assertEquals("the pid file " + dir + " is not a regular file", problem(dir));
    }

    @Test
    void aWaitStatusDecodesToTheExitCodeOr128PlusTheSignal() {
        assertEquals(new ExitStatus(3), ExitStatus.ofWaitStatus(3 << 8));
        assertEquals(new ExitStatus(137), ExitStatus.ofWaitStatus(9));
        assertEquals(new ExitStatus(134), ExitStatus.ofWaitStatus(6 | 0x80), "SIGABRT with a core dump");
    }
}
