package dev.svcctl.systemd;

import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The [Service] sandboxing directives of a {@code hardening} preset. A directive that platform.systemd.service sets
 * itself replaces the preset's (the preset leaves it out), except ReadWritePaths=, whose lines add up in systemd.
 * docs/spec.md ("Hardening presets") lists what each preset writes; keep the two in step.
 */
final class HardeningDirectives {
    /** Added to, never replaced, by the escape hatch: systemd joins all its lines. */
    static final String WRITABLE_PATHS = "ReadWritePaths";

    private HardeningDirectives() {
    }

    static Map<String, List<String>> of(ServiceSpec spec, boolean supervised) {
        Map<String, List<String>> directives = new LinkedHashMap<>();
        if (spec.hardening() == Hardening.NONE) {
            return directives;
        }
        boolean strict = spec.hardening() == Hardening.STRICT;
        put(directives, "NoNewPrivileges", "yes");
        put(directives, "PrivateTmp", "yes");
        put(directives, "PrivateDevices", "yes");
        put(directives, "ProtectSystem", strict ? "strict" : "full");
        put(directives, "ProtectHome", strict ? "yes" : "read-only");
        put(directives, "ProtectKernelTunables", "yes");
        put(directives, "ProtectKernelModules", "yes");
        put(directives, "ProtectKernelLogs", "yes");
        put(directives, "ProtectControlGroups", "yes");
        put(directives, "ProtectClock", "yes");
        put(directives, "ProtectHostname", "yes");
        put(directives, "RestrictSUIDSGID", "yes");
        put(directives, "RestrictRealtime", "yes");
        put(directives, "RestrictNamespaces", "yes");
        put(directives, "LockPersonality", "yes");
        put(directives, "SystemCallArchitectures", "native");
        put(directives, "RestrictAddressFamilies", strict ? "AF_UNIX AF_INET AF_INET6" : "AF_UNIX AF_INET AF_INET6 AF_NETLINK");
        put(directives, "UMask", "0027");
        if (strict) {
            put(directives, "CapabilityBoundingSet", "");
            put(directives, "ProtectProc", "invisible");
            put(directives, "ProcSubset", "pid");
            put(directives, "RemoveIPC", "yes");
            put(directives, "SystemCallFilter", "@system-service");
            // A filtered call fails with EPERM instead of killing the program with SIGSYS: a program that probes
            // a call (setrlimit, say) and copes with a refusal keeps running.
            put(directives, "SystemCallErrorNumber", "EPERM");
            if (!supervised) {
                // `svcctl run` is a JVM, whose JIT needs writable+executable memory; a native JIT program needs
                // MemoryDenyWriteExecute: "no" in platform.systemd.service (docs/spec.md says so).
                put(directives, "MemoryDenyWriteExecute", "yes");
            }
        }
        if (supervised && (spec.user().isEmpty() || spec.user().get().equals("root"))) {
            // `svcctl run` as root keeps its state and lock in /run/svcctl, which ProtectSystem=strict makes
            // read-only and which may not exist yet; systemd creates it (0700, root) and keeps it after a stop.
            put(directives, "RuntimeDirectory", "svcctl");
            put(directives, "RuntimeDirectoryMode", "0700");
            put(directives, "RuntimeDirectoryPreserve", "yes");
        }
        StringBuilder writable = new StringBuilder();
        if (spec.workingDirectory().isPresent()) {
            writable.append(SystemdEscaping.pathListWord(spec.workingDirectory().get()));
        }
        // The default log directory and one under /var/log are LogsDirectory=, which systemd keeps writable.
        if (spec.logs().usesFiles(LogTarget.JOURNAL) && spec.logs().dir().isPresent()
                && !spec.logs().dir().get().startsWith("/var/log/")) {
            writable.append(writable.length() == 0 ? "" : " ")
                    .append(SystemdEscaping.pathListWord(spec.logs().dir().get()));
        }
        if (writable.length() > 0) {
            put(directives, WRITABLE_PATHS, writable.toString());
        }
        Map<String, List<String>> escapeHatch = spec.platform().systemd().service();
        for (String directive : escapeHatch.keySet()) {
            if (!directive.equals(WRITABLE_PATHS)) {
                directives.remove(directive);
            }
        }
        return directives;
    }

    private static void put(Map<String, List<String>> directives, String directive, String value) {
        directives.put(directive, List.of(value));
    }
}
