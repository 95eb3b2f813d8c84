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
 * platform, the log directory when the spec names none, where the state file lives, and the environment the
 * program inherits before the spec's own variables are applied.
 */
public record SupervisorSettings(
        LogTarget defaultLogTarget,
        Path defaultLogDir,
        Optional<Path> stateFile,
        Map<String, String> inheritedEnvironment,
        Clock clock) {

    public SupervisorSettings {
        inheritedEnvironment = Map.copyOf(inheritedEnvironment);
    }

    /** Where the program's output goes with these settings: what {@code svcctl logs} reads by, too. */
    public ServiceLogFiles logFiles(LogsSpec logs) {
        return ServiceLogFiles.of(logs, defaultLogTarget, defaultLogDir);
    }
}
