package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Foreground {@code svcctl run}'s console control handler. Windows ends the process as soon as the handler returns
 * from CTRL_CLOSE_EVENT (and after about 5 s if it does not), so a close must stop the program before it returns.
 */
class ConsoleStopHandlerTest {
    private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void closingTheConsoleReturnsOnlyOnceSupervisionHasEnded() throws Exception {
        ConsoleStopHandler[] handler = new ConsoleStopHandler[1];
        handler[0] = new ConsoleStopHandler(() -> {
            order.add("stop requested");
            CompletableFuture.runAsync(() -> {
                sleep(300); // the supervisor stops the program: Ctrl-C, its exit, the logs drained
                order.add("supervision ended");
                handler[0].supervisionEnded();
            });
        });
        CompletableFuture<Boolean> handled = CompletableFuture.supplyAsync(
                () -> handler[0].handle(ConsoleStopHandler.CTRL_CLOSE_EVENT));
        assertTrue(handled.get(20, TimeUnit.SECONDS));
        order.add("handler returned");
        assertEquals(List.of("stop requested", "supervision ended", "handler returned"), order,
                "Windows ends the process when the handler returns");
    }

    @Test
    void closingTheConsoleWaitsNoLongerThanWindowsAllows() throws Exception {
        assertTrue(ConsoleStopHandler.CLOSE_WAIT.compareTo(Duration.ofSeconds(5)) < 0,
                "the documented CTRL_CLOSE_EVENT time-out is 5 s");
        ConsoleStopHandler handler = new ConsoleStopHandler(() -> order.add("stop requested"), Duration.ofMillis(200));
        CompletableFuture<Boolean> handled = CompletableFuture.supplyAsync(
                () -> handler.handle(ConsoleStopHandler.CTRL_CLOSE_EVENT));
        assertTrue(handled.get(20, TimeUnit.SECONDS), "a stop that does not end in time: the handler returns");
        assertEquals(List.of("stop requested"), order);
    }

    @Test
    void ctrlCAndCtrlBreakRequestTheStopAndReturnAtOnce() {
        ConsoleStopHandler handler = new ConsoleStopHandler(() -> order.add("stop requested"));
        assertTrue(handler.handle(ConsoleStopHandler.CTRL_C_EVENT));
        assertTrue(handler.handle(ConsoleStopHandler.CTRL_BREAK_EVENT));
        assertFalse(handler.handle(5), "CTRL_LOGOFF_EVENT is not ours");
        assertEquals(List.of("stop requested", "stop requested"), order);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
