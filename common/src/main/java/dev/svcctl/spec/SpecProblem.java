package dev.svcctl.spec;

import java.util.Optional;

/**
 * Something a backend cannot honour, named by the key path it concerns ({@code args[2]}, {@code env.FOO},
 * {@code restart.maxDelay}). A {@link SourceMap} turns it into a located {@link SpecError}.
 */
public record SpecProblem(String keyPath, String message, Optional<String> hint) {
    public SpecProblem(String keyPath, String message, String hint) {
        this(keyPath, message, Optional.ofNullable(hint));
    }
}
