package dev.svcctl.supervisor;

import dev.svcctl.logs.LogStream;
import dev.svcctl.logs.ServiceLogFiles;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.RotateSpec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the program's stdout and stderr go: {@code file} streams into rotated files under the log directory
 * ({@code stdout.log}, {@code stderr.log}), {@code inherit} and {@code journal} to the supervisor's own streams
 * (under systemd that is the journal), {@code discard} nowhere. The files stay open across restarts.
 *
 * <p>A file stream reaches the supervisor through a FIFO where the OS has them (read into a direct buffer and
 * written to the file without a copy in Java), else through the JDK's process pipe. The FIFO is opened without
 * blocking: first read-write (a placeholder writer, opened by the port without following links and checked to be
 * the FIFO it made), then read-only, then the program opens it for writing, both through the open placeholder
 * rather than by its name, which someone could have swapped for a link meanwhile; the placeholder is closed and the FIFO's name removed once the program runs, so the reader sees end-of-file exactly
 * when the program and all its descendants have closed their ends.
 */
final class ProgramOutput implements AutoCloseable {
    private final LogTarget stdout;
    private final LogTarget stderr;
    private final LogDir dir;
    private final ProcessPort port;
    private final LogHousekeeper housekeeper;
    private final RotatingLog stdoutLog;
    private final RotatingLog stderrLog;
    private final LogBuffers stdoutBuffers = new LogBuffers();
    private final LogBuffers stderrBuffers = new LogBuffers();
    private final Consumer<String> problems;
    private final List<LogPump> pumps = new ArrayList<>();
    private final List<Fifo> pendingFifos = new ArrayList<>();
    private boolean stdoutPiped;
    private boolean stderrPiped;

    /**
     * A process hosting several services routes their file streams through its one {@link LogRouter}: each stream
     * gets a FIFO at {@code fifoBase}{@code .stdout.fifo} (.stderr) in the private runtime directory, made once and
     * held open read-write by this supervisor for its whole life (so the router never sees end-of-file between runs),
     * which each run of the program writes to and the router copies into the rotated file.
     */
    record Routed(LogRouter router, int uid, Path fifoBase, LogHousekeeper housekeeper) {
    }

    /** A routed stream: its FIFO, held open, and its route. */
    private record RoutedFifo(ProcessPort.OpenFifo held, Path path, LogRouter.Route route) {
    }

    private final Optional<Routed> routed;
    private final List<RoutedFifo> routedFifos = new ArrayList<>();

    /** A FIFO between the program and a log file, open at both ends until the program has started. */
    private record Fifo(String name, ProcessPort.OpenFifo placeholder, FileChannel reader, RotatingLog log,
                        LogBuffers buffers, String stream) {
    }

    /**
     * @param files where the streams go ({@link ServiceLogFiles#of}: the same answer {@code svcctl logs} reads by)
     */
    ProgramOutput(ServiceLogFiles files, Optional<RotateSpec> rotate, Clock clock, ProcessPort port,
                  Consumer<String> problems) throws IOException {
        this(files, rotate, clock, port, problems, Optional.empty());
    }

