package dev.svcctl.backend;

import java.time.Duration;

/**
 * How a backend tells that it is waiting (for services to settle after a start, say) without printing: it opens a
 * {@link Wait} and ticks it while it waits; a {@link Listener} the front end installed hears of the waits that last
 * longer than {@link #THRESHOLD}, and that they ended. Without a listener (tests, {@code svcctl serve}) it costs
 * nothing.
 */
public final class WaitProgress {
    /** Shorter waits are not reported: a progress line that flashes by helps nobody. */
    public static final Duration THRESHOLD = Duration.ofSeconds(1);

    /** What hears of long waits: the CLI shows a progress line on a terminal. */
    public interface Listener {
        /** Called on each tick past {@link #THRESHOLD}: {@code what} is waited for, since {@code waited}. */
        void waiting(String what, Duration waited);

        /** The wait that was reported ended. */
        void done();
    }

    private static volatile Listener listener;

    private WaitProgress() {
    }

    /** Installs the listener of this process (null: none). */
    public static void listen(Listener l) {
        listener = l;
    }

    /** Opens a wait for {@code what}, e.g. "api.service to settle". */
    public static Wait start(String what) {
        return new Wait(what, listener, System.nanoTime());
    }

    /** One wait; close it when it ends. */
    public static final class Wait implements AutoCloseable {
        private final String what;
        private final Listener to;
        private final long started;
        private boolean reported;

        Wait(String what, Listener to, long started) {
            this.what = what;
            this.to = to;
            this.started = started;
        }

        /** Reports the wait when it has lasted longer than the threshold. */
        public void tick() {
            tick(Duration.ofNanos(System.nanoTime() - started));
        }

        void tick(Duration waited) {
            if (to != null && waited.compareTo(THRESHOLD) > 0) {
                reported = true;
                to.waiting(what, waited);
            }
        }

        @Override
        public void close() {
            if (reported) {
                to.done();
            }
        }
    }
}
