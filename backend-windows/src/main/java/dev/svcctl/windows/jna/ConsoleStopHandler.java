package dev.svcctl.windows.jna;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What foreground {@code svcctl run} does with its console's control events (the HandlerRoutine that
 * {@link WindowsProcessPort#onSignals} registers), free of JNA so it is tested here.
 *
 * <ul>
 *   <li>Ctrl-C, Ctrl-Break: the stop is requested and the handler returns at once (the process goes on and
 *       supervision ends as for any stop).</li>
 *   <li>Closing the console window (CTRL_CLOSE_EVENT): Windows ends the process as soon as the handler returns, and
 *       after its time-out (5 s, HandlerRoutine docs) if it has not. So the handler requests the stop and returns
 *       only once supervision has ended ({@link #supervisionEnded}, when the action onSignals returned runs), or at
 *       {@link #CLOSE_WAIT}, whichever comes first: the program gets its Ctrl-C and as much of {@code stop.timeout}
 *       as Windows allows instead of dying with the job at once.</li>
 * </ul>
 */
final class ConsoleStopHandler {
    static final int CTRL_C_EVENT = 0;
    static final int CTRL_BREAK_EVENT = 1;
    static final int CTRL_CLOSE_EVENT = 2;
    /** How long a close waits for the stop: within the 5 s Windows gives CTRL_CLOSE_EVENT, with a margin. */
    static final Duration CLOSE_WAIT = Duration.ofMillis(4500);

    private final Runnable onStop;
    private final Duration closeWait;
    private final CountDownLatch ended = new CountDownLatch(1);

    ConsoleStopHandler(Runnable onStop) {
        this(onStop, CLOSE_WAIT);
    }

    ConsoleStopHandler(Runnable onStop, Duration closeWait) {
        this.onStop = onStop;
        this.closeWait = closeWait;
    }

    /** The HandlerRoutine: whether the event was handled. */
    boolean handle(int ctrlType) {
        if (ctrlType == CTRL_C_EVENT || ctrlType == CTRL_BREAK_EVENT) {
            onStop.run();
            return true;
        }
        if (ctrlType == CTRL_CLOSE_EVENT) {
            onStop.run();
            try {
                ended.await(closeWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        return false;
    }

    /** Supervision has ended (the action onSignals returned has run): a waiting close may return. */
    void supervisionEnded() {
        ended.countDown();
    }
}
