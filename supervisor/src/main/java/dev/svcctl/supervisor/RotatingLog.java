package dev.svcctl.supervisor;

import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * One stream's log file, written byte for byte as the program wrote it, rotated by size and/or time.
 *
 * <p>Rotation happens only between lines: a chunk that would cross the size limit is cut after its last newline
 * that still fits; a single line longer than the room left is written whole (the file may then exceed the limit),
 * and a time boundary that passes mid-line takes effect at the next line start. So no line is ever split across
 * files, none is lost or written twice, and bytes are never decoded (any encoding, or none, passes through).
 * Every byte is written as soon as it is read, so a last unterminated line is on disk when the program ends.
 */
final class RotatingLog implements AutoCloseable {
    private final RotatedFiles files;
    private final Optional<RotateSpec> rotate;
    private final long sizeLimit;
    private final Clock clock;
    private final LogHousekeeper housekeeper;
    private FileChannel channel;
    private long size;
    private boolean atLineStart = true;
    private long nextBoundaryMillis = Long.MAX_VALUE;
    private long seq;

    RotatingLog(LogDir dir, String base, Optional<RotateSpec> rotate, Clock clock, LogHousekeeper housekeeper)
            throws IOException {
        this.files = new RotatedFiles(dir, base);
        this.rotate = rotate;
        this.sizeLimit = rotate.flatMap(r -> r.size().isPresent() ? Optional.of(r.size().getAsLong()) : Optional.empty())
                .filter(s -> s > 0).orElse(0L);
        this.clock = clock;
        this.housekeeper = housekeeper;
        for (String name : files.list()) {
            seq = Math.max(seq, files.seq(name));
        }
        Optional<BasicFileAttributes> active = dir.attributes(files.active());
        boolean staleForPeriod = rotate.isPresent() && active.isPresent() && active.get().size() > 0
                && every() != RotateEvery.NONE
                && active.get().lastModifiedTime().toMillis() < periodStart(clock.millis());
        open();
        if (staleForPeriod) {
            rotateNow();
        }
        rotate.ifPresent(r -> housekeeper.resume(files, r));
    }

    Path activeFile() {
        return files.dir().resolve(files.active());
    }

    /** Called when a new run of the program starts writing: its output begins on a line of its own. */
    synchronized void beginRun() throws IOException {
        if (!atLineStart) {
            ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
            writeFully(newline, 0, 1);
        }
    }

    /**
     * At a line start, rotates first when the next line (as far as this chunk holds it) would not fit in the room
     * left; then writes as many whole lines as fit, or one line whole when not even one fits an empty file. A
     * file therefore exceeds the size limit only by its last line, when that line alone is longer than the limit
     * or arrived in several reads.
     */
    void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Writes the buffer's remaining bytes (a direct buffer is written without a copy); consumes them. */
    synchronized void write(ByteBuffer bytes) throws IOException {
        int pos = bytes.position();
        int end = bytes.limit();
        if (pos < end && !rotationDue() && (sizeLimit == 0 || end - pos <= sizeLimit - size)) {
            // No rotation can fall within these bytes: one write, whatever lines they hold or end in the middle of.
            writeFully(bytes, pos, end);
            bytes.limit(end).position(end);
            return;
        }
        while (pos < end) {
            int lineEnd = firstNewline(bytes, pos, end);
            int firstLineLength = (lineEnd < 0 ? end : lineEnd + 1) - pos;
            if (atLineStart && size > 0 && (rotationDue() || sizeLimit > 0 && size + firstLineLength > sizeLimit)) {
                rotateNow();
            } else if (atLineStart && size == 0 && rotationDue()) {
                nextBoundaryMillis = nextPeriodStart(clock.millis());
            }
            int cut = end;
            if (!atLineStart || sizeLimit > 0 && end - pos > sizeLimit - size) {
                long room = sizeLimit - size;
                int lastFitting = atLineStart && room > 0 && sizeLimit > 0
                        ? lastNewline(bytes, pos, pos + (int) Math.min(room, end - pos)) : -1;
                cut = lastFitting >= 0 ? lastFitting + 1 : lineEnd >= 0 ? lineEnd + 1 : end;
            }
            writeFully(bytes, pos, cut);
            bytes.limit(end);
            pos = cut;
        }
        bytes.limit(end).position(end);
    }

    private boolean rotationDue() {
        return sizeLimit > 0 && size >= sizeLimit || nextBoundaryMillis != Long.MAX_VALUE
                && clock.millis() >= nextBoundaryMillis;
    }

    private void rotateNow() throws IOException {
        channel.close();
        String target = files.rotatedName(clock.instant(), ++seq);
        files.dir().rename(files.active(), target);
        open();
        housekeeper.rotated(files, target, rotate.orElseThrow());
    }

    private void open() throws IOException {
        channel = files.dir().append(files.active());
        size = channel.size();
        atLineStart = size == 0 || endsWithNewline();
        long now = clock.millis();
        nextBoundaryMillis = every() == RotateEvery.NONE ? Long.MAX_VALUE : nextPeriodStart(now);
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel read = files.dir().read(files.active())) {
            ByteBuffer last = ByteBuffer.allocate(1);
            read.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private void writeFully(ByteBuffer bytes, int from, int to) throws IOException {
        bytes.limit(to).position(from);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        size += to - from;
        atLineStart = bytes.get(to - 1) == '\n';
    }

    private RotateEvery every() {
        return rotate.map(RotateSpec::every).orElse(RotateEvery.NONE);
    }

    private long periodStart(long millis) {
        ZonedDateTime now = Instant.ofEpochMilli(millis).atZone(clock.getZone());
        ZonedDateTime start = switch (every()) {
            case HOURLY -> now.truncatedTo(ChronoUnit.HOURS);
            case DAILY -> now.truncatedTo(ChronoUnit.DAYS);
            case WEEKLY -> now.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case NONE -> now;
        };
        return start.toInstant().toEpochMilli();
    }

    private long nextPeriodStart(long millis) {
        ZonedDateTime start = Instant.ofEpochMilli(periodStart(millis)).atZone(clock.getZone());
        ZonedDateTime next = switch (every()) {
            case HOURLY -> start.plusHours(1);
            case DAILY -> start.plusDays(1);
            case WEEKLY -> start.plusWeeks(1);
            case NONE -> start;
        };
        return next.toInstant().toEpochMilli();
    }

    private static int lastNewline(ByteBuffer b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int firstNewline(ByteBuffer b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
