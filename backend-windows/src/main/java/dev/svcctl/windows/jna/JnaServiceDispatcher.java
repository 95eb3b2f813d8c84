package dev.svcctl.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.windows.host.ScmSession;
import dev.svcctl.windows.host.ServiceHostStateMachine;
import dev.svcctl.windows.host.ServiceGroupHost;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Connects {@link ServiceHostStateMachine} to the SCM: StartServiceCtrlDispatcher on the calling thread, the service
 * main registering a HandlerEx and running the state machine, SetServiceStatus for each report, and a timer that
 * advances checkpoints while a state is pending and the program progresses; all of it through {@link
 * dev.svcctl.windows.host.ScmSession}, which turns an exception in the service main into STOPPED with a
 * service-specific error. Runs only on Windows, started as a service.
 *
 * <p>A shared host process ({@code svcctl host --group}) hands it the whole table of its group: each service gets its
 * own service main, HandlerEx, status handle and {@link ScmSession}, and reports SERVICE_WIN32_SHARE_PROCESS;
 * StartServiceCtrlDispatcher returns once every service of the process has stopped.
 *
 * <p>The callbacks are kept in fields for the dispatcher's whole life: JNA frees a callback's native stub once the
 * Java object is garbage-collected, and SCM would then call into freed memory (JNA issue #62).
 */
public final class JnaServiceDispatcher {
    /**
     * How often a pending state reports its next checkpoint: far below any wait hint, since the SCM and service
     * control programs take a checkpoint that stalls past the wait hint for a hung service.
     */
    static final long TICK_MS = 1000;
    static final int SERVICE_WIN32_OWN_PROCESS = 0x10;
    static final int SERVICE_WIN32_SHARE_PROCESS = 0x20;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "svcctl-scm-ticker");
        t.setDaemon(true);
        return t;
    });
    private final List<Entry> entries;
    private final int serviceType;
    private Winsvc.SERVICE_TABLE_ENTRY[] table;

    /** One service of the table, with everything the SCM calls back into held for the dispatcher's life. */
    private final class Entry {
        final String serviceName;
        final ScmSession session;
        volatile Winsvc.SERVICE_STATUS_HANDLE statusHandle;
        final Winsvc.HandlerEx handler;
        final Winsvc.SERVICE_MAIN_FUNCTION serviceMain = this::serviceMain;
        final java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean();

        Entry(String serviceName,
              Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> machineFactory,
              Consumer<String> failureLog) {
            this.serviceName = serviceName;
            this.session = new ScmSession(machineFactory, this::setStatus, failureLog);
            this.handler = (control, eventType, eventData, context) -> session.control(control);
        }

        /** Called by the SCM for each start of this service (again after a stop while the process still runs). */
        private void serviceMain(int argc, Pointer argv) {
            session.starting(); // before the handler: a control must not reach the previous run's ended machine
            statusHandle = advapi().RegisterServiceCtrlHandlerEx(serviceName, handler, null);
            if (statusHandle == null) {
                return;
            }
            if (ticking.compareAndSet(false, true)) {
                // One timer per service for the process's life: a later start ticks its new state machine.
                ticker.scheduleAtFixedRate(session::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            }
            session.serviceMain();
        }

        private void setStatus(ServiceHostStateMachine.Status s) {
            Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
            status.dwServiceType = serviceType;
            status.dwCurrentState = s.state();
            status.dwControlsAccepted = s.controlsAccepted();
            status.dwWin32ExitCode = s.win32ExitCode();
            status.dwServiceSpecificExitCode = s.serviceSpecificExitCode();
            status.dwCheckPoint = s.checkPoint();
            status.dwWaitHint = s.waitHintMs();
            advapi().SetServiceStatus(statusHandle, status);
        }
    }

    /**
     * A service in a process of its own (SERVICE_WIN32_OWN_PROCESS).
     *
     * @param failureLog where the reason goes when the service main fails in itself (the Event Log); must not throw
     */
    public JnaServiceDispatcher(String serviceName,
                                Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> machineFactory,
                                Consumer<String> failureLog) {
        this.serviceType = SERVICE_WIN32_OWN_PROCESS;
        this.entries = List.of(new Entry(serviceName, machineFactory, failureLog));
    }

    /**
     * The services of a shared host process (SERVICE_WIN32_SHARE_PROCESS), each with its own failure log.
     */
    public JnaServiceDispatcher(List<ServiceGroupHost.Member> members, Function<String, Consumer<String>> failureLogs) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a dispatcher table needs a service");
        }
        this.serviceType = SERVICE_WIN32_SHARE_PROCESS;
        this.entries = members.stream().map(m -> new Entry(m.name(), m.main(), failureLogs.apply(m.name())))
                .toList();
    }

    /** Blocks until every service has stopped: 0, or the Win32 error (1063 when not started by the SCM). */
    public int run() {
        Winsvc.SERVICE_TABLE_ENTRY[] table = serviceTable();
        try {
            if (!advapi().StartServiceCtrlDispatcher(table)) {
                return LastError.code();
            }
        } finally {
            Reference.reachabilityFence(table);
            Reference.reachabilityFence(entries);
        }
        ticker.shutdownNow();
        return 0;
    }

    /**
     * The table StartServiceCtrlDispatcher reads: the services, then the all-null entry that ends it. Made once and
     * kept in a field: while the dispatcher blocks, nothing else refers to it, and once collected its native memory
     * (and the service names') would be freed under the SCM, which reads it again when it starts a service.
     */
    synchronized Winsvc.SERVICE_TABLE_ENTRY[] serviceTable() {
        if (table == null) {
            // The first entry's fields are set before toArray: JNA sizes the callback field from its value.
            Winsvc.SERVICE_TABLE_ENTRY first = new Winsvc.SERVICE_TABLE_ENTRY();
            first.lpServiceName = entries.get(0).serviceName;
            first.lpServiceProc = entries.get(0).serviceMain;
            table = (Winsvc.SERVICE_TABLE_ENTRY[]) first.toArray(entries.size() + 1);
            for (int i = 1; i < entries.size(); i++) {
                table[i].lpServiceName = entries.get(i).serviceName;
                table[i].lpServiceProc = entries.get(i).serviceMain;
                // written with the others when the array is passed (JNA writes every element of a Structure[])
            }
        }
        return table;
    }

    /** Advapi32, loaded on first use (not when this class is), so the class loads off Windows too. */
    private static Advapi32 advapi() {
        return Advapi32.INSTANCE;
    }
}
