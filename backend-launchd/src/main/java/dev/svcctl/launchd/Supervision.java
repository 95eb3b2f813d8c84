package dev.svcctl.launchd;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SupervisorMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether launchd runs the program itself or runs {@code svcctl run}, which hosts it. launchd lacks more than
 * systemd does, so more spec keys make {@code supervisor: auto} choose svcctl here.
 */
final class Supervision {
    private Supervision() {
    }

    /** A spec key that only the svcctl supervisor can honour on launchd, and why. */
    record Need(String keyPath, String reason) {
    }

    /**
     * The keys launchd cannot honour itself. Burst and window count only when they differ from the spec defaults:
     * the model does not say whether they were written, and running every launchd service under svcctl for the
     * defaults' sake would be a poor trade (documented in the module's package-info). {@code restart.maxDelay} is
     * not a need: the contract caps the backoff only "where the platform supports it", as on systemd.
     */
    static List<Need> needs(ServiceSpec spec) {
        List<Need> needs = new ArrayList<>();
        spec.healthCheck().ifPresent(h -> needs.add(new Need("healthCheck", "launchd cannot run health checks")));
        if (spec.logs().rotate().isPresent() && spec.logs().usesFiles(LogTarget.FILE)) {
            needs.add(new Need("logs.rotate", "launchd does not rotate the files it writes"));
        }
        if (!spec.reloadExec().isEmpty()) {
            needs.add(new Need("reload.exec", "launchd cannot run a reload command"));
        }
        if (!spec.envFiles().isEmpty()) {
            needs.add(new Need("envFile", "launchd cannot read an environment file"));
        }
        if (spec.readiness().isPresent()) {
            // watchdog needs readiness.notify, so it is covered here too.
            needs.add(new Need("readiness." + spec.readiness().get().kind().key(),
                    "launchd has no notion of a started program becoming ready"));
        }
        RestartSpec restart = spec.restart();
        if (restart.policy() != RestartPolicy.NEVER) {
            if (restart.burst() != RestartSpec.DEFAULT.burst()) {
                needs.add(new Need("restart.burst", "launchd never gives up restarting a job"));
            }
            if (!restart.window().equals(RestartSpec.DEFAULT.window())) {
                needs.add(new Need("restart.window", "launchd never gives up restarting a job"));
            }
        }
        if (restart.policy() == RestartPolicy.ON_FAILURE && !restart.successExitCodes().equals(List.of(0))) {
            needs.add(new Need("restart.successExitCodes",
                    "launchd's KeepAlive SuccessfulExit counts only exit code 0 as clean"));
        }
        if (spec.hooks().isPresent()) {
            needs.add(new Need(spec.hooks().get().preStart().isEmpty() ? "hooks.postStop" : "hooks.preStart",
                    "launchd cannot run commands before or after a job"));
        }
        if (!restart.onExit().isEmpty()) {
            needs.add(new Need("restart.onExit", "launchd's KeepAlive cannot tell one exit code from another"));
        }
        if (spec.stop().signal() != Signal.TERM) {
            needs.add(new Need("stop.signal", "launchd always stops a job with SIGTERM"));
        }
        return needs;
    }

    static boolean bySvcctl(ServiceSpec spec) {
        return spec.supervisor() == SupervisorMode.SVCCTL
                || spec.supervisor() == SupervisorMode.AUTO && !needs(spec).isEmpty();
    }
}
