package dev.svcctl.supervisor;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@link FifoPort} on Linux through JNA: {@code open(O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC)}, {@code poll(2)},
 * and {@code tee(2)} into a private pipe whose copy is read into one direct buffer. One instance serves one router
 * thread (the buffer, the poll array and the private pipe are its own).
 *
 * <p>The calls made for every line a program prints (poll, tee, read) are JNA direct mappings ({@link Hot}) and the
 * poll array is one native block reused through a byte buffer: an idle host wakes once per line of each service, and
 * JNA's interface mapping (a proxy, reflection and argument boxing per call) plus a native block and a JNI call per
 * field per wakeup were most of the router's CPU (bench/shared-host/host-idle).
 */
final class PosixFifoPort implements FifoPort {
    /** The private pipe's and the buffer's size: the FIFOs' capacity ({@code PipeSize=} up to 1 MiB). */
    static final int CHUNK = 1 << 20;
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int ENOENT = 2;

    private final LibC libc;
    private final int copyRead;
    private final int copyWrite;
    private final int wakeRead;
    private final int wakeWrite;
    private final Memory memory;
    private final ByteBuffer buffer;
    private final int chunk;
    /** The poll array (struct pollfd: int fd, short events, short revents), grown as needed, and its view. */
    private Memory pollMemory;
    private ByteBuffer pollfds;
    private final Memory wakeByte = new Memory(1);

    /**
     * The calls made per wakeup, directly mapped (no proxy, no reflection), with {@code size_t}/{@code ssize_t} as
     * Java longs: an {@code NativeLong} result is made by reflection at every call. So this class assumes an LP64
     * Linux, which the JNA builds svcctl ships are (x86-64, aarch64).
     */
    private static final class Hot {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        private Hot() {
        }

        static native int poll(Pointer fds, long count, int timeoutMillis);

        static native long tee(int in, int out, long length, int flags);

        static native long read(int fd, Pointer buffer, long count);

        static native long write(int fd, Pointer buffer, long count);
    }

    PosixFifoPort() throws IOException {
        this.libc = LibC.load();
        int[] copy = new int[2];
        int[] wake = new int[2];
        if (libc.pipe2(copy, LibC.O_NONBLOCK_CLOEXEC) != 0) {
            throw new IOException("cannot create a pipe (errno " + Native.getLastError() + ")");
        }
        if (libc.pipe2(wake, LibC.O_NONBLOCK_CLOEXEC) != 0) {
            libc.close(copy[0]);
            libc.close(copy[1]);
            throw new IOException("cannot create a pipe (errno " + Native.getLastError() + ")");
        }
        copyRead = copy[0];
        copyWrite = copy[1];
        wakeRead = wake[0];
        wakeWrite = wake[1];
        // As large as a FIFO may be, so one tee takes all it holds; an unprivileged user may get less (pipe-max-size).
        int size = libc.fcntl(copyWrite, LibC.F_SETPIPE_SZ, CHUNK);
        chunk = size > 0 ? Math.min(size, CHUNK) : 1 << 16;
        memory = new Memory(chunk);
        buffer = memory.getByteBuffer(0, chunk);
        wakeByte.setByte(0, (byte) 1);
    }

    @Override
    public OptionalInt open(Path fifo, int ownerUid) throws IOException {
        int fd = libc.open(fifo.toString(), LibC.O_RDONLY_NONBLOCK_NOFOLLOW_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == ENOENT) {
                return OptionalInt.empty();
            }
            throw new IOException("cannot open " + fifo + " (errno " + errno + (errno == 40
                    ? ": a symbolic link" : "") + ")");
        }
        // fstat of the descriptor opened, not of the name (which may have been swapped meanwhile).
        Path opened = Path.of("/proc/self/fd/" + fd);
        try {
            int mode = (Integer) Files.getAttribute(opened, "unix:mode");
            int uid = (Integer) Files.getAttribute(opened, "unix:uid");
            if ((mode & S_IFMT) != S_IFIFO) {
                throw new IOException(fifo + " is not a FIFO");
            }
            if (uid != ownerUid) {
                throw new IOException(fifo + " is owned by uid " + uid + ", not " + ownerUid);
            }
        } catch (IOException | RuntimeException e) {
            libc.close(fd);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return OptionalInt.of(fd);
    }

    @Override
    public boolean[] poll(int[] fds, long timeoutMillis) throws IOException {
        int count = fds.length + 1;
        if (pollMemory == null || pollMemory.size() < 8L * count) {
            pollMemory = new Memory(8L * Math.max(count, 64));
            pollfds = pollMemory.getByteBuffer(0, pollMemory.size()).order(ByteOrder.nativeOrder());
        }
        for (int i = 0; i < count; i++) {
            pollfds.putInt(8 * i, i < fds.length ? fds[i] : wakeRead);
            pollfds.putShort(8 * i + 4, LibC.POLLIN);
            pollfds.putShort(8 * i + 6, (short) 0);
        }
        int ready = Hot.poll(pollMemory, count, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        boolean[] answer = new boolean[fds.length];
        if (ready < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EINTR) {
                return answer;
            }
            throw new IOException("poll failed (errno " + errno + ")");
        }
        for (int i = 0; i < fds.length; i++) {
            answer[i] = pollfds.getShort(8 * i + 6) != 0;
        }
        if (pollfds.getShort(8 * fds.length + 6) != 0) {
            drainWakeups();
        }
        return answer;
    }

    private void drainWakeups() {
        while (Hot.read(wakeRead, memory, Math.min(chunk, 4096)) > 0) {
            // empties the wake-up pipe; the buffer's content is not used until the next peek fills it
        }
    }

    @Override
    public ByteBuffer peek(int fd) throws IOException {
        long copied = Hot.tee(fd, copyWrite, chunk, LibC.SPLICE_F_NONBLOCK);
        if (copied < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
                return buffer.clear().limit(0);
            }
            throw new IOException("tee failed (errno " + errno + ")");
        }
        if (copied == 0) {
            return null;
        }
        int n = (int) copied;
        readFully(copyRead, n, "the private pipe");
        return buffer.clear().limit(n);
    }

    /** One tee takes at most this much, and all the FIFO holds when it holds less. */
    @Override
    public int chunkBytes() {
        return chunk;
    }

    @Override
    public void consume(int fd, int count) throws IOException {
        readFully(fd, count, "the FIFO");
    }

    /** Reads exactly {@code count} bytes of {@code fd} into the buffer: they are known to be there (teed). */
    private void readFully(int fd, int count, String what) throws IOException {
        long done = 0;
        while (done < count) {
            long got = Hot.read(fd, done == 0 ? memory : memory.share(done), count - done);
            if (got < 0) {
                int errno = Native.getLastError();
                if (errno == LibC.EINTR) {
                    continue;
                }
                throw new IOException("reading " + what + " failed (errno " + errno + ")");
            }
            if (got == 0) {
                throw new IOException(what + " ended " + (count - done) + " bytes early");
            }
            done += got;
        }
    }

    @Override
    public void close(int fd) {
        libc.close(fd);
    }

    @Override
    public void wakeup() {
        Hot.write(wakeWrite, wakeByte, 1);
    }

    @Override
    public void close() {
        libc.close(copyRead);
        libc.close(copyWrite);
        libc.close(wakeRead);
        libc.close(wakeWrite);
    }
}
