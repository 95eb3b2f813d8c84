package dev.svcctl.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StateFileTest {
    private static final Instant SINCE = Instant.parse("2026-11-21T19:00:00.123Z");

    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "state-file", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static SupervisorState bare(String name, long supervisorPid) {
        return new SupervisorState(name, supervisorPid, OptionalLong.empty(), ProgramState.STARTING, SINCE, 0,
                Optional.empty(), Health.NONE, ReadyState.NONE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static SupervisorState full() {
        return new SupervisorState("api-ünïcødé-🚀", 10, OptionalLong.of(42), ProgramState.BACKOFF, SINCE, 2,
                Optional.of(new SupervisorState.Exit(137, Optional.of("KILL"), SINCE.plusSeconds(1))),
                Health.UNHEALTHY, ReadyState.WAITING, Optional.of("serving \"🚀\" \\ done\n\ttab \u0001 \u2028"),
                Optional.of(Path.of("/var/log/svcctl/api ü")), Optional.of("said \"bye\"\n"));
    }

    /** The shared host's file for a service systemd supervises. */
    static SupervisorState monitor() {
        return new SupervisorState("api", 11, OptionalLong.empty(), ProgramState.RUNNING, SINCE, 4, Optional.empty(),
                Health.UNHEALTHY, ReadyState.NONE, Optional.empty(), Optional.of(Path.of("/var/log/svcctl/api")),
                Optional.of("restarted: unhealthy"), true);
    }

    /** The file of one service of an svcctl run that hosts several. */
    static SupervisorState hosted() {
        return new SupervisorState("web", 12, OptionalLong.of(43), ProgramState.RUNNING, SINCE, 0, Optional.empty(),
                Health.NONE, ReadyState.READY, Optional.empty(), Optional.empty(), Optional.empty(), false, true);
    }

    @Test
    void whatIsWrittenIsReadBackTheSameWithNullsUnicodeAndQuotes() throws Exception {
        Path dir = freshDir("round-trip");
        StateFile file = new StateFile(dir.resolve("run/api.json"));
        for (SupervisorState state : new SupervisorState[] {bare("api", 7), full(), monitor(), hosted()}) {
            file.write(state);
            assertEquals(Optional.of(state), file.read());
        }
        try (Stream<Path> left = Files.list(dir.resolve("run"))) {
            assertEquals(1, left.count(), "the temporary file was renamed, not left behind");
        }
    }

    @Test
    void theFileIsTheDocumentedVersion3Json() throws Exception {
        Path dir = freshDir("documented");
        StateFile file = new StateFile(dir.resolve("api.json"));
        file.write(new SupervisorState("api", 10, OptionalLong.of(42), ProgramState.RUNNING, SINCE, 1,
                Optional.of(new SupervisorState.Exit(3, Optional.empty(), SINCE)), Health.HEALTHY, ReadyState.READY,
                Optional.empty(), Optional.of(Path.of("/var/log/svcctl/api")), Optional.empty()));
        assertEquals("""
                {
                  "version": 3,
                  "name": "api",
                  "supervisorPid": 10,
                  "pid": 42,
                  "state": "running",
                  "since": "2026-11-21T19:00:00.123Z",
                  "restarts": 1,
                  "lastExit": {
                    "code": 3,
                    "signal": null,
                    "at": "2026-11-21T19:00:00.123Z"
                  },
                  "health": "healthy",
                  "readiness": "ready",
                  "statusText": null,
                  "logDir": "/var/log/svcctl/api",
                  "reason": null,
                  "monitor": false,
                  "hostsSeveral": false
                }
                """, Files.readString(dir.resolve("api.json")));
    }

    @Test
    void aFileWithoutHostsSeveralIsOfAProcessHostingOneServiceAndTheFieldIsRead() {
        String alone = StateFile.json(bare("api", 7)).replace(",\n  \"hostsSeveral\": false", "");
        assertFalse(alone.contains("hostsSeveral"), alone);
        assertEquals(Optional.of(bare("api", 7)), StateFile.parse(alone));
        assertEquals(true, StateFile.parse(StateFile.json(hosted())).orElseThrow().hostsSeveral());
    }

    @Test
    void unknownFieldsAreSkippedAndAVersion1FileIsRead() {
        Optional<SupervisorState> read = StateFile.parse("""
                {"version": 1, "name": "api", "supervisorPid": 10, "pid": null, "state": "failed",
                 "since": "2026-11-21T19:00:00.123Z", "restarts": 5, "future": {"nested": [1, 2, {"x": null}]},
                 "lastExit": {"code": 2, "signal": null, "at": "2026-11-21T19:00:00.123Z", "core": false},
                 "health": "none", "reason": "gave up"}
                """);
        assertEquals(Optional.of(new SupervisorState("api", 10, OptionalLong.empty(), ProgramState.FAILED, SINCE, 5,
                Optional.of(new SupervisorState.Exit(2, Optional.empty(), SINCE)), Health.NONE, ReadyState.NONE,
                Optional.empty(), Optional.empty(), Optional.of("gave up"))), read);
    }

    @Test
    void anythingElseIsNoStateNotAnError() {
        String good = StateFile.json(bare("api", 7));
        assertTrue(StateFile.parse(good).isPresent());
        for (String bad : new String[] {"", "null", "[]", "{", good + "{}", good.replace("\"starting\"", "\"dancing\""),
            good.replace("\"supervisorPid\": 7", "\"supervisorPid\": -7"), good.replace("\"name\": \"api\",", ""),
            good.replace("\"restarts\": 0", "\"restarts\": \"zero\""), good.replace("2026-11-21T", "yesterday "),
            good.replace("\"version\": 3,", ""), good.replace("\"monitor\": false", "\"monitor\": \"no\""), "\u0000\u00ff"}) {
            assertEquals(Optional.empty(), StateFile.parse(bad), bad);
        }
    }

    @Test
    void aMissingOversizedOrNonUtf8FileIsNoState() throws Exception {
        Path dir = freshDir("unreadable");
        assertEquals(Optional.empty(), new StateFile(dir.resolve("none.json")).read());
        Path big = dir.resolve("big.json");
        Files.writeString(big, StateFile.json(bare("big", 7)).replace("\"reason\": null",
                "\"reason\": \"" + "x".repeat(StateFile.MAX_BYTES) + "\""));
        assertEquals(Optional.empty(), new StateFile(big).read());
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, StateFile.json(bare("caf\u00e9", 7)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(Optional.empty(), new StateFile(latin1).read());
        Files.createDirectory(dir.resolve("dir.json"));
        assertEquals(Optional.empty(), new StateFile(dir.resolve("dir.json")).read());
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws Exception {
        Path dir = freshDir("link");
        StateFile real = new StateFile(dir.resolve("real.json"));
        real.write(bare("api", 7));
        Path link = Files.createSymbolicLink(dir.resolve("api.json"), dir.resolve("real.json"));
        assertTrue(real.read().isPresent());
        assertEquals(Optional.empty(), new StateFile(link).read());
    }

    @Test
    void aFileOfAnotherOwnerIsRefused() throws Exception {
        Path dir = freshDir("owner");
        Path path = dir.resolve("api.json");
        new StateFile(path).write(bare("api", 7));
        assertTrue(new StateFile(path).read().isPresent(), "the reading user's own file");
        assertEquals(Optional.empty(), new StateFile(path, file -> false).read());
        assertEquals(Optional.empty(), new StateFile(path, file -> {
            throw new IOException("no owner");
        }).read());
    }

    @Test
    void aLinkPlantedAtTheTemporaryNameIsReplacedNotWrittenThrough() throws Exception {
        Path dir = freshDir("planted");
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Files.createSymbolicLink(dir.resolve(".api.json." + ProcessHandle.current().pid() + ".tmp"), victim);
        new StateFile(dir.resolve("api.json")).write(bare("api", 7));
        assertEquals("precious\n", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(dir.resolve("api.json")));
        assertEquals("api", new StateFile(dir.resolve("api.json")).read().orElseThrow().name());
    }

    /** The hand-written form is Instant.toString's, whatever the fraction, on both sides of 1970 and at the ends. */
    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        java.util.List<Instant> instants = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("2026-11-21T19:00:00Z"),
                Instant.parse("2026-11-21T19:00:00.120Z"), Instant.parse("2026-11-21T19:00:00.000120Z"),
                Instant.parse("2026-11-21T19:00:00.000000120Z"), Instant.parse("2024-02-29T00:00:59.5Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN,
                Instant.MAX));
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong() % 400_000_000_000L;
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }

        for (Instant instant : instants) {
            assertEquals(instant.toString(), StateFile.isoInstant(instant));
        }
    }
}
