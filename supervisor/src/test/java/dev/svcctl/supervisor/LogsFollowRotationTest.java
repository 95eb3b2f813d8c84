package dev.svcctl.supervisor;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.logs.ServiceLogs;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code svcctl logs -f} (common's reader) against the supervisor's real writer: numbered lines written through
 * {@link RotatingLog} while it rotates (and compresses) many times; every number is printed once, in order.
 */
class LogsFollowRotationTest {

    @Test
    void followingLosesAndRepeatsNoLineAcrossManyRotationsWithinOnePoll() throws Exception {
        // ~13 bytes a line, 2 KiB files: the writer rotates about every 150 lines, far faster than the reader polls.
        followAcrossRotations("follow/burst", true, 30_000, 0);
    }

    @Test
    void followingLosesAndRepeatsNoLineAcrossPacedRotations() throws Exception {
        // Lines now and then, so the reader sees most rotations one at a time, and partial lines at its polls.
        followAcrossRotations("follow/paced", false, 1_500, 20);
    }

    private static void followAcrossRotations(String name, boolean compress, int lines, int pauseMillis)
            throws Exception {
        Path dir = Fixtures.freshDir(name);
        RotateSpec rotate = new RotateSpec(OptionalLong.of(2048), RotateEvery.NONE, 100_000, compress,
                OptionalLong.empty());
        LogHousekeeper housekeeper = new LogHousekeeper(problem -> { throw new AssertionError(problem); });
        RotatingLog log = new RotatingLog(Fixtures.logDir(dir), "stdout", Optional.of(rotate), Clock.systemUTC(),
                housekeeper);
        int before = 300; // already written when following starts: the tail reaches back into rotated files
        for (int i = 1; i <= before; i++) {
            write(log, "line " + i + "\n");
        }
        Output out = new Output();
        Thread follower = new Thread(() -> {
            try {
                ServiceLogs.show(dir, "stdout", before, true, out);
            } catch (BackendException e) {
                out.failure = e;
            }
        }, "follower");
        follower.start();
        long tailDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!out.text().endsWith("line " + before + "\n") && System.nanoTime() < tailDeadline && out.failure == null) {
            Thread.sleep(10);
        }
        assertTrue(out.text().startsWith("line 1\n"), "the tail starts at the first line: " + out.text());
        for (int i = before + 1; i <= lines; i++) {
            String line = "line " + i + "\n";
            if (pauseMillis > 0 && i % 10 == 0) {
                // half a line, a pause (the reader may print it), then the rest
                write(log, line.substring(0, 3));
                Thread.sleep(pauseMillis);
                write(log, line.substring(3));
            } else {
                write(log, line);
            }
        }
        log.close();
        housekeeper.close();
        int rotations = LogFiles.rotated(dir, "stdout").size();
        assertTrue(rotations >= 3, "the writer rotated " + rotations + " times");

        String last = "line " + lines + "\n";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!out.text().endsWith(last) && System.nanoTime() < deadline && out.failure == null) {
            Thread.sleep(50);
        }
        follower.interrupt();
        follower.join(10_000);
        assertFalse(follower.isAlive(), "interrupting ends following");
        assertEquals(null, out.failure);

        List<Integer> numbers = new ArrayList<>();
        for (String printed : out.text().split("\n", -1)) {
            if (!printed.isEmpty()) {
                assertTrue(printed.matches("line \\d+"), "not a whole line: '" + printed + "'");
                numbers.add(Integer.parseInt(printed.substring(5)));
            }
        }
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i), "line " + (i + 1) + " lost or repeated (" + rotations
                    + " rotations)");
        }
        assertEquals(lines, numbers.size());
        assertTrue(out.text().endsWith(last));
    }

    private static void write(RotatingLog log, String text) throws Exception {
        byte[] bytes = text.getBytes(ISO_8859_1);
        log.write(bytes, 0, bytes.length);
    }

    private static final class Output extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile BackendException failure;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(ISO_8859_1);
        }
    }
}
