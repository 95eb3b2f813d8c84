package dev.svcctl.spec;

import java.util.Optional;

public record LogsSpec(LogTarget stdout, LogTarget stderr, Optional<String> dir, Optional<RotateSpec> rotate) {
    public static final LogsSpec DEFAULT = new LogsSpec(LogTarget.DEFAULT, LogTarget.DEFAULT, Optional.empty(), Optional.empty());

    /** True when either stream resolves to a file on a platform whose default is {@code defaultTarget}. */
    public boolean usesFiles(LogTarget defaultTarget) {
        return resolve(stdout, defaultTarget) == LogTarget.FILE || resolve(stderr, defaultTarget) == LogTarget.FILE;
    }

    public static LogTarget resolve(LogTarget target, LogTarget defaultTarget) {
        return target == LogTarget.DEFAULT ? defaultTarget : target;
    }
}
