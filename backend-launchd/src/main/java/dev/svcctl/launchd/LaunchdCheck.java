package dev.svcctl.launchd;

import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.Paths;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SupervisorMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What of a spec launchd cannot honour, each problem named by its key path. Pure. */
final class LaunchdCheck {
    /** Top-level plist keys svcctl writes from spec keys; the escape hatch may not set them behind the spec's back. */
    static final Map<String, String> GENERATED = Map.ofEntries(
            Map.entry("Label", "platform.launchd.label"), Map.entry("Program", "exec"),
            Map.entry("ProgramArguments", "exec and args"), Map.entry("WorkingDirectory", "workingDirectory"),
            Map.entry("EnvironmentVariables", "env"), Map.entry("UserName", "user"), Map.entry("GroupName", "group"),
            Map.entry("RunAtLoad", "startup"), Map.entry("Disabled", "startup"), Map.entry("KeepAlive", "restart.policy"),
            Map.entry("ThrottleInterval", "restart.delay"), Map.entry("ExitTimeOut", "stop.timeout"),
            Map.entry("AbandonProcessGroup", "stop.mode"),
            Map.entry("StandardOutPath", "logs.stdout"), Map.entry("StandardErrorPath", "logs.stderr"),
            Map.entry("SoftResourceLimits", "limits"), Map.entry("HardResourceLimits", "limits"),
            Map.entry("Nice", "priority"));

    /** macOS's ARG_MAX (1 MiB) bounds argv plus environment; launchd adds a few variables of its own. */
    static final int MAX_ARGV_AND_ENV_BYTES = 1024 * 1024 - 4096;

    private LaunchdCheck() {
    }

