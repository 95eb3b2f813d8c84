package dev.svcctl.systemd;

import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;

/** Copies of a spec with what install decides: the resolved program path and the scope. */
final class SpecEdits {
    private SpecEdits() {
    }

    static ServiceSpec with(ServiceSpec s, String exec, Scope scope) {
        if (s.exec().equals(exec) && s.scope() == scope) {
            return s;
        }
        return s.toBuilder().exec(exec).scope(scope).build();
    }
}
