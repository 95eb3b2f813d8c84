package dev.svcctl.systemd;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;

/** Whether systemd runs the program itself or runs {@code svcctl run}, which hosts it. */
final class Supervision {
    private Supervision() {
    }

    /** The features systemd lacks that make {@code supervisor: auto} choose svcctl. */
    static boolean needsSvcctl(ServiceSpec spec) {
        return spec.healthCheck().isPresent()
                || spec.logs().rotate().isPresent() && spec.logs().usesFiles(LogTarget.JOURNAL);
    }

    static boolean bySvcctl(ServiceSpec spec) {
        return spec.supervisor() == SupervisorMode.SVCCTL
                || spec.supervisor() == SupervisorMode.AUTO && needsSvcctl(spec);
    }
}
