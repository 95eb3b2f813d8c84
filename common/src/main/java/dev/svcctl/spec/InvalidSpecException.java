package dev.svcctl.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Every error found in one or more spec files. */
public final class InvalidSpecException extends Exception {
    private final List<SpecError> errors;

    public InvalidSpecException(List<SpecError> errors) {
        super(errors.stream().map(SpecError::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
