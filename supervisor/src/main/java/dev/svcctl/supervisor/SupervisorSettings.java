package dev.svcctl.supervisor;

import dev.svcctl.logs.ServiceLogFiles;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the host of the supervisor decides rather than the spec: where {@code default} log streams go on this
 * platform, the log directory when the spec names none, where the state file lives, the environment the
 * program inherits before the spec's own variables are applied (the supervisor's own: it also tells the supervisor
 * whether its init system asks for watchdog pings, {@code $WATCHDOG_USEC}), the sd_notify port (both the socket
 * programs with {@code readiness.notify} talk to and the supervisor's own messages to its init system), and the
 * path where that socket is bound.
 */
public record SupervisorSettings(
        LogTarget defaultLogTarget,
        Path defaultLogDir,
        Optional<Path> stateFile,
        Map<String, String> inheritedEnvironment,
        Clock clock,
        NotifyPort notifyPort,
        Optional<Path> notifySocket) {

    public SupervisorSettings {
        inheritedEnvironment = Map.copyOf(inheritedEnvironment);
    }

    /** Where the program's output goes with these settings: what {@code svcctl logs} reads by, too. */
    public ServiceLogFiles logFiles(LogsSpec logs) {
        return ServiceLogFiles.of(logs, defaultLogTarget, defaultLogDir);
    }

    /** A host with no sd_notify (the Windows service host): a spec with readiness.notify cannot start there. */
    public SupervisorSettings(LogTarget defaultLogTarget, Path defaultLogDir, Optional<Path> stateFile,
                              Map<String, String> inheritedEnvironment, Clock clock) {
        this(defaultLogTarget, defaultLogDir, stateFile, inheritedEnvironment, clock, NotifyPort.UNSUPPORTED,
                Optional.empty());
    }
}
