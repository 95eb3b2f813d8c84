package dev.svcctl.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A notify port without sockets: a test delivers the program's datagrams itself ({@link #send}), and sees what the
 * supervisor told its init system ({@link #toInitSystem}).
 */
final class FakeNotifyPort implements NotifyPort {
    private final boolean hangupIgnored;
    private final List<String> toInit = new ArrayList<>();
    private volatile Consumer<NotifyMessage> program;
    private volatile Path bound;
    private volatile boolean closed;

    FakeNotifyPort(boolean hangupIgnored) {
        this.hangupIgnored = hangupIgnored;
    }

    FakeNotifyPort() {
        this(false);
    }

    @Override
    public Listening listen(Path socket, Consumer<NotifyMessage> onMessage) {
        bound = socket;
        program = onMessage;
        return new Listening() {
            @Override
            public Path path() {
                return socket;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    /** As if the program had sent {@code datagram} over $NOTIFY_SOCKET. */
    void send(String datagram) {
        program.accept(NotifyMessage.parse(datagram));
    }

    Path bound() {
        return bound;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public synchronized boolean notifyInitSystem(String message) {
        toInit.add(message);
        notifyAll();
        return true;
    }

    synchronized List<String> toInitSystem() {
        return List.copyOf(toInit);
    }

    synchronized long countToInit(String message) {
        return toInit.stream().filter(message::equals).count();
    }

    /** Waits until the init system has been sent {@code message} {@code count} times. */
    synchronized void awaitToInit(String message, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (countToInit(message) < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not " + count + " x " + message + " to the init system; got " + toInit);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public boolean hangupIgnored() {
        return hangupIgnored;
    }
}
