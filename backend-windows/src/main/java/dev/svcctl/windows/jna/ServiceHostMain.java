package dev.svcctl.windows.jna;

import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.host.EventLog;
import dev.svcctl.windows.host.LifecycleEvent;
import dev.svcctl.windows.host.ServiceHostStateMachine;
import dev.svcctl.windows.host.ServiceGroupHost;
import dev.svcctl.windows.host.WindowsServiceHost;
import java.util.List;
import java.util.Optional;

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
                new WindowsProcessPort().forService(spec), eventLog, exit);
        try {
            return new JnaServiceDispatcher(spec.name(), host::machine, message -> eventLog.report(
                    LifecycleEvent.START_FAILED.type(), LifecycleEvent.START_FAILED.eventId(), message)).run();
        } finally {
            eventLog.close();
        }
    }

    /**
     * {@code svcctl host --group GROUP}: the shared host process of the group's installed services (see {@link
     * ServiceGroupHost}); each start of a service gets its own host, process port and Event Log source, the latter
     * chosen from that start's spec and closed when the run ends. Blocks until every service of the process has
     * stopped.
     */
    public static int runGroup(String group, List<String> members) {
        java.nio.file.Path servicesDir = java.nio.file.Path.of(dev.svcctl.windows.WindowsPaths.SERVICES_DIR);
        // A shared service never ends the process: giving up reports STOPPED (ServiceHostStateMachine#gaveUp).
        ServiceHostStateMachine.ProcessExit never = code -> {
            throw new IllegalStateException("a shared service does not end its host process");
        };
        ServiceGroupHost host = new ServiceGroupHost(group, members, name -> ServiceGroupHost.load(servicesDir, name),
                ServiceGroupHost.hostOf(spec -> spec.platform().windows().eventLog() ? new JnaEventLog(spec.name())
                        : EventLog.NONE, (spec, eventLog) ->
                        new WindowsServiceHost(spec, WindowsServiceHost.settings(spec, System.getenv()),
                                new WindowsProcessPort().forService(spec), eventLog, never, true)),
                ServiceHostMain::startFailed);
        return new JnaServiceDispatcher(host.table(), name -> message -> startFailed(name, message)).run();
    }

    /**
     * When the stored spec cannot be used (missing, invalid, another service's): the host still connects to the SCM
     * and reports STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and {@code code}, so the SCM shows why instead of a
     * start timeout, and writes the reason to the Event Log under the service's name (when that source exists).
     */
    public static int fail(String serviceName, int code, String message) {
        try (EventLog eventLog = new JnaEventLog(serviceName)) {
            eventLog.report(LifecycleEvent.START_FAILED.type(), LifecycleEvent.START_FAILED.eventId(), message);
        }
        ServiceHostStateMachine.Program unusable = new ServiceHostStateMachine.Program() {
            @Override
            public void start() throws ServiceHostStateMachine.ProgramStartException {
                throw new ServiceHostStateMachine.ProgramStartException(code, message);
            }

            @Override
            public void requestStop() {
            }
        };
        return new JnaServiceDispatcher(serviceName, reporter -> new ServiceHostStateMachine(reporter, unusable,
                System::exit, java.time.Duration.ZERO, ServiceHostStateMachine.startWaitHint(Optional.empty())),
                ServiceHostMain::toStandardError).run();
    }

    /**
     * The reason a start of a shared service failed before its host existed (its stored spec cannot be used, or the
     * host failed in itself), under the service's Event Log source, as {@link #fail} does for an own process.
     */
    private static void startFailed(String name, String message) {
        try (EventLog eventLog = new JnaEventLog(name)) {
            eventLog.report(LifecycleEvent.START_FAILED.type(), LifecycleEvent.START_FAILED.eventId(), message);
        }
    }

    /** A service has no console; this reaches a log only when the host was started by hand. */
    private static void toStandardError(String message) {
        System.err.println(message);
    }
}
