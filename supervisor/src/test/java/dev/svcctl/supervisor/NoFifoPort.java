package dev.svcctl.supervisor;

import java.nio.file.Path;
import java.util.Optional;

/** A port like the real one but for an OS without FIFOs: the supervisor must read the JDK's pipes. */
final class NoFifoPort extends ForwardingPort {
    NoFifoPort(ProcessPort real) {
        super(real);
    }

    @Override
    public Optional<OpenFifo> openFifo(Path path) {
        return Optional.empty();
    }
}
