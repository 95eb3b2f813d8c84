package dev.svcctl.supervisor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How {@code svcctl stop NAME} and {@code svcctl reload NAME} reach one service of an {@code svcctl run} that hosts
 * several: a signal to the process would reach all of them. Each hosted service listens on a Unix stream socket
 * {@code RUNTIME/NAME.control} in the private runtime directory (so only its user, and root, can connect; the socket
 * itself is 0600); a client writes one line, {@code stop} or {@code reload}, and reads one line back, {@code ok} or
 * what was wrong. ONE thread serves every socket of the process through a selector. The JDK's own Unix sockets: no
 * JNA, so the {@code supervisor} backend's client loads nothing more than a signal would.
 */
public final class ControlSockets implements AutoCloseable {
    public static final String STOP = "stop";
    public static final String RELOAD = "reload";
    private static final int MAX_LINE = 64;
    /** How long a client may take to send its line before its connection is closed. */
    static final long IDLE_MILLIS = 5_000;
    /** How long {@link #send} waits for the connection and the answer: a stopped (SIGSTOP) host never answers. */
    public static final java.time.Duration REPLY_TIMEOUT = java.time.Duration.ofSeconds(5);
    /** S_IFMT and S_IFSOCK of {@code unix:mode}. */
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    /** What one socket's requests do. */
    private record Service(Runnable stop, Runnable reload) {
    }

    private final Selector selector;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();
    private final Consumer<String> problems;
    private final Thread thread;
    private volatile boolean closing;

    public ControlSockets(Consumer<String> problems) throws IOException {
        this.selector = Selector.open();
        this.problems = problems;
        this.thread = new Thread(this::loop, "svcctl-control");
        this.thread.setDaemon(true);
    }

    /** Where the control socket of service {@code name} is, next to its state file. */
    public static Path path(Path runtimeDir, String name) {
        return runtimeDir.resolve(name + ".control");
    }

    /**
     * Listens on {@code socket} for the requests of one service; before {@link #start}. A socket left at that path by
     * an earlier host (killed before it could remove it) is replaced; anything else there is refused.
     */
    public void serve(Path socket, Runnable stop, Runnable reload) throws IOException {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("serve before start");
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocketOf(socket, ownUid())) {
                throw new IOException(socket + " exists and is not a socket svcctl left; remove it");
            }
            Files.delete(socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            paths.add(socket);
            try {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException noPosix) {
                // Windows: the runtime directory's ACL decides who may connect
            }
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, new Service(stop, reload));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        servers.add(server);
    }

    public void start() {
        thread.start();
    }

    /** A request being read: whose, and what has arrived so far. */
    private record Request(Service service, ByteBuffer line, long acceptedNanos) {
    }

    private void loop() {
        while (!closing) {
            try {
                selector.select(IDLE_MILLIS / 2);
                closeIdle();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel client = ((ServerSocketChannel) key.channel()).accept();
                        if (client != null && !trusted(client)) {
                            client.close();
                        } else if (client != null) {
                            client.configureBlocking(false);
                            client.register(selector, SelectionKey.OP_READ, new Request((Service) key.attachment(),
                                    ByteBuffer.allocate(MAX_LINE), System.nanoTime()));
                        }
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    problems.accept("the control socket thread: " + e);
                }
            }
        }
    }

    /** Closes the connections that have not sent their line within {@link #IDLE_MILLIS}. */
    private void closeIdle() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Request request
                    && now - request.acceptedNanos() > IDLE_MILLIS * 1_000_000) {
                key.cancel();
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Only the host's own user and root may ask a service to stop or reload (SO_PEERCRED). */
    private boolean trusted(SocketChannel client) {
        try {
            java.nio.file.attribute.UserPrincipal peer = client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED)
                    .user();
            java.nio.file.attribute.UserPrincipalLookupService users = java.nio.file.FileSystems.getDefault()
                    .getUserPrincipalLookupService();
            if (peer.equals(users.lookupPrincipalByName("0"))
                    || peer.equals(users.lookupPrincipalByName(Long.toString(ownUid())))) {
                return true;
            }
            problems.accept("refused a control request from " + peer.getName() + ": only "
                    + System.getProperty("user.name") + " and root may stop or reload these services");
            return false;
        } catch (IOException | RuntimeException e) {
            problems.accept("refused a control request whose sender cannot be told: " + e.getMessage());
            return false;
        }
    }

    /** This process's uid. */
    static long ownUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** Whether {@code path} (not followed) is a socket owned by {@code uid}. */
    static boolean isSocketOf(Path path, long uid) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return (mode & TYPE_MASK) == SOCKET_TYPE && owner == uid;
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        Request request = (Request) key.attachment();
        int read;
        try {
            read = client.read(request.line());
        } catch (IOException e) {
            key.cancel();
            client.close();
            return;
        }
        String text = new String(request.line().array(), 0, request.line().position(), StandardCharsets.US_ASCII);
        int end = text.indexOf('\n');
        if (end < 0 && read >= 0 && request.line().hasRemaining()) {
            return; // more to come
        }
        String command = (end < 0 ? text : text.substring(0, end)).strip();
        String answer;
        if (command.equals(STOP)) {
            request.service().stop().run();
            answer = "ok";
        } else if (command.equals(RELOAD)) {
            request.service().reload().run();
            answer = "ok";
        } else {
            answer = "unknown request '" + command + "' (stop, reload)";
        }
        key.cancel();
        try (client) {
            // A few bytes into an empty socket buffer: written at once, even without blocking.
            client.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException gone) {
            // the client did not wait for the answer
        }
    }

    /**
     * Sends one request to the service listening on {@code socket} and answers its reply, waiting at most
     * {@link #REPLY_TIMEOUT} for both. Throws {@link java.net.ConnectException} when nobody listens there (a socket
     * left by a host that was killed), {@link java.net.SocketTimeoutException} when the host does not answer in time.
     */
    public static String send(Path socket, String command) throws IOException {
        return send(socket, command, REPLY_TIMEOUT);
    }

    static String send(Path socket, String command, java.time.Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector wait = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(wait, 0);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                await(key, SelectionKey.OP_CONNECT, deadline, timeout, socket);
                channel.finishConnect();
            }
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(key, SelectionKey.OP_WRITE, deadline, timeout, socket);
                }
            }
            ByteBuffer reply = ByteBuffer.allocate(256);
            while (reply.hasRemaining()) {
                int read = channel.read(reply);
                if (read < 0 || reply.position() > 0 && reply.get(reply.position() - 1) == '\n') {
                    break;
                }
                if (read == 0) {
                    await(key, SelectionKey.OP_READ, deadline, timeout, socket);
                }
            }
            return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).strip();
        }
    }

    /** Waits until {@code key}'s channel is ready for {@code op}, or throws once {@code deadline} has passed. */
    private static void await(SelectionKey key, int op, long deadline, java.time.Duration timeout, Path socket)
            throws IOException {
        key.interestOps(op);
        long left = deadline - System.nanoTime();
        if (left <= 0 || key.selector().select(Math.max(1, left / 1_000_000)) == 0) {
            if (deadline - System.nanoTime() <= 0) {
                throw new java.net.SocketTimeoutException("no answer on " + socket + " within "
                        + dev.svcctl.spec.Durations.format(timeout));
            }
        }
        key.selector().selectedKeys().clear();
    }

    /** Stops serving and removes the sockets. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (thread.getState() != Thread.State.NEW) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ServerSocketChannel server : servers) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Path socket : paths) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                problems.accept("cannot remove " + socket + ": " + e.getMessage());
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
