package dev.svcctl.supervisor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The sd_notify protocol, both ways: a socket programs notify the supervisor on, and svcctl run's own messages to
 *  the init system that runs it. */
public interface NotifyPort {
    /**
     * Binds a Unix datagram socket at {@code socket} (mode 0600 through a private directory; an existing file
     * there that is not a socket svcctl made is refused, never followed), and hands every datagram received to
     * {@code onMessage} on a daemon thread of its own until closed. Closing unbinds and removes the socket file.
     * Datagrams larger than 4096 bytes are truncated-and-dropped, never crash the reader.
     */
    Listening listen(Path socket, Consumer<NotifyMessage> onMessage) throws IOException;

    interface Listening extends Closeable {
        Path path();
    }

    /**
     * Sends {@code message} ("READY=1", "WATCHDOG=1", "STATUS=...", "STOPPING=1", "MAINPID=N", several joined by
     * '\n') to the socket named by this process's $NOTIFY_SOCKET (path, or '@' for the abstract namespace);
     * false, doing nothing, when the variable is unset or the send fails.
     */
    boolean notifyInitSystem(String message);

    /** Whether this process started with SIGHUP ignored (nohup): then reload cannot reach it. */
    boolean hangupIgnored();

    /**
     * This port with nothing sent to the init system: for a process hosting several services
     * ({@code svcctl run FILE FILE...}), where one service's READY=1 or STOPPING=1 is not the process's.
     */
    default NotifyPort towardsNoInitSystem() {
        NotifyPort port = this;
        return new NotifyPort() {
            @Override
            public Listening listen(Path socket, Consumer<NotifyMessage> onMessage) throws IOException {
                return port.listen(socket, onMessage);
            }

            @Override
            public boolean notifyInitSystem(String message) {
                return false;
            }

            @Override
            public boolean hangupIgnored() {
                return port.hangupIgnored();
            }
        };
    }

    /** A port where nothing is supported: listen throws IOException("... not supported on this OS"). */
    NotifyPort UNSUPPORTED = new NotifyPort() {
        @Override
        public Listening listen(Path socket, Consumer<NotifyMessage> onMessage) throws IOException {
            throw new IOException("the notify socket (sd_notify readiness) is not supported on this OS: "
                    + System.getProperty("os.name"));
        }

        @Override
        public boolean notifyInitSystem(String message) {
            return false;
        }

        @Override
        public boolean hangupIgnored() {
            return false;
        }
    };
}
