package dev.svcctl.spec;

import java.util.Optional;

/**
 * One thing wrong with a spec: where, what, and (when there is one) how to fix it. {@code key} is the key path the
 * error concerns ({@code restart.maxDelay}, {@code args[2]}), empty when the error is about the file as a whole (a
 * YAML syntax error, a file that cannot be read).
 */
public record SpecError(SourceLocation location, String message, Optional<String> hint, Optional<String> key) {

    public SpecError(SourceLocation location, String message, Optional<String> hint) {
        this(location, message, hint, Optional.empty());
    }

    public SpecError(SourceLocation location, String message, String hint) {
        this(location, message, Optional.ofNullable(hint), Optional.empty());
    }

    /** An error about the key path {@code key} (null: about the file as a whole). */
    public static SpecError at(SourceLocation location, String key, String message, String hint) {
        return new SpecError(location, message, Optional.ofNullable(hint),
                key == null || key.isEmpty() ? Optional.empty() : Optional.of(key));
    }

    /** The one-line form the CLI prints: {@code FILE:LINE:COL: message (hint: ...)}. */
    public String format() {
        return location + ": " + message + hint.map(h -> " (hint: " + h + ")").orElse("");
    }
}
