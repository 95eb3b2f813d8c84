package dev.svcctl.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.windows.host.ScmSession;
import dev.svcctl.windows.host.ServiceHostStateMachine;
import java.lang.ref.Reference;
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
 * <p>The callbacks are kept in fields for the dispatcher's whole life: JNA frees a callback's native stub once the
 * Java object is garbage-collected, and SCM would then call into freed memory (JNA issue #62).
 */
public final class JnaServiceDispatcher {
    /**
     * How often a pending state reports its next checkpoint: far below any wait hint, since the SCM and service
     * control programs take a checkpoint that stalls past the wait hint for a hung service.
     */
    static final long TICK_MS = 1000;

    private final String serviceName;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "svcctl-scm-ticker");
        t.setDaemon(true);
        return t;
    });
    private final ScmSession session;
    private volatile Winsvc.SERVICE_STATUS_HANDLE statusHandle;
    // Strong references for as long as SCM may call them.
    private final Winsvc.HandlerEx handler;
    private final Winsvc.SERVICE_MAIN_FUNCTION serviceMain = this::serviceMain;
    private Winsvc.SERVICE_TABLE_ENTRY[] table;

    /**
     * @param failureLog where the reason goes when the service main fails in itself (the Event Log); must not throw
     */
    public JnaServiceDispatcher(String serviceName,
                                Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine> machineFactory,
                                Consumer<String> failureLog) {
        this.serviceName = serviceName;
        this.session = new ScmSession(machineFactory, this::setStatus, failureLog);
        this.handler = (control, eventType, eventData, context) -> session.control(control);
    }

    /** Blocks until the service has stopped: 0, or the Win32 error (1063 when not started by the SCM). */
    public int run() {
        Winsvc.SERVICE_TABLE_ENTRY[] table = serviceTable();
        try {
            if (!advapi().StartServiceCtrlDispatcher(table)) {
                return LastError.code();
            }
        } finally {
            Reference.reachabilityFence(table);
        }
        ticker.shutdownNow();
        return 0;
    }

    /**
     * The table StartServiceCtrlDispatcher reads: this service, then the all-null entry that ends it. Made once and
     * kept in a field: while the dispatcher blocks, nothing else refers to it, and once collected its native memory
     * (and the service name's) would be freed under the SCM, which reads it again when it starts the service.
     */
    synchronized Winsvc.SERVICE_TABLE_ENTRY[] serviceTable() {
        if (table == null) {
            Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
            entry.lpServiceName = serviceName;
            entry.lpServiceProc = serviceMain;
            table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
        }
        return table;
    }

    private void serviceMain(int argc, Pointer argv) {
        statusHandle = advapi().RegisterServiceCtrlHandlerEx(serviceName, handler, null);
        if (statusHandle == null) {
            return;
        }
        ticker.scheduleAtFixedRate(session::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        session.serviceMain();
    }

    /** Advapi32, loaded on first use (not when this class is), so the class loads off Windows too. */
    private static Advapi32 advapi() {
        return Advapi32.INSTANCE;
    }

    private void setStatus(ServiceHostStateMachine.Status s) {
        Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
        status.dwServiceType = 0x10;
        status.dwCurrentState = s.state();
        status.dwControlsAccepted = s.controlsAccepted();
        status.dwWin32ExitCode = s.win32ExitCode();
        status.dwServiceSpecificExitCode = s.serviceSpecificExitCode();
        status.dwCheckPoint = s.checkPoint();
        status.dwWaitHint = s.waitHintMs();
        advapi().SetServiceStatus(statusHandle, status);
    }
}
