package dev.svcctl.logs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads one stream's log files as the supervisor writes them ({@link LogFileNames}): the last lines across the
 * active and rotated files, then, when following, what is written next, across rotations.
 *
 * <p>Bytes are copied as they are: nothing is decoded, and a last line without a newline is printed as it is. A
 * line is what ends with a newline, or the bytes after a file's last newline. Where one file ends mid-line and the
 * next begins (the supervisor never rotates mid-line, but a file left by an earlier run may end so), one newline
 * is printed between them, as the supervisor adds one between runs.
 *
 * <p>Following: the active file stays open and is read to its end at every poll. A rotation renames it and creates
 * a new active file; once the name points to another file, the open one is read to its end (the supervisor closed
 * it before renaming it), then every file rotated after it (several rotations may fall within one poll), then the
 * new active file from its start. So no line is lost or printed twice.
 */
final class RotatedLogReader {
    private static final int BUFFER = 64 * 1024;
    /** Attempts at a consistent view of the directory while rotations keep happening. */
    private static final int ATTEMPTS = 100;

    private final TrustedLogDir dir;
    private final LogFileNames names;
    private final Duration poll;
    private final byte[] buffer = new byte[BUFFER];
    private Printer printer;

    RotatedLogReader(TrustedLogDir dir, LogFileNames names, Duration poll) {
        this.dir = dir;
        this.names = names;
        this.poll = poll;
    }

    /**
     * The active file open, its identity and size, and the rotated files as they were while it was the active one
     * (the name still pointed to it after the listing). {@code active} is null when there is no active file.
     */
    private record View(SeekableByteChannel active, Object identity, long size, List<String> rotated) {
        long lastSeq(LogFileNames names) {
            return rotated.isEmpty() ? -1 : names.seq(rotated.get(rotated.size() - 1));
        }
    }

    /** Prints the last {@code lines} lines; with {@code follow} keeps printing until the thread is interrupted. */
    void show(int lines, boolean follow, OutputStream out) throws IOException {
        printer = new Printer(out);
        View view = consistentView();
        boolean following = false;
        try {
            printTail(view, lines);
            printer.flush();
            if (follow) {
                following = true;
                follow(view);
            }
        } catch (InterruptedException | ClosedByInterruptException e) {
            // Ctrl-C (or the caller) ended it: what was read is printed
            Thread.currentThread().interrupt();
        } finally {
            if (!following && view.active() != null) {
                view.active().close();
            }
            printer.flush();
        }
    }

