package dev.svcctl.supervisor;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RotatingLogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T10:15:00Z"), ZoneOffset.UTC);

    private static RotateSpec rotate(long size, RotateEvery every, int keep, boolean compress, Long maxTotal) {
        return new RotateSpec(size > 0 ? OptionalLong.of(size) : OptionalLong.empty(), every, keep, compress,
                maxTotal == null ? OptionalLong.empty() : OptionalLong.of(maxTotal));
    }

    @Test
    void sizeRotationCutsOnlyBetweenLines() throws Exception {
        Path dir = Fixtures.freshDir("rotating/size");
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { throw new AssertionError(msg); });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.of(rotate(100, RotateEvery.NONE, 100, false, null)),
                clock, housekeeper);
        byte[] text = "aaaaaaaaaa\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\ncc\n"
                .repeat(5).getBytes(ISO_8859_1);
        log.write(text, 0, text.length);
        log.close();
        housekeeper.close();
        assertArrayEquals(text, LogFiles.all(dir, "out"));
        for (Path p : LogFiles.rotated(dir, "out")) {
            byte[] bytes = Files.readAllBytes(p);
            assertEquals('\n', bytes[bytes.length - 1], p + " ends mid-line");
            assertTrue(bytes.length <= 100, p + " is larger than the limit: " + bytes.length);
        }
    }

    @Test
    void aLineLongerThanTheLimitIsWrittenWholeIntoOneFile() throws Exception {
        Path dir = Fixtures.freshDir("rotating/long-line");
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.of(rotate(10, RotateEvery.NONE, 100, false, null)),
                clock, housekeeper);
        byte[] first = "short\n".getBytes(ISO_8859_1);
        byte[] longLine = ("x".repeat(50) + "\n").getBytes(ISO_8859_1);
        log.write(first, 0, first.length);
        log.write(longLine, 0, 20);
        log.write(longLine, 20, 31);
        log.close();
        housekeeper.close();
        List<Path> rotated = LogFiles.rotated(dir, "out");
        assertEquals(1, rotated.size());
        assertArrayEquals(first, Files.readAllBytes(rotated.get(0)));
        assertArrayEquals(longLine, Files.readAllBytes(dir.resolve("out.log")));
    }

    @Test
    void timeRotationWaitsForTheEndOfTheLineThatCrossesTheBoundary() throws Exception {
        Path dir = Fixtures.freshDir("rotating/time");
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.of(rotate(0, RotateEvery.HOURLY, 100, true, null)),
                clock, housekeeper);
        write(log, "before the hour\npartial ");
        clock.advance(Duration.ofMinutes(50));
        write(log, "line ends after the hour\n");
        write(log, "next hour\n");
        clock.advance(Duration.ofHours(1));
        write(log, "third hour\n");
        log.close();
        housekeeper.close();
        List<Path> rotated = LogFiles.rotated(dir, "out");
        assertEquals(2, rotated.size(), rotated.toString());
        assertEquals("before the hour\npartial line ends after the hour\n",
                new String(LogFiles.content(rotated.get(0)), ISO_8859_1));
        assertEquals("next hour\n", new String(LogFiles.content(rotated.get(1)), ISO_8859_1));
        assertTrue(rotated.get(0).getFileName().toString().matches("out-20260304T110500Z-000001\\.log\\.gz"),
                rotated.get(0).getFileName().toString());
        assertEquals("third hour\n", Files.readString(dir.resolve("out.log")));
    }

    @Test
    void anActiveFileFromAnEarlierPeriodIsRotatedAtOpen() throws Exception {
        Path dir = Fixtures.freshDir("rotating/stale");
        Files.writeString(dir.resolve("out.log"), "yesterday\n");
        Files.setLastModifiedTime(dir.resolve("out.log"),
                java.nio.file.attribute.FileTime.from(clock.instant().minus(Duration.ofDays(1))));
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.of(rotate(0, RotateEvery.DAILY, 5, false, null)),
                clock, housekeeper);
        write(log, "today\n");
        log.close();
        housekeeper.close();
        assertEquals("yesterday\ntoday\n", new String(LogFiles.all(dir, "out"), ISO_8859_1));
        assertEquals(1, LogFiles.rotated(dir, "out").size());
    }

    @Test
    void aNewRunStartsOnANewLineAndBytesPassUnchanged() throws Exception {
        Path dir = Fixtures.freshDir("rotating/runs");
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.empty(), clock, housekeeper);
        byte[] invalidUtf8 = {(byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, '\r', '\n', (byte) 0x80, 'e', 'n', 'd'};
        log.beginRun();
        log.write(invalidUtf8, 0, invalidUtf8.length);
        log.beginRun();
        write(log, "second run\n");
        log.beginRun();
        log.close();
        housekeeper.close();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(invalidUtf8);
        expected.write("\nsecond run\n".getBytes(ISO_8859_1));
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(dir.resolve("out.log")));
    }

    @Test
    void keepAndMaxTotalDeleteTheOldestRotatedFiles() throws Exception {
        Path dir = Fixtures.freshDir("rotating/retention");
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.of(rotate(20, RotateEvery.NONE, 3, false, 70L)),
                clock, housekeeper);
        for (int i = 0; i < 20; i++) {
            write(log, String.format("line %013d\n", i));
        }
        log.close();
        housekeeper.close();
        List<Path> rotated = LogFiles.rotated(dir, "out");
        long total = Files.size(dir.resolve("out.log"));
        for (Path p : rotated) {
            total += Files.size(p);
        }
        assertTrue(rotated.size() <= 3, rotated.toString());
        assertTrue(total <= 70, "total " + total);
        assertEquals(String.format("line %013d\nline %013d\n", 17, 18),
                new String(LogFiles.content(rotated.get(rotated.size() - 2)), ISO_8859_1)
                        + new String(LogFiles.content(rotated.get(rotated.size() - 1)), ISO_8859_1));
        assertEquals(String.format("line %013d\n", 19), Files.readString(dir.resolve("out.log")));
    }

    /** Whatever the chunking of the stream, the files hold exactly its bytes and no file ends mid-line. */
    @Property(tries = 15)
    void anyChunkingKeepsEveryByteInOrder(@ForAll @IntRange(min = 1, max = 400) int maxChunk,
                                          @ForAll @IntRange(min = 1, max = 120) int limit,
                                          @ForAll long seed) throws Exception {
        Path dir = Fixtures.freshDir("rotating/property");
        Random random = new Random(seed);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 120; i++) {
            int len = random.nextInt(60);
            for (int j = 0; j < len; j++) {
                int b = random.nextInt(256);
                stream.write(b == '\n' ? 'x' : b);
            }
            stream.write('\n');
        }
        byte[] bytes = stream.toByteArray();
        LogHousekeeper housekeeper = new LogHousekeeper(msg -> { });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "out", Optional.of(rotate(limit, RotateEvery.NONE, 10_000, false, null)),
                clock, housekeeper);
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(maxChunk));
            log.write(bytes, pos, n);
            pos += n;
        }
        log.close();
        housekeeper.close();
        assertArrayEquals(bytes, LogFiles.all(dir, "out"));
        for (Path p : LogFiles.rotated(dir, "out")) {
            byte[] content = Files.readAllBytes(p);
            assertEquals('\n', content[content.length - 1]);
            int lastLineStart = content.length - 1;
            while (lastLineStart > 0 && content[lastLineStart - 1] != '\n') {
                lastLineStart--;
            }
            assertTrue(content.length <= limit || lastLineStart <= limit,
                    "only the last line of a file may take it over the limit");
        }
    }

    private static void write(RotatingLog log, String text) throws Exception {
        byte[] bytes = text.getBytes(ISO_8859_1);
        log.write(bytes, 0, bytes.length);
    }
}
