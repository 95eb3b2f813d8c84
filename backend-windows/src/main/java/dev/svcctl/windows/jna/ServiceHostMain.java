package dev.svcctl.windows.jna;

import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.host.EventLog;
import dev.svcctl.windows.host.ServiceHostStateMachine;
import dev.svcctl.windows.host.WindowsServiceHost;

/**
 * {@code svcctl host --name NAME} on Windows: the real ports (WindowsProcessPort, JnaEventLog when
 * {@code platform.windows.eventLog} is on) behind {@link WindowsServiceHost}, run by {@link JnaServiceDispatcher}.
 * The CLI calls this only after it has checked that it runs on Windows, so nothing else loads JNA.
 */
public final class ServiceHostMain {
    /** StartServiceCtrlDispatcher's answer when the process was not started by the SCM. */
    public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;

    private ServiceHostMain() {
    }

    /** Blocks until the service has stopped: 0, or the Win32 error of StartServiceCtrlDispatcher. */
    public static int run(ServiceSpec spec) {
        EventLog eventLog = spec.platform().windows().eventLog() ? new JnaEventLog(spec.name()) : EventLog.NONE;
        ServiceHostStateMachine.ProcessExit exit = code -> {
            eventLog.close();
            System.exit(code);
        };
        WindowsServiceHost host = new WindowsServiceHost(spec, WindowsServiceHost.settings(spec, System.getenv()),
                new WindowsProcessPort(), eventLog, exit);
        try {
            return new JnaServiceDispatcher(spec.name(), host::machine).run();
        } finally {
            eventLog.close();
        }
    }
}
