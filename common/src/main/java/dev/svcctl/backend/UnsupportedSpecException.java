package dev.svcctl.backend;

import dev.svcctl.spec.SpecProblem;
import java.util.List;

/** The spec is valid but this backend cannot honour all of it. */
public final class UnsupportedSpecException extends Exception {
    private final List<SpecProblem> problems;

    public UnsupportedSpecException(List<SpecProblem> problems) {
        super(problems.isEmpty() ? "unsupported spec" : problems.get(0).keyPath() + ": " + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
