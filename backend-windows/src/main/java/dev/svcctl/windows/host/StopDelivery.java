package dev.svcctl.windows.host;

import dev.svcctl.spec.Signal;

/**
 * How a spec signal reaches a Windows program (service-spec-v1: "on Windows TERM/INT = Ctrl-C, then terminate"):
 * TERM and INT become CTRL_C_EVENT through the program's own console, KILL terminates its job at once; Windows has
 * nothing for the others (WindowsSpecCheck refuses them in stop.signal and reload.signal).
 */
public enum StopDelivery {
    CTRL_C, TERMINATE, NONE;

    public static StopDelivery of(Signal signal) {
        return switch (signal) {
            case TERM, INT -> CTRL_C;
            case KILL -> TERMINATE;
            default -> NONE;
        };
    }
}
