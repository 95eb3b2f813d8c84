package dev.svcctl.windows.jna;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Ctrl-C to a program's own console only: this process attaches to it, sends CTRL_C_EVENT to every process on it,
 * detaches; a process that had a console of its own (foreground {@code svcctl run}) attaches to its parent's again.
 *
 * <p>The event reaches this process too, asynchronously, and without a handler that takes it a host started with
 * {@code -Xrs} (the service host: the JVM registers none) ends at once, which the SCM sees as a crash. So a handler
 * that takes the event is registered before it is sent, and removed only once it has seen the event: delivery is
 * then known to be done. If that does not happen within {@link #DELIVERY_WAIT} the handler stays (the host stays
 * immune to Ctrl-C for good) rather than be removed while the event may still come.
 */
final class CtrlCDelivery {
    static final int CTRL_C_EVENT = 0;
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(2);

    private final ConsoleCalls console;
    private final Duration deliveryWait;

    CtrlCDelivery(ConsoleCalls console) {
        this(console, DELIVERY_WAIT);
    }

    CtrlCDelivery(ConsoleCalls console, Duration deliveryWait) {
        this.console = console;
        this.deliveryWait = deliveryWait;
    }

    /** Whether the event was sent (false: the program has gone, or has no console). */
    synchronized boolean send(int pid) {
        boolean hadConsole = console.hasConsole();
        console.freeConsole();
        try {
            if (!console.attachConsole(pid)) {
                return false;
            }
            Immunity immunity = new Immunity();
            console.addHandler(immunity);
            boolean sent = console.generateCtrlC();
            // Still attached while waiting: the event goes to the processes on the console when it is delivered.
            boolean delivered = sent && immunity.awaitDelivery(deliveryWait);
            console.freeConsole();
            if (!sent || delivered) {
                console.removeHandler(immunity);
            }
            return sent;
        } finally {
            if (hadConsole) {
                console.attachConsole(ConsoleCalls.ATTACH_PARENT_PROCESS);
            }
        }
    }

    /** Takes every CTRL_C_EVENT while registered; counts the first as the delivery of the one sent. */
    private static final class Immunity implements IntPredicate {
        private final CountDownLatch delivered = new CountDownLatch(1);

        @Override
        public boolean test(int ctrlType) {
            if (ctrlType != CTRL_C_EVENT) {
                return false;
            }
            delivered.countDown();
            return true;
        }

        boolean awaitDelivery(Duration wait) {
            try {
                return delivered.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
