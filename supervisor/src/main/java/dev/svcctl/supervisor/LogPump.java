package dev.svcctl.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Consumer;

/**
 * Copies one output stream of the program into its log file as the bytes arrive, through one direct buffer (no
 * copy in Java when the source is a FIFO channel; see {@link LogBuffers} for its size). When the file cannot be
 * written (disk full) it keeps reading, so the program is never blocked on a full pipe, and reports the problem once.
 */
final class LogPump extends Thread {
    private final ReadableByteChannel in;
    private final RotatingLog log;
    private final LogBuffers buffers;
    private final Consumer<String> problems;

    LogPump(String name, ReadableByteChannel in, RotatingLog log, LogBuffers buffers, Consumer<String> problems) {
        super(name);
        setDaemon(true);
        this.in = in;
        this.log = log;
        this.buffers = buffers;
        this.problems = problems;
    }

    LogPump(String name, InputStream in, RotatingLog log, LogBuffers buffers, Consumer<String> problems) {
        this(name, Channels.newChannel(in), log, buffers, problems);
    }

    @Override
    public void run() {
        ByteBuffer buffer = buffers.take();
        boolean failed = false;
        try (in) {
            while (in.read(buffer) > 0) {
                boolean filled = !buffer.hasRemaining();
                buffer.flip();
                try {
                    log.write(buffer);
                    failed = false;
                } catch (IOException | RuntimeException e) {
                    if (!failed) {
                        problems.accept("cannot write " + log.activeFile() + ": " + e.getMessage());
                    }
                    failed = true;
                }
                buffer = LogBuffers.grownIfFull(buffer.clear(), filled);
            }
        } catch (IOException e) {
            problems.accept("reading the program's output failed: " + e.getMessage());
        } finally {
            buffers.giveBack(buffer);
        }
    }
}
