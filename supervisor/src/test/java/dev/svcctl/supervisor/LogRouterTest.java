package dev.svcctl.supervisor;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** The router's protocol against in-memory FIFOs, writing real rotated files. */
class LogRouterTest {
    private static final int UID = 1000;
    private static final Optional<RotateSpec> SMALL_FILES = Optional.of(new RotateSpec(OptionalLong.of(200),
            RotateEvery.NONE, 1000, false, OptionalLong.empty()));

    private Path dir;

    @BeforeEach
    void freshDir(TestInfo test) {
        dir = Fixtures.freshDir("log-router-" + test.getTestMethod().orElseThrow().getName());
    }

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final LogHousekeeper housekeeper = new LogHousekeeper(problems::add);

    private static byte[] lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i <= to; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString().getBytes(US_ASCII);
    }

    private LogRouter.Route route(Path logs, String label, Path fifo) throws IOException {
        Files.createDirectories(logs);
        return new LogRouter.Route(label, fifo, UID, new RotatingLog(Fixtures.logDir(logs), "stdout", SMALL_FILES,
                Clock.systemUTC(), housekeeper));
    }

    /** Every file's lines, oldest file first; each file must hold whole lines only. */
    private static List<String> readLines(Path logs) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path file : LogFiles.rotated(logs, "stdout")) {
            String text = new String(LogFiles.content(file), US_ASCII);
            assertTrue(text.isEmpty() || text.endsWith("\n"), "a line split across files: " + file + ": " + text);
            all.addAll(text.lines().toList());
        }
        all.addAll(Files.readString(logs.resolve("stdout.log"), US_ASCII).lines().toList());
        return all;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void copiesEveryFifoIntoItsRotatedFilesWithoutSplittingALine() throws Exception {
        FakeFifoPort port = new FakeFifoPort(7);
        Path a = dir.resolve("a.stdout");
        Path b = dir.resolve("b.stdout");
        port.create(a, UID);
        port.create(b, UID);
        try (LogRouter router = new LogRouter(port, problems::add)) {
            router.update(List.of(route(dir.resolve("logs-a"), "a stdout", a), route(dir.resolve("logs-b"),
                    "b stdout", b)), List.of());
            router.start();
            port.write(a, lines(1, 300));
            port.write(b, lines(1, 50));
            await("both FIFOs are drained", () -> port.pending(a) == 0 && port.pending(b) == 0);
        }
        assertEquals(new String(lines(1, 300), US_ASCII).lines().toList(), readLines(dir.resolve("logs-a")));
        assertEquals(new String(lines(1, 50), US_ASCII).lines().toList(), readLines(dir.resolve("logs-b")));
        assertTrue(LogFiles.rotated(dir.resolve("logs-a"), "stdout").size() > 5, "rotated many times");
        assertEquals(List.of(), problems);
    }

    /** svcctl run's drain after a program ended: when it returns, every byte the FIFO held is in the files. */
    @Test
    void drainReturnsOnceEveryByteTheFifoHeldIsWritten() throws Exception {
        FakeFifoPort port = new FakeFifoPort(7);
        Path fifo = dir.resolve("a.stdout");
        port.create(fifo, UID);
        Path logs = dir.resolve("logs");
        try (LogRouter router = new LogRouter(port, problems::add)) {
            LogRouter.Route route = route(logs, "a stdout", fifo);
            router.update(List.of(route), List.of());
            router.start();
            port.write(fifo, lines(1, 2_000));
            assertTrue(router.drain(route, 20_000), "drained within the bound");
            assertEquals(0, port.pending(fifo));
            assertEquals(new String(lines(1, 2_000), US_ASCII).lines().toList(), readLines(logs));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aRouterKilledAfterWritingAChunkLosesNothingAndTheNextWritesThatChunkAgainAtMost() throws Exception {
        FakeFifoPort port = new FakeFifoPort(64);
        Path fifo = dir.resolve("a.stdout");
        port.create(fifo, UID);
        Path logs = dir.resolve("logs");
        port.write(fifo, lines(1, 100));
        port.dieOnConsume = true;
        java.util.concurrent.atomic.AtomicBoolean died = new java.util.concurrent.atomic.AtomicBoolean();
        LogRouter first = new LogRouter(port, problems::add, () -> died.set(true));
        LogRouter.Route firstRoute = route(logs, "a stdout", fifo);
        first.update(List.of(firstRoute), List.of());
        first.start();
        await("the first router dies", () -> !problems.isEmpty());
        first.close();
        firstRoute.log().close();
        assertEquals(List.of("the log router stopped: killed before consuming"), problems);
        assertTrue(died.get(), "the host is told, so that it ends and systemd starts a new router");
        int written = Files.readString(logs.resolve("stdout.log")).length();
        assertEquals(64, written, "the chunk was written before the router died");
        assertEquals(lines(1, 100).length, port.pending(fifo), "and nothing was consumed");

        port.write(fifo, lines(101, 200));
        try (LogRouter second = new LogRouter(port, problems::add)) {
            second.update(List.of(route(logs, "a stdout", fifo)), List.of());
            second.start();
            await("the FIFO is drained", () -> port.pending(fifo) == 0);
        }
        List<String> got = readLines(logs);
        List<String> expected = new String(lines(1, 200), US_ASCII).lines().toList();
        // The one chunk (64 bytes, ending mid-line) is there twice; the restarted router began it on a line of its
        // own only if the file ended mid-line, so compare as the byte stream the file holds.
        String all = String.join("\n", got) + "\n";
        String want = new String(lines(1, 200), US_ASCII);
        String once = new String(lines(1, 100), US_ASCII).substring(0, 64);
        assertEquals(once + want, all, "the killed router's chunk is written twice, nothing is lost");
        assertTrue(got.containsAll(expected));
    }

    /** svcctl run FILE FILE...: once the router died, what a FIFO holds is read directly before it is deleted. */
    @Test
    void onceTheRouterDiedDrainFailsAtOnceAndTheFifoIsCopiedDirectlyNotDropped() throws Exception {
        FakeFifoPort port = new FakeFifoPort(64);
        Path fifo = dir.resolve("a.stdout");
        port.create(fifo, UID);
        Path logs = dir.resolve("logs");
        port.write(fifo, lines(1, 100));
        port.dieOnConsume = true;
        java.util.concurrent.atomic.AtomicBoolean died = new java.util.concurrent.atomic.AtomicBoolean();
        LogRouter router = new LogRouter(port, problems::add, () -> died.set(true));
        LogRouter.Route route = route(logs, "a stdout", fifo);
        router.update(List.of(route), List.of());
        router.start();
        await("the router dies", router::stopped);
        assertTrue(died.get());
        assertEquals(false, router.drain(route, 1_000), "a dead router drains nothing");
        assertEquals(lines(1, 100).length, port.pending(fifo));

        assertTrue(router.copyDirectly(route), "every byte read by the calling thread");
        assertEquals(0, port.pending(fifo));
        route.log().close();
        String all = String.join("\n", readLines(logs)) + "\n";
        String once = new String(lines(1, 100), US_ASCII).substring(0, 64);
        assertEquals(once + new String(lines(1, 100), US_ASCII), all, "the dead router's chunk twice at most");
    }

    @Test
    void aFifoThatIsMissingOrHungUpIsTriedAgainLaterWithoutSpinning() throws Exception {
        FakeFifoPort port = new FakeFifoPort(4096);
        Path fifo = dir.resolve("late.stdout");
        Path logs = dir.resolve("logs");
        try (LogRouter router = new LogRouter(port, problems::add)) {
            router.update(List.of(route(logs, "late stdout", fifo)), List.of());
            router.start();
            Thread.sleep(2_500);
            int opens = port.opens.get();
            assertTrue(opens >= 2 && opens <= 5, "tried about once a second, not in a loop: " + opens);
            port.create(fifo, UID);
            port.write(fifo, lines(1, 10));
            await("the late FIFO is read", () -> port.pending(fifo) == 0);
            port.hangUp(fifo);
            await("the hung-up FIFO is closed", () -> port.openCount() == 0);
            port.write(fifo, lines(11, 20));
            await("and reopened later", () -> port.pending(fifo) == 0);
        }
        assertEquals(new String(lines(1, 20), US_ASCII).lines().toList(), readLines(logs));
        assertEquals(List.of(), problems);
    }

    @Test
    void aFifoOfAnotherOwnerIsNeverReadAndReportedOnce() throws Exception {
        FakeFifoPort port = new FakeFifoPort(4096);
        Path fifo = dir.resolve("planted.stdout");
        port.create(fifo, UID + 1);
        port.write(fifo, lines(1, 3));
        try (LogRouter router = new LogRouter(port, problems::add)) {
            router.update(List.of(route(dir.resolve("logs"), "x stdout", fifo)), List.of());
            router.start();
            Thread.sleep(2_500);
        }
        assertEquals(lines(1, 3).length, port.pending(fifo), "nothing read");
        assertEquals(List.of("cannot read the output of x stdout: " + fifo + " is owned by uid 1001, not 1000"),
                problems);
        assertEquals("", Files.readString(dir.resolve("logs/stdout.log")));
    }

    @Test
    void aRemovedRouteIsClosedBeforeUpdateReturns() throws Exception {
        FakeFifoPort port = new FakeFifoPort(4096);
        Path fifo = dir.resolve("a.stdout");
        port.create(fifo, UID);
        try (LogRouter router = new LogRouter(port, problems::add)) {
            LogRouter.Route route = route(dir.resolve("logs"), "a stdout", fifo);
            router.start();
            router.update(List.of(route), List.of());
            await("opened", () -> port.openCount() == 1);
            router.update(List.of(), List.of(route));
            assertEquals(0, port.openCount());
        }
    }
}
