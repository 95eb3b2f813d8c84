package dev.svcctl.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code svcctl run} says about the service it hosts: the content of its state file (format version
 * {@link StateFile#FORMAT_VERSION}, documented field by field in docs/supervisor.md), written by the supervisor and
 * read by {@code status} through the same {@link StateFile}.
 *
 * @param supervisorPid the pid of {@code svcctl run} (or of the Windows service host)
 * @param pid the program's pid; empty when no program runs
 * @param since when {@code state} was entered
 * @param restarts the program's restarts in this supervisor's life
 * @param lastExit how the last run ended; empty before the first end
 * @param statusText the program's last {@code STATUS=} line
 * @param logDir the absolute directory the supervisor writes the program's rotated files to; empty when it writes
 *     no files
 * @param reason why {@code state} was entered (the give-up message, say)
 * @param monitor true when the file is written by the shared host ({@code svcctl host}, docs/design/shared-host.md),
 *     which monitors a program the init system supervises natively: then {@code supervisorPid} is the host's pid,
 *     {@code pid} and {@code lastExit} are empty (the init system knows them), {@code restarts} counts the restarts
 *     the host asked for (an unhealthy program), and {@code state} is the host's view: {@code running} while it
 *     monitors the service
 */
public record SupervisorState(
        String name,
        long supervisorPid,
        OptionalLong pid,
        ProgramState state,
        Instant since,
        int restarts,
        Optional<Exit> lastExit,
        Health health,
        ReadyState readiness,
        Optional<String> statusText,
        Optional<Path> logDir,
        Optional<String> reason,
        boolean monitor,
        boolean hostsSeveral) {

    /** A state of a process that hosts this one service only (or of the shared host, {@code monitor}). */
    public SupervisorState(String name, long supervisorPid, OptionalLong pid, ProgramState state, Instant since,
            int restarts, Optional<Exit> lastExit, Health health, ReadyState readiness, Optional<String> statusText,
            Optional<Path> logDir, Optional<String> reason, boolean monitor) {
        this(name, supervisorPid, pid, state, since, restarts, lastExit, health, readiness, statusText, logDir, reason,
                monitor, false);
    }

    /** The state of a supervisor ({@code svcctl run}, the Windows service host), not of the shared host. */
    public SupervisorState(String name, long supervisorPid, OptionalLong pid, ProgramState state, Instant since,
            int restarts, Optional<Exit> lastExit, Health health, ReadyState readiness, Optional<String> statusText,
            Optional<Path> logDir, Optional<String> reason) {
        this(name, supervisorPid, pid, state, since, restarts, lastExit, health, readiness, statusText, logDir, reason,
                false);
    }

    public SupervisorState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastExit, "lastExit");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(statusText, "statusText");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * How a run ended.
     *
     * @param code the exit code; death by signal N is 128+N (the JDK's and the shell's convention)
     * @param signal the signal's name without SIG ({@code KILL}) when the code is 128+N of a known signal
     * @param at when the supervisor saw the end
     */
    public record Exit(int code, Optional<String> signal, Instant at) {
        public Exit {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(at, "at");
        }
    }
}
