package dev.svcctl.spec;

import java.util.Optional;

/** One thing wrong with a spec: where, what, and (when there is one) how to fix it. */
public record SpecError(SourceLocation location, String message, Optional<String> hint) {

    public SpecError(SourceLocation location, String message, String hint) {
        this(location, message, Optional.ofNullable(hint));
    }

    /** The one-line form the CLI prints: {@code FILE:LINE:COL: message (hint: ...)}. */
    public String format() {
        return location + ": " + message + hint.map(h -> " (hint: " + h + ")").orElse("");
    }
}
