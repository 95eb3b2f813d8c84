package dev.svcctl.systemd;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SupervisorMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether systemd runs the program itself or runs {@code svcctl run}, which hosts it. The launchd backend has a
 * class of the same name and shape with a longer list: the rules differ per init system, so each backend keeps its
 * own; within a backend, this list is the one place that both {@code supervisor: auto} and the refusals of
 * {@code supervisor: native} come from.
 */
final class Supervision {
    private Supervision() {
    }

    /** The spec keys systemd cannot honour itself, each as the problem {@code supervisor: native} reports. */
    static List<SpecProblem> needs(ServiceSpec spec) {
        List<SpecProblem> needs = new ArrayList<>();
        if (spec.healthCheck().isPresent()) {
            needs.add(new SpecProblem("healthCheck", "systemd cannot run health checks itself",
                    "use supervisor: auto or svcctl"));
        }
        if (spec.logs().rotate().isPresent() && spec.logs().usesFiles(LogTarget.JOURNAL)) {
            needs.add(new SpecProblem("logs.rotate", "systemd cannot rotate file logs itself",
                    "use supervisor: auto or svcctl, or log to the journal"));
        }
        if (spec.readiness().isPresent() && spec.readiness().get().probes()) {
            String kind = spec.readiness().get().kind().key();
            needs.add(new SpecProblem("readiness." + kind, "systemd cannot probe a program for readiness (" + kind
                    + ")", "use supervisor: auto or svcctl, or readiness.notify / readiness.pidFile, which systemd"
                    + " honours itself"));
        }
        return needs;
    }

    static boolean bySvcctl(ServiceSpec spec) {
        return spec.supervisor() == SupervisorMode.SVCCTL
                || spec.supervisor() == SupervisorMode.AUTO && !needs(spec).isEmpty();
    }
}
