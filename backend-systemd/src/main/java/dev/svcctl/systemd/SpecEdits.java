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
        return new ServiceSpec(s.name(), s.displayName(), s.description(), exec, s.args(), s.workingDirectory(),
                s.user(), s.group(), s.env(), s.envFile(), scope, s.startup(), s.dependsOn(), s.after(), s.restart(),
                s.stop(), s.reloadSignal(), s.logs(), s.limits(), s.priority(), s.healthCheck(), s.supervisor(),
                s.platform());
    }
}
