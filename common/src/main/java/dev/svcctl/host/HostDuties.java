package dev.svcctl.host;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a spec needs from a monitor beyond what an init system does itself (docs/design/shared-host.md): the one
 * rule that both the systemd renderer (which renders such a spec natively plus the pieces the shared host needs)
 * and {@code svcctl host} (which serves it) follow, so the two cannot disagree about which services the host
 * serves.
 */
public final class HostDuties {
    /** One job of the shared host for a service. */
    public enum Duty {
        /** the program's stdout/stderr reach rotated files through the host's log router */
        ROUTE_LOGS,
        /** the host runs the health check and restarts an unhealthy program */
        HEALTH,
        /** a tcp/http/exec readiness probe, run by {@code svcctl wait-ready} as the unit's ExecStartPost= */
        READINESS_PROBE
    }

    private HostDuties() {
    }

    /**
     * What the shared host does for this spec: its duties under {@code supervisor: auto} (systemd runs the program,
     * the host adds the rest); none under {@code native} (refused when it has duties) or {@code svcctl} (its own
     * {@code svcctl run} does it all). A service is served by the host exactly when this is not empty.
     */
    public static Set<Duty> served(ServiceSpec spec) {
        return spec.supervisor() == SupervisorMode.AUTO ? of(spec) : EnumSet.noneOf(Duty.class);
    }

    public static Set<Duty> of(ServiceSpec spec) {
        Set<Duty> duties = EnumSet.noneOf(Duty.class);
        if (spec.logs().rotate().isPresent() && spec.logs().usesFiles(LogTarget.JOURNAL)) {
            duties.add(Duty.ROUTE_LOGS);
        }
        if (spec.healthCheck().isPresent()) {
            duties.add(Duty.HEALTH);
        }
        if (spec.readiness().isPresent() && spec.readiness().get().probes()) {
            duties.add(Duty.READINESS_PROBE);
        }
        return duties;
    }
}
