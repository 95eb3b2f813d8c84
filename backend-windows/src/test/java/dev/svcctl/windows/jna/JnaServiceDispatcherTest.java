package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.sun.jna.platform.win32.Winsvc;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * What of JnaServiceDispatcher runs off Windows: the service table it hands to StartServiceCtrlDispatcher (JNA
 * structures in native memory that the JVM frees once the Java objects are collected).
 */
class JnaServiceDispatcherTest {

    @Test
    void theServiceTableStaysReachableForTheDispatchersLife() throws InterruptedException {
        JnaServiceDispatcher dispatcher = new JnaServiceDispatcher("app", reporter -> {
            throw new AssertionError("not called here");
        }, message -> { });
        Winsvc.SERVICE_TABLE_ENTRY[] table = dispatcher.serviceTable();
        assertEquals(2, table.length, "the service, then the null entry that ends the table");
        assertEquals("app", table[0].lpServiceName);
        assertSame(table, dispatcher.serviceTable(), "the dispatcher holds the one table it hands to the SCM");
        WeakReference<Winsvc.SERVICE_TABLE_ENTRY> entry = new WeakReference<>(table[0]);
        table = null;
        for (int i = 0; i < 10 && entry.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNotNull(entry.get(), "while StartServiceCtrlDispatcher blocks, only the dispatcher holds the table;"
                + " collected, its native memory (and the service name) is freed under the SCM");
        Reference.reachabilityFence(dispatcher);
    }

    @Test
    void aSharedHostsTableHasEveryServiceOfItsGroupThenTheNullEntry() {
        java.util.function.Function<dev.svcctl.windows.host.ServiceHostStateMachine.StatusReporter,
                dev.svcctl.windows.host.ServiceHostStateMachine> never = reporter -> {
                    throw new AssertionError("not called here");
                };
        JnaServiceDispatcher dispatcher = new JnaServiceDispatcher(java.util.List.of(
                new dev.svcctl.windows.host.ServiceGroupHost.Member("a", never),
                new dev.svcctl.windows.host.ServiceGroupHost.Member("b", never)), name -> message -> { });
        Winsvc.SERVICE_TABLE_ENTRY[] table = dispatcher.serviceTable();
        assertEquals(3, table.length);
        assertEquals("a", table[0].lpServiceName);
        assertEquals("b", table[1].lpServiceName);
        assertNotNull(table[1].lpServiceProc);
        assertEquals(table[0].getPointer().share(table[0].size()), table[1].getPointer(),
                "one contiguous native array, as StartServiceCtrlDispatcher reads it");
        assertEquals(null, table[2].lpServiceName);
        assertNotSame(table[0].lpServiceProc, table[1].lpServiceProc, "each service has its own service main");
    }
}
