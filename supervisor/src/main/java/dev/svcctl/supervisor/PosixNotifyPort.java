package dev.svcctl.supervisor;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sd_notify protocol over Unix datagram sockets through libc (JNA, loaded on the first call only): Linux, and
 * macOS with its own constants and address layout (no abstract namespace there). See {@link NotifyPort}.
 */
final class PosixNotifyPort implements NotifyPort {
    /** Datagrams longer than this are dropped whole; sd_notify messages are a few short lines. */
    static final int MAX_DATAGRAM = 4096;
    /** How long the reader blocks in recv before looking at its closed flag again (when shutdown does not wake it). */
    private static final long RECEIVE_TIMEOUT_MICROS = 1_000_000;
    /** How long close waits for the reader to end: well past the receive timeout. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** A full receiver queue blocks sendto; the init system reads promptly, so this only bounds a stuck one. */
    private static final long SEND_TIMEOUT_MICROS = 5_000_000;
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SHUT_RDWR = 2;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int SIGHUP = 1;
    private static final long SIG_IGN = 1;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    static final String THREAD_NAME = "svcctl-notify-reader";

    /**
     * What differs between the two systems. Linux values are those of x86_64 and aarch64 (the architectures svcctl
     * ships for; a few socket options differ on others, such as ppc64).
     */
    enum Os {
        LINUX(02000000, 1, 20, 21, 0x4000, 11, 4, 108, false, true),
        MACOS(0, 0xffff, 0x1006, 0x1005, 0, 35, 4, 104, true, false);

        final int sockCloexec;
        final int solSocket;
        final int soRcvtimeo;
        final int soSndtimeo;
        final int msgNosignal;
        final int eagain;
        final int eintr;
        /** sizeof(sun_path), the terminating NUL included. */
        final int sunPathSize;
        /** BSD: sockaddr_un starts with a length byte, then a one-byte family; Linux: a two-byte family. */
        final boolean lengthByte;
        final boolean abstractNamespace;

        Os(int sockCloexec, int solSocket, int soRcvtimeo, int soSndtimeo, int msgNosignal, int eagain, int eintr,
                int sunPathSize, boolean lengthByte, boolean abstractNamespace) {
            this.sockCloexec = sockCloexec;
            this.solSocket = solSocket;
            this.soRcvtimeo = soRcvtimeo;
            this.soSndtimeo = soSndtimeo;
            this.msgNosignal = msgNosignal;
            this.eagain = eagain;
            this.eintr = eintr;
            this.sunPathSize = sunPathSize;
            this.lengthByte = lengthByte;
            this.abstractNamespace = abstractNamespace;
        }

        /** The sockaddr_un of a file system socket; refuses a path too long for it, naming the path. */
        byte[] pathAddress(String path) throws IOException {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            if (name.length > sunPathSize - 1) {
                throw new IOException("the notify socket path " + path + " is " + name.length + " bytes long, more than"
                        + " the " + (sunPathSize - 1) + " a Unix socket address holds; use a shorter runtime directory"
                        + " (SVCCTL_RUNTIME_DIR)");
            }
            if (path.indexOf('\0') >= 0) {
                throw new IOException("the notify socket path " + path.replace('\0', '?') + " contains a NUL byte");
            }
            return address(new byte[0], name, new byte[] {0});
        }

        /** The sockaddr_un of the Linux abstract namespace: a leading NUL, then the name, its length exact. */
        byte[] abstractAddress(String name) throws IOException {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            if (!abstractNamespace) {
                throw new IOException("abstract socket names (@" + name + ") exist only on Linux");
            }
            if (bytes.length > sunPathSize - 1) {
                throw new IOException("the abstract socket name @" + name + " is longer than " + (sunPathSize - 1)
                        + " bytes");
            }
            return address(new byte[] {0}, bytes, new byte[0]);
        }

        private byte[] address(byte[] prefix, byte[] name, byte[] suffix) {
            int length = 2 + prefix.length + name.length + suffix.length;
            ByteBuffer address = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
            if (lengthByte) {
                address.put((byte) length).put((byte) AF_UNIX);
            } else {
                address.putShort((short) AF_UNIX);
            }
            return address.put(prefix).put(name).put(suffix).array();
        }

