package dev.svcctl.systemd;

import dev.svcctl.host.HostDuties;
import dev.svcctl.host.HostDuties.Duty;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SupervisorMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who watches a service's program beyond systemd: {@code svcctl run} (chosen with {@code supervisor: svcctl}), the
 * shared host {@code svcctl host} (the spec needs one of {@link HostDuties} and says {@code supervisor: auto}: the
 * program is its unit's main process, docs/design/shared-host.md option 2), or nobody. The launchd backend has a
 * class of the same name with its own rules; within this backend, {@link HostDuties} is the one list that
 * {@code supervisor: auto}, the host's pieces and the refusals of {@code supervisor: native} come from.
 */
final class Supervision {
    private Supervision() {
    }

    /** The spec keys systemd cannot honour itself, each as the problem {@code supervisor: native} reports. */
    static List<SpecProblem> needs(ServiceSpec spec) {
        List<SpecProblem> needs = new ArrayList<>();
        for (Duty duty : HostDuties.of(spec)) {
            switch (duty) {
                case HEALTH -> needs.add(new SpecProblem("healthCheck", "systemd cannot run health checks itself",
                        "use supervisor: auto or svcctl"));
                case ROUTE_LOGS -> needs.add(new SpecProblem("logs.rotate", "systemd cannot rotate file logs itself",
                        "use supervisor: auto or svcctl, or log to the journal"));
                case READINESS_PROBE -> {
                    String kind = spec.readiness().orElseThrow().kind().key();
                    needs.add(new SpecProblem("readiness." + kind, "systemd cannot probe a program for readiness ("
                            + kind + ")", "use supervisor: auto or svcctl, or readiness.notify / readiness.pidFile,"
                            + " which systemd honours itself"));
                }
            }
        }
        return needs;
    }

    /** Whether the unit runs {@code svcctl run --name NAME}, which hosts the program: only when the spec chose it. */
    static boolean bySvcctl(ServiceSpec spec) {
        return spec.supervisor() == SupervisorMode.SVCCTL;
    }

    /**
     * What the shared host does for this service: its duties when systemd runs the program natively and the spec
     * needs more ({@code supervisor: auto}); none otherwise.
     */
    static Set<Duty> hostDuties(ServiceSpec spec) {
        return HostDuties.served(spec);
    }

    /** Whether the shared host serves this service (and install writes the spec copy it reads). */
    static boolean hosted(ServiceSpec spec) {
        return !hostDuties(spec).isEmpty();
    }

    /** Whether svcctl keeps a copy of the spec for the service: its supervisor or the host reads it. */
    static boolean keepsSpecCopy(ServiceSpec spec) {
        return bySvcctl(spec) || hosted(spec);
    }
}
