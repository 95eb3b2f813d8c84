package dev.svcctl.supervisor;

import java.io.IOException;
import java.util.Map;

/**
 * Makes the program and every descendant die with the supervisor, even when the supervisor itself is killed
 * (SIGKILL, OOM killer) and could do nothing about it. Every process the supervisor starts carries one environment
 * variable, {@value #VARIABLE}, unique to this supervisor, and inherited by all that process's descendants, whether
 * they stay in its tree, are re-parented to the supervisor, or start sessions of their own. A small shell process,
 * started once, waits on a pipe only the supervisor holds; when the supervisor's end closes (it exited or was
 * killed) it kills every process carrying the variable until none is left, then ends.
 *
 * <p>A shell and grep, rather than the kernel's PR_SET_PDEATHSIG: that signal reaches only the direct children of
 * the exiting thread, not the descendants re-parented to the supervisor, and the JDK offers no hook to set it in a
 * child. A process that clears its whole environment leaves the net (then only the subreaper, while the supervisor
 * lives, and the init system's own clean-up remain).
 */
final class TreeWatchdog {
    static final String VARIABLE = "SVCCTL_SUPERVISOR";
    /**
     * $1 is the marker. grep's status is no guide (2 whenever some environ cannot be read, matches or not), so the
     * loop ends when a pass lists no process (a zombie's environ is empty), or after 1000 passes.
     */
    private static final String SCRIPT = "read -r _; i=0; while [ $i -lt 1000 ]; do"
            + " pids=$(grep -lzxF \"" + VARIABLE + "=$1\" /proc/[0-9]*/environ 2>/dev/null); [ -n \"$pids\" ] || break;"
            + " for f in $pids; do p=${f#/proc/}; kill -9 \"${p%/environ}\" 2>/dev/null; done; i=$((i+1)); done";

    private final String marker;
    /** Its stdin is never written nor closed: the watcher reads end-of-file only when this process has ended. */
    private final Process watcher;

    private TreeWatchdog(String marker, Process watcher) {
        this.marker = marker;
        this.watcher = watcher;
    }

    static TreeWatchdog start() throws IOException {
        String marker = ProcessHandle.current().pid() + "-" + Long.toHexString(System.currentTimeMillis());
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "svcctl-watchdog", marker)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove(VARIABLE);
        return new TreeWatchdog(marker, builder.start());
    }

    /** Puts the program (and so its descendants) under the watch. */
    void mark(Map<String, String> environment) {
        environment.put(VARIABLE, marker);
    }

    Process process() {
        return watcher;
    }
}
