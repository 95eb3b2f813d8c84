package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The services a command acts on by name: the names, the backend and the scope (start, stop, uninstall...). */
final class ServiceTargets {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Service names.")
    List<String> names;

    @Mixin
    BackendOption backendOption;

    @Mixin
    ScopeOption scope;

    Backend backend() throws BackendException {
        return backendOption.select();
    }

    boolean user() {
        return scope.user;
    }

    /** One line per service once the operation succeeded for all of them, e.g. {@code api: stopped}. */
    void report(PrintWriter out, String outcome) {
        for (String name : names) {
            out.println(name + ": " + outcome);
        }
    }
}
