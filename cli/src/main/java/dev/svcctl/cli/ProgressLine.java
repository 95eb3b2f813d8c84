package dev.svcctl.cli;

import dev.svcctl.backend.WaitProgress;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The progress line of a long wait on a terminal ({@code waiting for api.service to settle... 3s}), rewritten in
 * place on each tick and erased when the wait ends, so that the command's own output follows on a clean line.
 * {@link Cli} installs it only for human output on a terminal ({@link Terminal#interactive}); nothing otherwise.
 */
final class ProgressLine implements WaitProgress.Listener {
    private static final String ERASE = "\r\u001b[K";
    private final PrintWriter out;

    ProgressLine(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void waiting(String what, Duration waited) {
        out.print(ERASE + "waiting for " + what + "... " + waited.toSeconds() + "s");
        out.flush();
    }

    @Override
    public void done() {
        out.print(ERASE);
        out.flush();
    }
}
