package dev.svcctl.supervisor;

import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the {@code supervisor} backend asks of the OS about a running {@code svcctl run}: whether it still runs, and
 * a signal for it. A port, so that its tests play supervisors without starting any.
 */
public interface SupervisorProcesses {

    /**
     * Whether {@code pid} runs and may be the supervisor that wrote a state at {@code wroteAt}: a process started
     * after that (its pid reused once the supervisor was gone) cannot have written it.
     */
    boolean alive(long pid, Instant wroteAt);

    /** Sends {@code signal} to {@code pid}. */
    void signal(long pid, Signal signal) throws IOException;

    /**
     * Sends {@code request} ({@link ControlSockets#STOP}, {@link ControlSockets#RELOAD}) to one service of an
     * {@code svcctl run} hosting several, through its control socket, and answers whether one listened there: false
     * when there is no socket, or nobody listens (a socket a killed host left); the caller then signals a
     * supervisor that hosts only this service, and fails for one that hosts several (its state's
     * {@code hostsSeveral}).
     */
    boolean request(Path socket, String request) throws IOException;

    /**
     * The host's processes: liveness from the JDK's process table, signals with {@code kill -s NAME PID} through
     * {@code runner} (loading JNA for one signal would cost a status or stop more than the command does).
     */
    static SupervisorProcesses host(ProcessRunner runner) {
        /* The start time the JDK reports is derived from the boot time, known to the second. */
        Duration slack = Duration.ofSeconds(2);
        return new SupervisorProcesses() {
            @Override
            public boolean alive(long pid, Instant wroteAt) {
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .map(p -> p.info().startInstant().map(start -> !start.isAfter(wroteAt.plus(slack))).orElse(true))
                        .orElse(false);
            }

            @Override
            public boolean request(Path socket, String request) throws IOException {
                try {
                    if (!Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                        return false;
                    }
                } catch (IOException none) {
                    return false;
                }
                // Never talk to a socket someone else put there: only one of this user's or root's is the host's.
                long owner = !socket.getFileSystem().supportedFileAttributeViews().contains("unix") ? -1
                        : (Integer) Files.getAttribute(socket, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                // (no uid where the file system has none: there the runtime directory's ACL decides)
                if (owner >= 0 && owner != 0 && owner != ControlSockets.ownUid()) {
                    throw new IOException(socket + " belongs to uid " + owner + ", neither to you nor to root");
                }
                String reply;
                try {
                    reply = ControlSockets.send(socket, request);
                } catch (java.net.ConnectException | java.nio.file.NoSuchFileException nobody) {
                    return false;
                }
                if (!reply.equals("ok")) {
                    throw new IOException(socket + " answered: " + (reply.isEmpty() ? "nothing" : reply));
                }
                return true;
            }

            @Override
            public void signal(long pid, Signal signal) throws IOException {
                ProcessRunner.Result result = runner.run(List.of("kill", "-s", signal.name(), Long.toString(pid)),
                        Duration.ofSeconds(10));
                if (!result.ok()) {
                    throw new IOException(("kill -s " + signal.name() + " " + pid + ": " + result.stderr()).strip());
                }
            }
        };
    }
}
