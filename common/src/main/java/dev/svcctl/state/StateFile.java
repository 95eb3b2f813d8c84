package dev.svcctl.state;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The supervisor's state file, {@code RUNTIME/NAME.json}: the one place that knows its format (docs/supervisor.md,
 * "The state file"), for the supervisor that writes it and for {@code status} that reads it.
 *
 * <p>Writing replaces the file atomically: a sibling temporary file, created afresh ({@code O_EXCL}, which never
 * follows a link: a name planted there is removed, not written through), is renamed over the old one, so a reader
 * never sees half a file.
 *
 * <p>Reading never fails: a file that is missing, unreadable, malformed, larger than {@link #MAX_BYTES}, a symbolic
 * link, not a regular file, or owned by someone other than root or the reading user ({@link Owners}) is "no state".
 * Fields this version does not know are skipped, so an older svcctl reads a newer supervisor's file.
 */
public final class StateFile {
    /**
     * The version this class writes; it reads versions 1 (no readiness, statusText, logDir) and 2 (no monitor) too.
     */
    public static final int FORMAT_VERSION = 3;
    /** A state file is a few hundred bytes; anything much larger is not one. */
    static final int MAX_BYTES = 64 * 1024;

    /** Whose files the reader believes. A port, so that a test can present a file as another user's. */
    @FunctionalInterface
    public interface Owners {
        /** Whether {@code file} (not followed if a link) belongs to root or to the user running svcctl. */
        boolean trusted(Path file) throws IOException;

        /** The host's answer: by uid where the file system has them, else by owner name (Windows). */
        Owners HOST = StateFile::hostTrusts;
    }

    private final Path file;
    private final Owners owners;

    public StateFile(Path file) {
        this(file, Owners.HOST);
    }

    public StateFile(Path file, Owners owners) {
        this.file = file;
        this.owners = owners;
    }

    public Path path() {
        return file;
    }

    public void write(SupervisorState s) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try (SeekableByteChannel out = Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(json(s));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The state the file holds; empty when there is none that can be trusted (see the class comment). */
    public Optional<SupervisorState> read() {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || attrs.size() > MAX_BYTES || !owners.trusted(file)) {
                return Optional.empty();
            }
            ByteBuffer bytes = ByteBuffer.allocate(MAX_BYTES + 1);
            try (SeekableByteChannel in = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                    // reads until the end, or one byte past the limit
                }
            }
            if (!bytes.hasRemaining()) {
                return Optional.empty();
            }
            bytes.flip();
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
            return parse(text);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The file's text for a state, as the supervisor writes it. */
    public static String json(SupervisorState s) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setIndent("  ");
            json.setSerializeNulls(true);
            json.beginObject();
            json.name("version").value(FORMAT_VERSION);
            json.name("name").value(s.name());
            json.name("supervisorPid").value(s.supervisorPid());
            json.name("pid");
            if (s.pid().isPresent()) {
                json.value(s.pid().getAsLong());
            } else {
                json.nullValue();
            }
            json.name("state").value(s.state().label());
            json.name("since").value(isoInstant(s.since()));
            json.name("restarts").value(s.restarts());
            json.name("lastExit");
            if (s.lastExit().isPresent()) {
                SupervisorState.Exit exit = s.lastExit().get();
                json.beginObject();
                json.name("code").value(exit.code());
                json.name("signal").value(exit.signal().orElse(null));
                json.name("at").value(isoInstant(exit.at()));
                json.endObject();
            } else {
                json.nullValue();
            }
            json.name("health").value(s.health().label());
            json.name("readiness").value(s.readiness().label());
            json.name("statusText").value(s.statusText().orElse(null));
            json.name("logDir").value(s.logDir().map(Path::toString).orElse(null));
            json.name("reason").value(s.reason().orElse(null));
            json.name("monitor").value(s.monitor());
            json.name("hostsSeveral").value(s.hostsSeveral());
            json.endObject();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return text + "\n";
    }

    /**
     * {@code instant.toString()} (ISO-8601 in UTC, the fraction in groups of three digits, none when zero), written
     * out by hand for the years 0000 to 9999: {@code Instant.toString} builds all of {@code DateTimeFormatter}'s
     * predefined formats first, some 50 classes that would stay in every idle supervisor's memory (bench/supervisor).
     * Other years, which no clock gives, go through {@code toString}.
     */
    private static final long FIRST_SECOND_OF_0000 = -62_167_219_200L;
    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

    static String isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_0000 || seconds > LAST_SECOND_OF_9999) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int nano = instant.getNano();
        StringBuilder text = new StringBuilder(30).append(date).append('T');
        twoDigits(text, secondOfDay / 3600).append(':');
        twoDigits(text, secondOfDay / 60 % 60).append(':');
        twoDigits(text, secondOfDay % 60);
        if (nano > 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                text.append(Integer.toString(nano / 1_000_000 + 1_000), 1, 4);
            } else if (nano % 1_000 == 0) {
                text.append(Integer.toString(nano / 1_000 + 1_000_000), 1, 7);
            } else {
                text.append(Integer.toString(nano + 1_000_000_000), 1, 10);
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** The state a file's text describes; empty when it is not a state file this version can read. */
    public static Optional<SupervisorState> parse(String text) {
        try (JsonReader json = new JsonReader(new StringReader(text))) {
            Fields f = new Fields();
            json.beginObject();
            while (json.hasNext()) {
                f.read(json.nextName(), json);
            }
            json.endObject();
            if (json.peek() != JsonToken.END_DOCUMENT) {
                return Optional.empty();
            }
            return f.state();
        } catch (IOException | IllegalStateException | NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The fields of one file as they are read, in any order. */
    private static final class Fields {
        Integer version;
        String name;
        Long supervisorPid;
        Long pid;
        String state;
        String since;
        Integer restarts;
        Optional<SupervisorState.Exit> lastExit = Optional.empty();
        boolean lastExitValid = true;
        String health;
        String readiness;
        String statusText;
        String logDir;
        String reason;
        boolean monitor;
        boolean hostsSeveral;

        void read(String field, JsonReader json) throws IOException {
            switch (field) {
                case "version" -> version = json.nextInt();
                case "name" -> name = string(json);
                case "supervisorPid" -> supervisorPid = number(json);
                case "pid" -> pid = number(json);
                case "state" -> state = string(json);
                case "since" -> since = string(json);
                case "restarts" -> restarts = json.nextInt();
                case "lastExit" -> readExit(json);
                case "health" -> health = string(json);
                case "readiness" -> readiness = string(json);
                case "statusText" -> statusText = string(json);
                case "logDir" -> logDir = string(json);
                case "reason" -> reason = string(json);
                case "monitor" -> monitor = json.nextBoolean();
                case "hostsSeveral" -> hostsSeveral = json.nextBoolean();
                default -> json.skipValue();
            }
        }

        private void readExit(JsonReader json) throws IOException {
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                return;
            }
            Integer code = null;
            String signal = null;
            String at = null;
            json.beginObject();
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "code" -> code = json.nextInt();
                    case "signal" -> signal = string(json);
                    case "at" -> at = string(json);
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (code == null || at == null) {
                lastExitValid = false;
                return;
            }
            lastExit = Optional.of(new SupervisorState.Exit(code, Optional.ofNullable(signal), Instant.parse(at)));
        }

        Optional<SupervisorState> state() {
            Optional<ProgramState> programState = state == null ? Optional.empty() : ProgramState.ofLabel(state);
            if (version == null || version < 1 || name == null || supervisorPid == null || supervisorPid <= 0
                    || programState.isEmpty() || since == null || restarts == null || restarts < 0
                    || !lastExitValid || pid != null && pid <= 0) {
                return Optional.empty();
            }
            // A label a later version added reads as the nearest this version knows.
            Health h = health == null ? Health.NONE : Health.ofLabel(health).orElse(Health.UNKNOWN);
            ReadyState r = readiness == null ? ReadyState.NONE : ReadyState.ofLabel(readiness).orElse(ReadyState.NONE);
            return Optional.of(new SupervisorState(name, supervisorPid,
                    pid == null ? OptionalLong.empty() : OptionalLong.of(pid), programState.get(), Instant.parse(since),
                    restarts, lastExit, h, r, Optional.ofNullable(statusText),
                    Optional.ofNullable(logDir).map(Path::of), Optional.ofNullable(reason), monitor,
                    hostsSeveral));
        }

        private static String string(JsonReader json) throws IOException {
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                return null;
            }
            if (json.peek() != JsonToken.STRING) {
                throw new IllegalStateException("not a string");
            }
            return json.nextString();
        }

        private static Long number(JsonReader json) throws IOException {
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                return null;
            }
            return json.nextLong();
        }
    }

    private static boolean hostTrusts(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return uid == 0 || uid == CurrentUser.UID;
        }
        // Windows: the service host runs as LocalSystem; files it creates belong to SYSTEM or Administrators.
        UserPrincipal owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
        String name = owner.getName().toLowerCase(Locale.ROOT);
        String self = System.getProperty("user.name", "").toLowerCase(Locale.ROOT);
        return name.equals("nt authority\\system") || name.equals("builtin\\administrators")
                || !self.isEmpty() && (name.equals(self) || name.endsWith("\\" + self));
    }

    /** The reading process's uid, read once and only on POSIX hosts. */
    private static final class CurrentUser {
        static final long UID = new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