    static List<SpecProblem> problems(ServiceSpec spec, Scope scope) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec.name().indexOf('@') >= 0) {
            problems.add(new SpecProblem("name", "'" + spec.name() + "' is a systemd template instance; launchd"
                    + " jobs have no templates", "use a name without '@', such as " + spec.name().replace('@', '-')));
        }
        if (spec.supervisor() == SupervisorMode.NATIVE) {
            for (Supervision.Need need : Supervision.needs(spec)) {
                problems.add(new SpecProblem(need.keyPath(), need.reason(), "use supervisor: auto or svcctl"));
            }
        }

        text(problems, "exec", spec.exec());
        if (Paths.isWindowsAbsolute(spec.exec())) {
            problems.add(new SpecProblem("exec", "'" + spec.exec() + "' is a Windows path", "give a POSIX path"));
        }
        for (int i = 0; i < spec.args().size(); i++) {
            text(problems, "args[" + i + "]", spec.args().get(i));
        }
        spec.env().forEach((k, v) -> {
            text(problems, "env." + k, k);
            text(problems, "env." + k, v);
        });
        long bytes = spec.argv().stream().mapToLong(a -> utf8Length(a) + 1).sum()
                + spec.env().entrySet().stream().mapToLong(e -> utf8Length(e.getKey()) + utf8Length(e.getValue()) + 2)
                .sum();
        if (bytes > MAX_ARGV_AND_ENV_BYTES) {
            problems.add(new SpecProblem("args", "exec, args and env add up to " + bytes + " bytes; macOS passes at"
                    + " most " + MAX_ARGV_AND_ENV_BYTES + " to a program", "pass large data in a file"));
        }
        posixPath(problems, "workingDirectory", spec.workingDirectory());
        for (int i = 0; i < spec.envFiles().size(); i++) {
            posixPath(problems, "envFile[" + i + "]", Optional.of(spec.envFiles().get(i).path()));
        }
        posixPath(problems, "logs.dir", spec.logs().dir());
        spec.user().ifPresent(u -> text(problems, "user", u));
        spec.group().ifPresent(g -> text(problems, "group", g));
        if (scope == Scope.USER) {
            spec.user().ifPresent(u -> problems.add(new SpecProblem("user",
                    "launchd runs an agent (scope: user) as the logged-in user and rejects UserName",
                    "remove user, or use scope: system for a daemon")));
            spec.group().ifPresent(g -> problems.add(new SpecProblem("group",
                    "launchd runs an agent (scope: user) with the logged-in user's groups and rejects GroupName",
                    "remove group, or use scope: system for a daemon")));
        }

        if (spec.hardening() != Hardening.NONE) {
            problems.add(new SpecProblem("hardening", "launchd cannot confine a job: it has no read-only file system,"
                    + " private /tmp, capability or system call filter settings (only Umask and the deprecated"
                    + " sandbox-exec profiles)", "use hardening: none for launchd"));
        }
        if (!spec.dependsOn().isEmpty()) {
            problems.add(new SpecProblem("dependsOn", "launchd has no dependencies between jobs",
                    "remove dependsOn for launchd and let the program retry until what it needs is up"));
        }
        spec.limits().memory().ifPresent(m -> problems.add(new SpecProblem("limits.memory",
                "launchd has no memory cap (macOS does not enforce RLIMIT_RSS) and svcctl run has none either",
                "remove limits.memory for launchd")));
        if (!spec.cpuAffinity().isEmpty()) {
            problems.add(new SpecProblem("cpuAffinity", "macOS cannot limit a process to CPUs (it has no CPU "
                    + "affinity)", "leave cpuAffinity out of specs for launchd"));
        }
        spec.limits().cpuPercent().ifPresent(c -> problems.add(new SpecProblem("limits.cpu",
                "launchd has no CPU quota", "remove limits.cpu for launchd; priority sets the nice value")));
        journal(problems, "logs.stdout", spec.logs().stdout());
        journal(problems, "logs.stderr", spec.logs().stderr());

        String labelKey = spec.platform().launchd().label().isPresent() ? "platform.launchd.label" : "name";
        text(problems, labelKey, LaunchdLayout.label(spec));
        spec.platform().launchd().plist().forEach((key, value) -> {
            String at = "platform.launchd.plist." + key;
            String from = GENERATED.get(key);
            if (from != null) {
                problems.add(new SpecProblem(at, key + " is written from the spec", "set " + from + " instead"));
            }
            text(problems, at, key);
            plistValue(problems, at, value);
        });
        return problems;
    }

    private static long utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static void journal(List<SpecProblem> problems, String key, LogTarget target) {
        if (target == LogTarget.JOURNAL) {
            problems.add(new SpecProblem(key, "macOS has no journal for launchd jobs",
                    "use file (the default), inherit or discard"));
        }
    }

    private static void plistValue(List<SpecProblem> problems, String at, Object value) {
        if (value instanceof String s) {
            text(problems, at, s);
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            problems.add(new SpecProblem(at, "a plist real must be a finite number", (String) null));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                plistValue(problems, at + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                text(problems, at + "." + k, (String) k);
                plistValue(problems, at + "." + k, v);
            });
        }
    }

    private static void posixPath(List<SpecProblem> problems, String key, Optional<String> path) {
        if (path.isEmpty()) {
            return;
        }
        if (!Paths.isPosixAbsolute(path.get())) {
            problems.add(new SpecProblem(key, "'" + path.get() + "' is not an absolute POSIX path", (String) null));
        }
        text(problems, key, path.get());
    }

    /** A string that goes into the plist must consist of characters XML 1.0 can carry. */
    static void text(List<SpecProblem> problems, String key, String value) {
        int at = PlistXml.firstInvalidChar(value);
        if (at >= 0) {
            int cp = value.codePointAt(at);
            problems.add(new SpecProblem(key, String.format(
                    "contains U+%04X at position %d, a character an XML plist cannot carry", cp, at),
                    CONTROL_HINT));
        }
    }

    private static final String CONTROL_HINT =
            "XML 1.0 allows tab, newline and carriage return but no other control characters; remove it";
}
