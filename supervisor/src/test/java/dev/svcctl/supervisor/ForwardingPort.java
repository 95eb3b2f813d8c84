package dev.svcctl.supervisor;

import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** The real port, for tests to replace one call of. */
class ForwardingPort implements ProcessPort {
    private final ProcessPort real;

    ForwardingPort(ProcessPort real) {
        this.real = real;
    }

    @Override
    public boolean keepOrphans() {
        return real.keepOrphans();
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        return real.start(builder);
    }

    @Override
    public Process startOn(java.util.List<Integer> cpus, Start start) throws IOException {
        return real.startOn(cpus, start);
    }

    @Override
    public void signal(long pid, Signal signal) throws IOException {
        real.signal(pid, signal);
    }

    @Override
    public void abort(long pid) throws IOException {
        real.abort(pid);
    }

    @Override
    public CompletableFuture<ExitStatus> watch(long pid) {
        return real.watch(pid);
    }

    @Override
    public int killDescendants() {
        return real.killDescendants();
    }

    @Override
    public Optional<OpenFifo> openFifo(Path path) throws IOException {
        return real.openFifo(path);
    }

    @Override
    public OptionalInt userId() {
        return real.userId();
    }

    @Override
    public Runnable onSignals(Runnable onStop, Runnable onReload) {
        return real.onSignals(onStop, onReload);
    }
}
