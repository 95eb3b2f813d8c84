package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C to the program's console, on a stand-in console whose delivery is asynchronous and slow (as it may be on a
 * loaded machine): the host must never be without a handler that takes the event when it arrives, or, like an
 * {@code -Xrs} service host, it ends at once.
 */
class CtrlCDeliveryTest {

    /**
     * One host process and one program's console. GenerateConsoleCtrlEvent delivers, after {@code delayMillis}, to
     * the processes attached when it was called: to the host, through its handlers (last registered first), and
     * when none takes it, the default handler ends the host.
     */
    static final class SlowConsole implements ConsoleCalls {
        final List<String> calls = new ArrayList<>();
        final List<IntPredicate> handlers = new ArrayList<>();
        final long delayMillis;
        volatile boolean hostKilled;
        volatile CompletableFuture<Void> delivery = CompletableFuture.completedFuture(null);
        private boolean attached;
        private final int programPid;
        private final boolean hostHasConsole;

        SlowConsole(long delayMillis, int programPid, boolean hostHasConsole) {
            this.delayMillis = delayMillis;
            this.programPid = programPid;
            this.hostHasConsole = hostHasConsole;
            this.attached = hostHasConsole;
        }

        @Override
        public synchronized boolean hasConsole() {
            return attached;
        }

        @Override
        public synchronized void freeConsole() {
            calls.add("free");
            attached = false;
        }

        @Override
        public synchronized boolean attachConsole(int pid) {
            calls.add("attach " + (pid == ATTACH_PARENT_PROCESS ? "parent" : pid));
            if (pid == programPid || (pid == ATTACH_PARENT_PROCESS && hostHasConsole)) {
                attached = true;
                return true;
            }
            return false;
        }

        @Override
        public synchronized boolean generateCtrlC() {
            calls.add("ctrl-c");
            boolean hostOnConsole = attached;
            delivery = CompletableFuture.runAsync(() -> {
                if (hostOnConsole) {
                    deliverToHost();
                }
            }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
            return true;
        }

        private void deliverToHost() {
            List<IntPredicate> chain;
            synchronized (this) {
                chain = new ArrayList<>(handlers);
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (chain.get(i).test(CtrlCDelivery.CTRL_C_EVENT)) {
                    return;
                }
            }
            hostKilled = true; // the default handler: ExitProcess
        }

        @Override
        public synchronized void addHandler(IntPredicate handler) {
            handlers.add(handler);
        }

        @Override
        public synchronized void removeHandler(IntPredicate handler) {
            handlers.remove(handler);
        }
    }

    @Test
    void aSlowDeliveryFindsTheHostStillImmuneAndTheImmunityEndsAfterIt() throws Exception {
        SlowConsole console = new SlowConsole(300, 77, false);
        assertTrue(new CtrlCDelivery(console).send(77));
        console.delivery.get(20, TimeUnit.SECONDS);
        assertFalse(console.hostKilled, "the host must outlive its own Ctrl-C");
        assertEquals(List.of(), console.handlers, "delivered: the host takes Ctrl-C as before again");
        assertEquals(List.of("free", "attach 77", "ctrl-c", "free"), console.calls);
    }

    @Test
    void aDeliveryNotSeenInTimeLeavesTheHostImmuneForGood() throws Exception {
        SlowConsole console = new SlowConsole(500, 77, false);
        assertTrue(new CtrlCDelivery(console, Duration.ofMillis(50)).send(77));
        assertEquals(1, console.handlers.size(), "the event may still come");
        console.delivery.get(20, TimeUnit.SECONDS);
        assertFalse(console.hostKilled);
    }

    @Test
    void aForegroundHostGoesBackToItsOwnConsoleAndAGoneProgramIsNoDelivery() throws Exception {
        SlowConsole console = new SlowConsole(10, 77, true);
        assertTrue(new CtrlCDelivery(console).send(77));
        console.delivery.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("free", "attach 77", "ctrl-c", "free", "attach parent"), console.calls);
        assertFalse(new CtrlCDelivery(console).send(78), "no such console");
        assertEquals(List.of(), console.handlers);
        assertFalse(console.hostKilled);
    }
}