    private View consistentView() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<TrustedLogDir.Entry> before = dir.entry(names.active());
            if (before.isEmpty()) {
                List<String> rotated = names.rotatedOldestFirst(dir.names());
                if (dir.entry(names.active()).isEmpty()) {
                    return new View(null, null, 0, rotated);
                }
                continue;
            }
            SeekableByteChannel channel;
            try {
                channel = dir.open(names.active());
            } catch (NoSuchFileException renamedMeanwhile) {
                continue;
            }
            boolean keep = false;
            try {
                long size = channel.size();
                List<String> rotated = names.rotatedOldestFirst(dir.names());
                Optional<TrustedLogDir.Entry> after = dir.entry(names.active());
                if (after.isPresent() && Objects.equals(after.get().identity(), before.get().identity())) {
                    keep = true;
                    return new View(channel, before.get().identity(), size, rotated);
                }
            } finally {
                if (!keep) {
                    channel.close();
                }
            }
        }
        throw new IOException("the log files in " + dir.path() + " keep being rotated; cannot get a steady view");
    }

    // ---- the last lines ----

    /** Where the printed lines of one file start: a byte offset, or a number of lines to skip (compressed). */
    private record Part(SeekableByteChannel channel, boolean compressed, long from, long to) {
    }

    private void printTail(View view, int lines) throws IOException, InterruptedException {
        Deque<Part> parts = new ArrayDeque<>();
        List<SeekableByteChannel> opened = new ArrayList<>();
        try {
            int need = lines;
            if (view.active() != null && need > 0) {
                long[] start = startOfLastLines(view.active(), view.size(), need);
                parts.addFirst(new Part(view.active(), false, start[0], view.size()));
                need -= (int) start[1];
            }
            List<String> rotated = view.rotated();
            for (int i = rotated.size() - 1; i >= 0 && need > 0; i--) {
                Optional<SeekableByteChannel> channel = openRotated(rotated.get(i));
                if (channel.isEmpty()) {
                    continue;
                }
                opened.add(channel.get());
                boolean compressed = LogFileNames.compressed(rotated.get(i)) || isGzip(channel.get());
                if (compressed) {
                    long total = countLines(channel.get());
                    long skip = Math.max(0, total - need);
                    parts.addFirst(new Part(channel.get(), true, skip, -1));
                    need -= (int) (total - skip);
                } else {
                    long size = channel.get().size();
                    long[] start = startOfLastLines(channel.get(), size, need);
                    parts.addFirst(new Part(channel.get(), false, start[0], size));
                    need -= (int) start[1];
                }
            }
            for (Part part : parts) {
                if (part.compressed()) {
                    copyCompressed(part.channel(), part.from());
                } else {
                    copy(part.channel(), part.from(), part.to());
                }
                if (part.channel() != view.active()) {
                    printer.endFile();
                }
            }
        } finally {
            for (SeekableByteChannel channel : opened) {
                channel.close();
            }
        }
    }

    /**
     * A rotated file, or its compressed copy when it was compressed meanwhile; empty when retention deleted it.
     */
    private Optional<SeekableByteChannel> openRotated(String name) throws IOException {
        try {
            return Optional.of(dir.open(name));
        } catch (NoSuchFileException gone) {
            if (LogFileNames.compressed(name)) {
                return Optional.empty();
            }
            try {
                return Optional.of(dir.open(name + ".gz"));
            } catch (NoSuchFileException alsoGone) {
                return Optional.empty();
            }
        }
    }

    /** A rotated .log compressed meanwhile was opened as its .log.gz (see openRotated): the gzip magic decides. */
    private static boolean isGzip(SeekableByteChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        channel.position(0);
        while (magic.hasRemaining() && channel.read(magic) > 0) {
            // read both bytes
        }
        channel.position(0);
        return magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
    }

    /**
     * Where the last {@code wanted} lines of the first {@code size} bytes start, scanning back from the end, and how
     * many lines there are from there (fewer than wanted when the file holds fewer).
     */
    private long[] startOfLastLines(SeekableByteChannel channel, long size, int wanted) throws IOException {
        if (wanted == 0 || size == 0) {
            return new long[] {size, 0};
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer);
        long found = 0;
        long end = size;
        boolean last = true;
        while (end > 0) {
            long start = Math.max(0, end - BUFFER);
            chunk.clear().limit((int) (end - start));
            channel.position(start);
            while (chunk.hasRemaining() && channel.read(chunk) > 0) {
                // fill the chunk
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (buffer[i] != '\n') {
                    last = false;
                    continue;
                }
                if (last) {
                    // the newline that ends the last line
                    last = false;
                    continue;
                }
                if (++found == wanted) {
                    return new long[] {start + i + 1, found};
                }
            }
            end = start;
        }
        return new long[] {0, found + 1};
    }

    private long countLines(SeekableByteChannel channel) throws IOException {
        long lines = 0;
        int lastByte = '\n';
        try (InputStream in = gunzip(channel)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                lastByte = buffer[n - 1];
            }
        }
        return lastByte == '\n' ? lines : lines + 1;
    }

    /** The file's content, uncompressed from its start; closing it leaves the channel open. */
    private static InputStream gunzip(SeekableByteChannel channel) throws IOException {
        channel.position(0);
        InputStream raw = new FilterInputStream(Channels.newInputStream(channel)) {
            @Override
            public void close() {
                // the channel is closed by whoever opened it
            }
        };
        return new GZIPInputStream(raw, BUFFER);
    }

    private void copyCompressed(SeekableByteChannel channel, long skipLines) throws IOException, InterruptedException {
        long skipped = 0;
        try (InputStream in = gunzip(channel)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int from = 0;
                while (skipped < skipLines && from < n) {
                    if (buffer[from++] == '\n') {
                        skipped++;
                    }
                }
                if (from < n) {
                    printer.write(buffer, from, n - from);
                }
                checkInterrupt();
            }
        }
    }

    /** Copies bytes [from, to) of the channel; {@code to} -1: to its end. Answers where it stopped. */
    private long copy(SeekableByteChannel channel, long from, long to) throws IOException, InterruptedException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer);
        long pos = from;
        channel.position(from);
        while (to < 0 || pos < to) {
            chunk.clear();
            if (to >= 0) {
                chunk.limit((int) Math.min(BUFFER, to - pos));
            }
            int n = channel.read(chunk);
            if (n <= 0) {
                break;
            }
            printer.write(buffer, 0, n);
            pos += n;
            checkInterrupt();
        }
        return pos;
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    // ---- following ----

    private void follow(View start) throws IOException, InterruptedException {
        SeekableByteChannel current = start.active();
        Object identity = start.identity();
        long pos = start.size();
        long seqFloor = start.lastSeq(names);
        try {
            while (true) {
                if (current != null) {
                    if (current.size() < pos) {
                        pos = 0; // truncated in place (copytruncate): start over
                    }
                    pos = copy(current, pos, -1);
                }
                printer.flush();
                Optional<TrustedLogDir.Entry> now = dir.entry(names.active());
                if (now.isEmpty() || current != null && Objects.equals(now.get().identity(), identity)) {
                    Thread.sleep(poll.toMillis());
                    continue;
                }
                // The name points to another file: a rotation (or the first active file appeared).
                View next = consistentView();
                if (next.active() == null) {
                    continue;
                }
                if (current != null) {
                    copy(current, pos, -1);
                    printer.endFile();
                    current.close();
                }
                for (String rotated : rotatedSince(next, seqFloor, current == null ? null : identity)) {
                    Optional<SeekableByteChannel> channel = openRotated(rotated);
                    if (channel.isPresent()) {
                        try (SeekableByteChannel c = channel.get()) {
                            if (LogFileNames.compressed(rotated) || isGzip(c)) {
                                copyCompressed(c, 0);
                            } else {
                                copy(c, 0, -1);
                            }
                        }
                        printer.endFile();
                    }
                }
                current = next.active();
                identity = next.identity();
                pos = 0;
                seqFloor = next.lastSeq(names);
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    /**
     * The files rotated after the one being followed (whose identity is {@code followed}, null when there was none):
     * of those numbered above {@code seqFloor} (the last rotation before it became active), the first is the
     * followed file itself, already read through its open channel, unless it is found by identity further on.
     */
    private List<String> rotatedSince(View view, long seqFloor, Object followed) throws IOException {
        List<String> newer = view.rotated().stream().filter(n -> names.seq(n) > seqFloor).toList();
        if (followed == null || newer.isEmpty()) {
            return newer;
        }
        for (int i = 0; i < newer.size(); i++) {
            Optional<TrustedLogDir.Entry> entry = dir.entry(newer.get(i));
            if (entry.isPresent() && Objects.equals(entry.get().identity(), followed)) {
                return newer.subList(i + 1, newer.size());
            }
        }
        return newer.subList(1, newer.size());
    }

    /** Writes to the output, remembering whether it stopped mid-line. */
    private static final class Printer {
        private final OutputStream out;
        private boolean midLine;

        Printer(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > 0) {
                out.write(bytes, offset, length);
                midLine = bytes[offset + length - 1] != '\n';
            }
        }

        /** At the end of a file: the next file starts on a line of its own. */
        void endFile() throws IOException {
            if (midLine) {
                out.write('\n');
                midLine = false;
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