    /** @param routed the shared router of a process hosting several services, if any (see {@link Routed}) */
    ProgramOutput(ServiceLogFiles files, Optional<RotateSpec> rotate, Clock clock, ProcessPort port,
                  Consumer<String> problems, Optional<Routed> routed) throws IOException {
        this.routed = routed;
        this.stdout = files.stdout();
        this.stderr = files.stderr();
        this.port = port;
        this.problems = problems;
        // Shared with every service of the process when routed: one compression thread, not one per service.
        this.housekeeper = routed.isPresent() ? routed.get().housekeeper() : new LogHousekeeper(problems);
        this.dir = files.dir().isPresent() ? LogDir.open(files.dir().get(), port.userId()) : null;
        try {
            this.stdoutLog = files.writesFile(LogStream.STDOUT)
                    ? new RotatingLog(dir, files.base(LogStream.STDOUT), rotate, clock, housekeeper) : null;
            this.stderrLog = files.writesFile(LogStream.STDERR)
                    ? new RotatingLog(dir, files.base(LogStream.STDERR), rotate, clock, housekeeper) : null;
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                dir.close();
            }
            throw e;
        }
    }

    /** The absolute directory the program's rotated files are written to; empty when no stream goes to a file. */
    Optional<Path> directory() {
        return dir == null ? Optional.empty() : Optional.of(dir.path());
    }

    /** Before a run starts: directs its streams, and begins its output in each file on a line of its own. */
    void configure(ProcessBuilder builder) throws IOException {
        ProcessBuilder.Redirect out = redirect(stdout, stdoutLog, stdoutBuffers, "stdout");
        ProcessBuilder.Redirect err = redirect(stderr, stderrLog, stderrBuffers, "stderr");
        stdoutPiped = out == ProcessBuilder.Redirect.PIPE;
        stderrPiped = err == ProcessBuilder.Redirect.PIPE;
        builder.redirectOutput(out);
        builder.redirectError(err);
        if (stdoutLog != null) {
            stdoutLog.beginRun();
        }
        if (stderrLog != null) {
            stderrLog.beginRun();
        }
    }

    private ProcessBuilder.Redirect redirect(LogTarget target, RotatingLog log, LogBuffers buffers, String stream)
            throws IOException {
        return switch (target) {
            case FILE -> {
                Optional<ProcessBuilder.Redirect> viaRouter = routedRedirect(log, stream);
                if (viaRouter.isPresent()) {
                    yield viaRouter.get();
                }
                String name = "." + stream + ".svcctl-fifo";
                dir.delete(name);
                Optional<ProcessPort.OpenFifo> fifo = port.openFifo(dir.resolve(name));
                if (fifo.isEmpty()) {
                    yield ProcessBuilder.Redirect.PIPE;
                }
                FileChannel reader;
                try {
                    reader = FileChannel.open(fifo.get().reopenPath(), StandardOpenOption.READ);
                } catch (IOException e) {
                    fifo.get().close();
                    throw e;
                }
                pendingFifos.add(new Fifo(name, fifo.get(), reader, log, buffers, stream));
                yield ProcessBuilder.Redirect.to(fifo.get().reopenPath().toFile());
            }
            case DISCARD -> ProcessBuilder.Redirect.DISCARD;
            default -> ProcessBuilder.Redirect.INHERIT;
        };
    }

    /**
     * The routed stream's FIFO (made and routed at its first run), as the program's redirect; empty when this output
     * is not routed or the OS gives no FIFO (then the stream is read as a lone supervisor reads it).
     */
    private Optional<ProcessBuilder.Redirect> routedRedirect(RotatingLog log, String stream) throws IOException {
        if (routed.isEmpty()) {
            return Optional.empty();
        }
        for (RoutedFifo fifo : routedFifos) {
            if (fifo.route().log() == log) {
                return Optional.of(ProcessBuilder.Redirect.to(fifo.held().reopenPath().toFile()));
            }
        }
        Path path = routed.get().fifoBase().resolveSibling(routed.get().fifoBase().getFileName() + "." + stream
                + ".fifo");
        // One a killed host left: the runtime directory is private, so only this user made it.
        Files.deleteIfExists(path);
        Optional<ProcessPort.OpenFifo> held = port.openFifo(path);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        LogRouter.Route route = new LogRouter.Route(routed.get().fifoBase().getFileName() + " " + stream, path,
                routed.get().uid(), log);
        try {
            routed.get().router().update(List.of(route), List.of());
        } catch (IOException e) {
            held.get().close();
            Files.deleteIfExists(path);
            throw e;
        }
        routedFifos.add(new RoutedFifo(held.get(), path, route));
        return Optional.of(ProcessBuilder.Redirect.to(held.get().reopenPath().toFile()));
    }

    /** After the run started: copies its streams into the files. */
    void attach(Process process, long run) throws IOException {
        pumps.removeIf(p -> !p.isAlive());
        for (Fifo fifo : pendingFifos) {
            fifo.placeholder().close();
            dir.delete(fifo.name());
            pump(new LogPump("svcctl-" + fifo.stream() + "-" + run, fifo.reader(), fifo.log(), fifo.buffers(),
                    problems));
        }
        pendingFifos.clear();
        if (stdoutPiped) {
            pump(new LogPump("svcctl-stdout-" + run, process.getInputStream(), stdoutLog, stdoutBuffers, problems));
        }
        if (stderrPiped) {
            pump(new LogPump("svcctl-stderr-" + run, process.getErrorStream(), stderrLog, stderrBuffers, problems));
        }
    }

    /** When the run could not be started: closes what was opened for it. */
    void abandon() {
        for (Fifo fifo : pendingFifos) {
            try {
                fifo.placeholder().close();
                fifo.reader().close();
                dir.delete(fifo.name());
            } catch (IOException e) {
                problems.accept("cannot clean up " + dir.resolve(fifo.name()) + ": " + e.getMessage());
            }
        }
        pendingFifos.clear();
    }

    private void pump(LogPump pump) {
        pumps.add(pump);
        pump.start();
    }

    /**
     * Waits until every byte the ended run wrote has been copied (its writers are gone by then). A routed FIFO the
     * router did not empty in time (a descendant left alive writes on, or its file cannot be written) is a warning:
     * its rest is written later, among the next run's lines; one the router can no longer copy (it died) is read
     * here directly.
     */
    void drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (RoutedFifo fifo : routedFifos) {
            // As a lone supervisor's pump: at most the timeout (a descendant left alive may go on writing).
            LogRouter router = routed.get().router();
            boolean copied = router.drain(fifo.route(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (!copied && router.stopped()) {
                copied = copyLeft(fifo);
            }
            if (!copied) {
                problems.accept("not all output of " + fifo.route().label() + " was copied to "
                        + fifo.route().log().activeFile() + " within " + timeoutMillis + " ms of the run's end: the"
                        + " rest is written later, after it");
            }
        }
        for (LogPump pump : pumps) {
            pump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        pumps.removeIf(p -> !p.isAlive());
    }

    /** What a routed FIFO holds, read by this thread once the router has died; answers whether all was copied. */
    private boolean copyLeft(RoutedFifo fifo) {
        try {
            return routed.get().router().copyDirectly(fifo.route());
        } catch (IOException | RuntimeException e) {
            problems.accept("cannot copy the rest of the output of " + fifo.route().label() + " to "
                    + fifo.route().log().activeFile() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        abandon();
        if (!routedFifos.isEmpty()) {
            LogRouter router = routed.get().router();
            try {
                if (!router.stopped()) {
                    router.update(List.of(), routedFifos.stream().map(RoutedFifo::route).toList());
                }
            } finally {
                for (RoutedFifo fifo : routedFifos) {
                    // Not dropped with the FIFO: what a dead router left in it is written here.
                    if (router.stopped() && !copyLeft(fifo)) {
                        problems.accept("output of " + fifo.route().label() + " that was not copied is lost with "
                                + fifo.path());
                    }
                    fifo.held().close();
                    Files.deleteIfExists(fifo.path());
                }
                routedFifos.clear();
            }
        }
        try {
            if (stdoutLog != null) {
                stdoutLog.close();
            }
            if (stderrLog != null) {
                stderrLog.close();
            }
        } finally {
            if (routed.isEmpty()) {
                housekeeper.close();
            }
            if (dir != null) {
                dir.close();
            }
        }
    }
}
