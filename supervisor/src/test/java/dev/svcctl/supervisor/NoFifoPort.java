package dev.svcctl.supervisor;

import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.nio.file.Path;

/** A port like the real one but for an OS without FIFOs: the supervisor must read the JDK's pipes. */
record NoFifoPort(ProcessPort real) implements ProcessPort {
    @Override
    public boolean keepOrphans() {
        return real.keepOrphans();
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        return real.start(builder);
    }

    @Override
    public void signal(long pid, Signal signal) throws IOException {
        real.signal(pid, signal);
    }

    @Override
    public int killDescendants() {
        return real.killDescendants();
    }

    @Override
    public boolean makeFifo(Path path) {
        return false;
    }

    @Override
    public void reapOrphans() {
        real.reapOrphans();
    }

    @Override
    public Runnable onSignals(Runnable onStop, Runnable onReload) {
        return real.onSignals(onStop, onReload);
    }
}
