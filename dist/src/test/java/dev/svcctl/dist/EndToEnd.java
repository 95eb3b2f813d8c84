package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the end-to-end suites on real Windows and macOS share ({@code WindowsServicesEndToEndIT},
 * {@code MacLaunchdEndToEndIT}): the distribution as built, waiting for a real init system with a bound, svcctl's
 * JSON documents, and whether a process is alive. The suites run the distribution's own launchers, never svcctl
 * in-process.
 */
final class EndToEnd {
    /** How long a real init system gets to reach a state (a JVM start, a restart back-off, a stop timeout). */
    static final Duration SETTLE = Duration.ofSeconds(90);
    /** The line the test program prints first at each start, with its own pid and its child's. */
    static final Pattern STARTED = Pattern.compile("svcctl-e2e pid=(\\d+) child=(\\d+)");

    private EndToEnd() {
    }

    /** The distribution directory the build made (dist/target/svcctl), which must exist: the suites test it. */
    static Path distribution() {
        Path dist = Path.of(System.getProperty("svcctl.dist", "target/svcctl")).toAbsolutePath();
        assertTrue(Files.isDirectory(dist.resolve("lib")), "no distribution at " + dist + " (run through mvn verify)");
        return dist;
    }

    /** Something observed, or empty while it is not there yet. */
    @FunctionalInterface
    interface Probe<T> {
        Optional<T> observe() throws Exception;
    }

    /**
     * Polls {@code probe} every 250 ms until it observes something, for at most {@code limit}; fails naming
     * {@code what} and the last thing {@code context} says otherwise.
     */
    static <T> T await(String what, Duration limit, Probe<T> probe, Probe<String> context) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (true) {
            Optional<T> seen = probe.observe();
            if (seen.isPresent()) {
                return seen.get();
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + limit.toSeconds() + "s: " + what + "\n"
                        + context.observe().orElse(""));
            }
            Thread.sleep(250);
        }
    }

    static <T> T await(String what, Probe<T> probe) throws Exception {
        return await(what, SETTLE, probe, Optional::empty);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until none of {@code pids} is alive any more. */
    static void awaitGone(String what, long... pids) throws Exception {
        await(what + " (pids " + java.util.Arrays.toString(pids) + ")", () -> {
            for (long pid : pids) {
                if (alive(pid)) {
                    return Optional.empty();
                }
            }
            return Optional.of(true);
        });
    }

    /**
     * The one {@code serviceStatus} of {@code svcctl status NAME --json}, whose exit code says the state: 0 running,
     * 3 not running, 4 not installed (docs/json.md); any other exit code fails.
     */
    static JsonObject onlyService(Run status) {
        assertTrue(List.of(0, 3, 4).contains(status.exitCode()), status::toString);
        JsonObject document = JsonParser.parseString(status.out()).getAsJsonObject();
        assertEquals(1, document.getAsJsonArray("services").size(), status::toString);
        return document.getAsJsonArray("services").get(0).getAsJsonObject();
    }

    static String text(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    static OptionalLong number(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? OptionalLong.empty() : OptionalLong.of(value.getAsLong());
    }

    /** Every {@code (pid, child)} the test program logged in {@code log}, in order; empty while there is none. */
    static List<long[]> starts(Path log) throws IOException {
        List<long[]> starts = new ArrayList<>();
        if (!Files.isRegularFile(log)) {
            return starts;
        }
        Matcher m = STARTED.matcher(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
        while (m.find()) {
            starts.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return starts;
    }

    static Optional<String> tail(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.of(file + ": missing");
            }
            String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            return Optional.of(file + ":\n" + text.substring(Math.max(0, text.length() - 2000)));
        } catch (IOException e) {
            return Optional.of(file + ": " + e);
        }
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Copies the tree at {@code from} to {@code to} (which must not exist), keeping executable bits. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