        /** A struct timeval (64-bit: an 8-byte tv_sec, then tv_usec in 8 bytes, 4 and padding on macOS). */
        static byte[] timeval(long micros) {
            return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                    .putLong(micros / 1_000_000).putLong(micros % 1_000_000).array();
        }
    }

    private final Os os;
    private final long receiveTimeoutMicros;
    private volatile SocketLibC libc;

    PosixNotifyPort(Os os) {
        this(os, RECEIVE_TIMEOUT_MICROS);
    }

    /** With another receive timeout: tests make it long to see that close wakes the reader without it. */
    PosixNotifyPort(Os os, long receiveTimeoutMicros) {
        this.os = os;
        this.receiveTimeoutMicros = receiveTimeoutMicros;
    }

    /** The port for {@code osName} ("Linux", "Mac OS X"), empty elsewhere; loads nothing native yet. */
    static Optional<PosixNotifyPort> forOs(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return Optional.of(new PosixNotifyPort(Os.LINUX));
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return Optional.of(new PosixNotifyPort(Os.MACOS));
        }
        return Optional.empty();
    }

    Os os() {
        return os;
    }

    private SocketLibC libc() {
        SocketLibC loaded = libc;
        if (loaded == null) {
            synchronized (this) {
                loaded = libc;
                if (loaded == null) {
                    loaded = SocketLibC.load();
                    libc = loaded;
                }
            }
        }
        return loaded;
    }

    @Override
    public Listening listen(Path socket, Consumer<NotifyMessage> onMessage) throws IOException {
        Path path = socket.toAbsolutePath();
        byte[] address = os.pathAddress(path.toString());
        checkDirectory(path.getParent());
        removeStale(path);
        SocketLibC c = libc();
        int fd = open(c);
        boolean bound = false;
        try {
            // Linux creates the file with the socket's own mode (less the umask): 0600 from the start, no window.
            c.fchmod(fd, 0600);
            if (c.bind(fd, address, address.length) != 0) {
                int errno = Native.getLastError();
                throw new IOException("cannot bind the notify socket " + path + " (errno " + errno + ")"
                        + (Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? ": something else was created there" : ""));
            }
            bound = true;
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            byte[] timeout = Os.timeval(receiveTimeoutMicros);
            if (c.setsockopt(fd, os.solSocket, os.soRcvtimeo, timeout, timeout.length) != 0) {
                throw new IOException("cannot set a receive timeout on the notify socket " + path + " (errno "
                        + Native.getLastError() + ")");
            }
            Listener listener = new Listener(c, fd, path, onMessage);
            listener.thread.start();
            return listener;
        } catch (IOException | RuntimeException e) {
            c.close(fd);
            if (bound) {
                deleteSocket(path);
            }
            throw e;
        }
    }

    /** The socket's directory must not let other users replace what is in it. */
    private static void checkDirectory(Path dir) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
        if (!attributes.isDirectory()) {
            throw new IOException("cannot make the notify socket in " + dir + ": not a directory");
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("will not make the notify socket in " + dir + ": other users can write there ("
                    + PosixFilePermissions.toString(mode) + ")");
        }
    }

    /**
     * Removes a socket this user left behind (a supervisor that was killed cannot unbind); anything else at the
     * path, a symbolic link included, is refused and left as it is.
     */
    private void removeStale(Path path) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        if ((mode & S_IFMT) != S_IFSOCK || uid != libc().geteuid()) {
            String kind = Files.isSymbolicLink(path) ? "a symbolic link"
                    : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                    : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? "a regular file"
                    : (mode & S_IFMT) == S_IFSOCK ? "a socket of uid " + uid : "a special file";
            throw new IOException("will not make the notify socket " + path + ": " + kind + " is there already, and"
                    + " svcctl neither replaces nor follows it; remove it if it is stale");
        }
        Files.delete(path);
    }

    /** Deletes {@code path} if it is still a socket (never whatever replaced it). */
    private static void deleteSocket(Path path) {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (((Integer) attributes.get("mode") & S_IFMT) == S_IFSOCK) {
                Files.delete(path);
            }
        } catch (IOException gone) {
            // already removed: nothing to do
        }
    }

    private int open(SocketLibC c) throws IOException {
        int fd = c.socket(AF_UNIX, SOCK_DGRAM | os.sockCloexec, 0);
        if (fd < 0) {
            throw new IOException("cannot create a Unix datagram socket (errno " + Native.getLastError() + ")");
        }
        if (os.sockCloexec == 0) {
            c.fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        return fd;
    }

    /** Receives on its own daemon thread; the thread closes the descriptor when it ends, so no recv sees it reused. */
    private final class Listener implements Listening, Runnable {
        private final SocketLibC c;
        private final int fd;
        private final Path path;
        private final Consumer<NotifyMessage> onMessage;
        private final Thread thread;
        private final Object lock = new Object();
        private volatile boolean closed;
        private boolean open = true;

        Listener(SocketLibC c, int fd, Path path, Consumer<NotifyMessage> onMessage) {
            this.c = c;
            this.fd = fd;
            this.path = path;
            this.onMessage = onMessage;
            this.thread = new Thread(this, THREAD_NAME + " " + path.getFileName());
            thread.setDaemon(true);
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public void run() {
            try (Memory buffer = new Memory(MAX_DATAGRAM + 1)) {
                NativeLong capacity = new NativeLong(MAX_DATAGRAM + 1);
                while (!closed) {
                    long received = c.recv(fd, buffer, capacity, 0).longValue();
                    if (closed) {
                        break;
                    }
                    if (received < 0) {
                        int errno = Native.getLastError();
                        if (errno != os.eagain && errno != os.eintr) {
                            pause(); // unexpected: keep trying, without spinning, until closed
                        }
                        continue;
                    }
                    if (received == 0 || received > MAX_DATAGRAM) {
                        continue; // empty, or too long: dropped whole
                    }
                    deliver(new String(buffer.getByteArray(0, (int) received), StandardCharsets.UTF_8));
                }
            } finally {
                synchronized (lock) {
                    open = false;
                    c.close(fd);
                }
            }
        }

        private void deliver(String datagram) {
            try {
                onMessage.accept(NotifyMessage.parse(datagram));
            } catch (RuntimeException e) {
                // the consumer's failure is its own; the socket keeps being read
            }
        }

        private void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                if (open) {
                    c.shutdown(fd, SHUT_RDWR); // Linux wakes a blocked recv at once; elsewhere the timeout does
                }
            }
            deleteSocket(path);
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(CLOSE_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean notifyInitSystem(String message) {
        return notifyInitSystem(System.getenv("NOTIFY_SOCKET"), message);
    }

    /** As {@link #notifyInitSystem(String)}, to the socket {@code socketName} (the value $NOTIFY_SOCKET would have). */
    boolean notifyInitSystem(String socketName, String message) {
        if (socketName == null || socketName.isEmpty() || message == null) {
            return false;
        }
        byte[] address;
        try {
            if (socketName.startsWith("@")) {
                address = os.abstractAddress(socketName.substring(1));
            } else if (socketName.startsWith("/")) {
                address = os.pathAddress(socketName);
            } else {
                return false; // systemd names only absolute paths and abstract sockets (vsock: not for svcctl)
            }
        } catch (IOException unusable) {
            return false;
        }
        SocketLibC c = libc();
        int fd;
        try {
            fd = open(c);
        } catch (IOException e) {
            return false;
        }
        try {
            byte[] timeout = Os.timeval(SEND_TIMEOUT_MICROS);
            c.setsockopt(fd, os.solSocket, os.soSndtimeo, timeout, timeout.length);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            long sent = c.sendto(fd, bytes, new NativeLong(bytes.length), os.msgNosignal, address, address.length)
                    .longValue();
            return sent == bytes.length;
        } finally {
            c.close(fd);
        }
    }

    @Override
    public boolean hangupIgnored() {
        // struct sigaction starts with the handler on Linux (x86_64, aarch64) and macOS; the buffer is larger than
        // the whole struct on both.
        try (Memory old = new Memory(256)) {
            old.clear();
            if (libc().sigaction(SIGHUP, Pointer.NULL, old) != 0) {
                return false;
            }
            return Pointer.nativeValue(old.getPointer(0)) == SIG_IGN;
        }
    }
}
