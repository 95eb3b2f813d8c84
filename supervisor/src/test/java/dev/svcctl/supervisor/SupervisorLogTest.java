package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** File logs of a real program writing at full speed, rotated and compressed under it. */
class SupervisorLogTest {
    private static final int LINES = 1_000_000;
    /** Bytes that are not UTF-8 (a lone continuation byte, an invalid lead byte, a truncated sequence). */
    private static final byte[] NOT_UTF8 = {'r', 'a', 'w', ' ', (byte) 0x80, (byte) 0xff, (byte) 0xc3, ' ', 'x', '\n'};
    private static final String LAST_PARTIAL = "last line without newline";

    /** seq writes the numbered lines; printf the raw bytes (octal escapes) and the unterminated last line. */
    private static final String PROGRAM = "seq 1 " + LINES + "; printf 'raw \\200\\377\\303 x\\n'; "
            + "seq 1 " + LINES + " >&2; printf '" + LAST_PARTIAL + "'";

    private static byte[] expectedStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] numbers = numbers();
        out.writeBytes(numbers);
        out.writeBytes(NOT_UTF8);
        out.writeBytes(LAST_PARTIAL.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] numbers() {
        StringBuilder text = new StringBuilder(LINES * 8);
        for (int i = 1; i <= LINES; i++) {
            text.append(i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static ServiceSpec spec(Path logDir, RotateSpec rotate) {
        return ServiceSpec.builder("logs", "/bin/sh").args("-c", PROGRAM)
                .logs(new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.of(logDir.toString()), Optional.of(rotate)))
                .restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
    }

    private static void run(ServiceSpec spec, Path dir) throws Exception {
        run(spec, dir, Fixtures.port());
    }

    private static void run(ServiceSpec spec, Path dir, ProcessPort port) throws Exception {
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), port, new RecordingListener());
        supervisor.start();
        Outcome outcome = supervisor.awaitExit(Duration.ofMinutes(2)).orElseThrow();
        assertEquals(0, outcome.exitCode(), outcome.reason());
    }

    @ParameterizedTest(name = "output through a {0}")
    @ValueSource(strings = {"FIFO", "JDK pipe"})
    void everyLineAppearsExactlyOnceAcrossCompressedRotations(String channel) throws Exception {
        Path dir = Fixtures.freshDir("logs/all");
        Path logDir = dir.resolve("logs");
        run(spec(logDir, new RotateSpec(OptionalLong.of(256 * 1024), RotateEvery.NONE, 1000, true,
                OptionalLong.empty())), dir, channel.equals("FIFO") ? Fixtures.port() : new NoFifoPort(Fixtures.port()));

        List<Path> rotated = LogFiles.rotated(logDir, "stdout");
        assertTrue(rotated.size() >= 20, "only " + rotated.size() + " rotations");
        assertTrue(rotated.stream().allMatch(RotatedFiles::compressed), "every rotated file is compressed");
        for (Path p : rotated) {
            byte[] content = LogFiles.content(p);
            assertEquals('\n', content[content.length - 1], p + " ends mid-line");
        }
        assertArrayEquals(expectedStdout(), LogFiles.all(logDir, "stdout"),
                "the rotated set, in order, is exactly what the program wrote");
        assertArrayEquals(numbers(), LogFiles.all(logDir, "stderr"));
    }

    @Test
    void keepAndMaxTotalAreHonouredAndWhatIsKeptIsTheNewestOutput() throws Exception {
        Path dir = Fixtures.freshDir("logs/retention");
        Path logDir = dir.resolve("logs");
        long size = 256 * 1024;
        long maxTotal = 1024 * 1024;
        run(spec(logDir, new RotateSpec(OptionalLong.of(size), RotateEvery.NONE, 3, false,
                OptionalLong.of(maxTotal))), dir);

        List<Path> rotated = LogFiles.rotated(logDir, "stdout");
        assertEquals(3, rotated.size(), "keep: 3");
        long total = Files.size(logDir.resolve("stdout.log"));
        for (Path p : rotated) {
            total += Files.size(p);
        }
        assertTrue(total <= maxTotal, "maxTotal: " + total + " bytes kept");
        byte[] expected = expectedStdout();
        byte[] kept = LogFiles.all(logDir, "stdout");
        assertArrayEquals(Arrays.copyOfRange(expected, expected.length - kept.length, expected.length), kept,
                "the kept files hold the newest output, each line once");
        assertEquals('\n', expected[expected.length - kept.length - 1], "the kept output starts at a line start");

        run(spec(logDir, new RotateSpec(OptionalLong.of(size), RotateEvery.NONE, 100, false,
                OptionalLong.of(600 * 1024))), dir);
        long afterSecondRun = Files.size(logDir.resolve("stdout.log"));
        for (Path p : LogFiles.rotated(logDir, "stdout")) {
            afterSecondRun += Files.size(p);
        }
        assertTrue(afterSecondRun <= 600 * 1024, "a smaller maxTotal: " + afterSecondRun + " bytes kept");
    }
}
