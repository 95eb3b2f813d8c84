package dev.svcctl.host;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
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
