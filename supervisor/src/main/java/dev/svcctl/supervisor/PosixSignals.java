package dev.svcctl.supervisor;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Handlers for the signals the supervisor itself receives (sun.misc.Signal: supported for TERM, INT, HUP). */
@SuppressWarnings("restriction")
final class PosixSignals {
    private PosixSignals() {
    }

    /** Installs the handlers; the answer puts the previous ones back. */
    static Runnable install(Runnable onStop, Runnable onReload) {
        Signal term = new Signal("TERM");
        Signal interrupt = new Signal("INT");
        Signal hangUp = new Signal("HUP");
        SignalHandler oldTerm = Signal.handle(term, s -> onStop.run());
        SignalHandler oldInterrupt = Signal.handle(interrupt, s -> onStop.run());
        SignalHandler oldHangUp = Signal.handle(hangUp, s -> onReload.run());
        return () -> {
            Signal.handle(term, oldTerm);
            Signal.handle(interrupt, oldInterrupt);
            Signal.handle(hangUp, oldHangUp);
        };
    }
}
