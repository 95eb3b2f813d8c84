package dev.svcctl.supervisor;

/** Handlers for the signals the supervisor itself receives (sun.misc.Signal: supported for TERM, INT, HUP). */
@SuppressWarnings("restriction")
final class PosixSignals {
    private PosixSignals() {
    }

    static void install(Runnable onStop, Runnable onReload) {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> onStop.run());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> onStop.run());
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> onReload.run());
    }
}
