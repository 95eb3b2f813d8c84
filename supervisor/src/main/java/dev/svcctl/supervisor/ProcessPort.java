package dev.svcctl.supervisor;

import dev.svcctl.spec.Signal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What the supervisor needs from the operating system beyond the JDK's process API: signals, keeping hold of
 * re-parented descendants, killing a whole process tree. A port so that each OS has its own implementation
 * ({@link PosixProcessPort} for Linux and other POSIX systems; Windows comes with its service host).
 */
public interface ProcessPort {

    /**
     * Arranges, where the OS allows it, that descendants whose parent dies are re-parented to this process rather
     * than to init, so that {@link #killDescendants()} still finds them, and that those orphans are collected as
     * they end (no zombies), driven by the OS's event for a child's end rather than by a timer. Answers whether
     * that is in force.
     */
    boolean keepOrphans();

    /**
     * This port for one service: a port may apply what the spec says about the OS's handling of the program (the
     * Windows port: job limits, priority class, stop methods). The default ignores the spec.
     */
    default ProcessPort forService(dev.svcctl.spec.ServiceSpec spec) {
        return this;
    }

    /** Starts a process; every process the supervisor starts goes through here so orphan reaping leaves it alone. */
    Process start(ProcessBuilder builder) throws IOException;

    /**
     * Runs {@code command} for its exit status only (an exec health or readiness probe): no input (end of file),
     * output and errors discarded, marked like every process started through {@link #start}. Answers its exit code
     * (128+N for death by signal N, as {@link Process#exitValue}), or empty when it did not end within
     * {@code timeout}: then it and its descendants have been killed, and it is collected (no zombie is left).
     *
     * <p>The default goes through {@link #start} (the JDK's process machinery); a port may run it more cheaply (the
     * shared host runs two of these a second with 20 services).
     *
     * @throws IOException when it cannot be started (no such program, not executable)
     */
    default java.util.OptionalInt runDiscarding(java.util.List<String> command, java.time.Duration timeout)
            throws IOException, InterruptedException {
        Process process = start(new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD));
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(process.exitValue());
    }

    /**
     * Starts the program of a {@code stop.mode: process} service: its descendants are its own business, so nothing
     * ties them to the life of this process. A port that cannot start a process so refuses.
     */
    default Process startLeavingDescendants(ProcessBuilder builder) throws IOException {
        throw new IOException("this OS cannot leave the program's children alone (stop.mode: process)");
    }

    /** One start through the port, for {@link #startOn}. */
    @FunctionalInterface
    interface Start {
        Process start() throws IOException;
    }

    /**
     * Runs {@code start} so that the process it starts may run only on {@code cpus} (cpuAffinity; empty: no limit),
     * which its descendants inherit. A port whose OS cannot limit a process to CPUs refuses a non-empty list.
     */
    default Process startOn(java.util.List<Integer> cpus, Start start) throws IOException {
        if (!cpus.isEmpty()) {
            throw new IOException("this OS cannot limit a program to CPUs (cpuAffinity)");
        }
        return start.start();
    }

    /** Sends a signal to one process; a process that has already gone is not an error. */
    void signal(long pid, Signal signal) throws IOException;

    /**
     * Sends SIGABRT, which systemd's watchdog sends (WatchdogSignal=) and which a spec cannot name, so a hung
     * program may dump core; where the OS has no such signal, kills the process instead.
     */
    default void abort(long pid) throws IOException {
        signal(pid, Signal.KILL);
    }

    /**
     * Keeps hold of a process of the program that the supervisor did not start itself (the daemon a forking program
     * left behind, named by its pid file, or a new main process announced with MAINPID=): orphan reaping leaves it
     * alone, and the answer completes with its exit status once it has ended, or with {@link ExitStatus#UNKNOWN}
     * when the OS does not let this process collect it (it is not this process's child).
     */
    default CompletableFuture<ExitStatus> watch(long pid) {
        return ProcessHandle.of(pid).map(p -> p.onExit().thenApply(ended -> ExitStatus.UNKNOWN))
                .orElse(CompletableFuture.completedFuture(ExitStatus.UNKNOWN));
    }

    /**
     * Kills (without grace) every live descendant of this process, including re-parented orphans, repeating until
     * none is left, and reaps the orphans among them. Answers how many processes were sent the kill.
     */
    int killDescendants();

    /**
     * Whether {@code pid}, a live descendant of this process, belongs to the service this port serves (and not to
     * another service the same process hosts): a pid file may only hand over to the service's own daemon.
     */
    default boolean ownsProcess(long pid) {
        return true;
    }

    /**
     * Creates a named pipe (FIFO) at {@code path} and holds it open, through which the program's output reaches the
     * supervisor without the copies of the JDK's process streams (with a large kernel buffer where the OS allows).
     * The FIFO is opened without following links and checked to be the supervisor's own FIFO after opening. Empty
     * where the OS has none or cannot reopen an open FIFO safely (the supervisor then reads the JDK's pipe instead).
     */
    default Optional<OpenFifo> openFifo(Path path) throws IOException {
        return Optional.empty();
    }

    /** A FIFO held open read-write (so that neither end blocks when opened) until closed. */
    interface OpenFifo extends Closeable {
        /**
         * A path that opens this very FIFO whatever its name in the log directory has become meanwhile: the JDK
         * opens a redirect's file by path, with O_CREAT and O_TRUNC.
         */
        Path reopenPath();
    }

    /** The user id the supervisor runs as (owner of the files it creates); empty where the OS has none. */
    default OptionalInt userId() {
        return OptionalInt.empty();
    }

    /**
     * Runs {@code onStop} on SIGTERM/SIGINT and {@code onReload} on SIGHUP (or the OS's equivalents) until the
     * returned action restores the previous handling.
     */
    Runnable onSignals(Runnable onStop, Runnable onReload);
}
