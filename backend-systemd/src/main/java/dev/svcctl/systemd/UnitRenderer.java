package dev.svcctl.systemd;

import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.Durations;
import dev.svcctl.spec.LimitsSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.Milestone;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a checked spec into the text of its unit file. Pure: no host access. */
final class UnitRenderer {
    /** Extra time systemd grants the svcctl supervisor beyond stop.timeout, so the supervisor's own kill comes first. */
    static final Duration SUPERVISOR_STOP_MARGIN = Duration.ofSeconds(5);
    static final String DEFAULT_LOG_PARENT = "%L/svcctl/";

    private UnitRenderer() {
    }

    static String render(ServiceSpec spec, RenderOptions options) {
        Section unit = new Section("Unit");
        Section service = new Section("Service");
        Section install = new Section("Install");
        boolean supervised = Supervision.bySvcctl(spec);

        unit.add("Description", SystemdEscaping.specifiers(spec.description().orElse(spec.displayName())));
        Set<String> after = new LinkedHashSet<>();
        Set<String> wants = new LinkedHashSet<>();
        for (Milestone milestone : spec.after()) {
            switch (milestone) {
                case NETWORK -> after.add("network.target");
                case NETWORK_ONLINE -> {
                    after.add("network-online.target");
                    wants.add("network-online.target");
                }
                case TIME_SYNC -> after.add("time-sync.target");
                case FILESYSTEMS -> {
                    after.add("local-fs.target");
                    after.add("remote-fs.target");
                }
            }
        }
        for (String dependency : spec.dependsOn()) {
            unit.add("Requires", dependency + ".service");
            after.add(dependency + ".service");
        }
        wants.forEach(w -> unit.add("Wants", w));
        after.forEach(a -> unit.add("After", a));
        unit.add("StartLimitIntervalSec", timespan(spec.restart().window()));
        unit.add("StartLimitBurst", Integer.toString(spec.restart().burst()));
        spec.platform().systemd().unit().forEach(unit::addAll);

        service.add("Type", "simple");
        if (supervised) {
            List<String> argv = new ArrayList<>(List.of(options.svcctlCommand(), "run", "--name", spec.name()));
            if (spec.scope() == Scope.USER) {
                argv.add("--user");
            }
            service.add("ExecStart", execLine(argv));
        } else {
            service.add("ExecStart", execLine(spec.argv()));
        }
        // The shell's own kill: /bin/kill is not installed everywhere; systemd exports MAINPID to ExecReload.
        spec.reloadSignal().ifPresent(signal -> service.add("ExecReload",
                execLine(List.of("/bin/sh", "-c", "kill -s " + signal.name() + " \"$MAINPID\""))));
        service.add("Restart", supervised ? "on-abnormal" : switch (spec.restart().policy()) {
            case ALWAYS -> "always";
            case ON_FAILURE -> "on-failure";
            case NEVER -> "no";
        });
        service.add("RestartSec", timespan(spec.restart().delay()));
        if (!supervised && spec.restart().policy() != RestartPolicy.NEVER) {
            String extraSuccess = spec.restart().successExitCodes().stream().filter(c -> c != 0)
                    .map(String::valueOf).collect(Collectors.joining(" "));
            if (!extraSuccess.isEmpty()) {
                service.add("SuccessExitStatus", extraSuccess);
            }
        }
        spec.user().ifPresent(u -> service.add("User", u));
        spec.group().ifPresent(g -> service.add("Group", g));
        spec.workingDirectory().ifPresent(d -> service.add("WorkingDirectory", SystemdEscaping.specifiers(d)));
        if (!supervised) {
            spec.env().forEach((k, v) -> service.add("Environment", SystemdEscaping.environmentAssignment(k, v)));
            spec.envFile().ifPresent(f -> service.add("EnvironmentFile", SystemdEscaping.specifiers(f)));
        }
        service.add("KillMode", "mixed");
        service.add("KillSignal", supervised ? "SIGTERM" : spec.stop().signal().sigName());
        service.add("TimeoutStopSec", timespan(supervised
                ? spec.stop().timeout().plus(SUPERVISOR_STOP_MARGIN) : spec.stop().timeout()));
        renderLimits(spec.limits(), service);
        spec.priority().ifPresent(p -> service.add("Nice", Integer.toString(p)));
        if (!supervised) {
            renderLogs(spec, service);
        }
        spec.platform().systemd().service().forEach(service::addAll);

        if (spec.startup() == Startup.AUTO || spec.startup() == Startup.DELAYED) {
            install.add("WantedBy", spec.scope() == Scope.USER ? "default.target" : "multi-user.target");
        }
        spec.platform().systemd().install().forEach(install::addAll);

        String body = unit.text() + "\n" + service.text() + (install.isEmpty() ? "" : "\n" + install.text());
        return "# " + ManagedMarker.of(spec.fingerprint(), body).text()
                + " -- written by svcctl from the spec of " + spec.name() + "; edits are overwritten\n" + body;
    }

    private static void renderLimits(LimitsSpec limits, Section service) {
        limits.openFiles().ifPresent(n -> service.add("LimitNOFILE", Long.toString(n)));
        limits.processes().ifPresent(n -> service.add("LimitNPROC", Long.toString(n)));
        limits.memory().ifPresent(n -> service.add("MemoryMax", Long.toString(n)));
        limits.cpuPercent().ifPresent(n -> service.add("CPUQuota", n + "%"));
    }

    private static void renderLogs(ServiceSpec spec, Section service) {
        LogsSpec logs = spec.logs();
        String dir = logs.dir().map(SystemdEscaping::specifiers).orElse(DEFAULT_LOG_PARENT + spec.name());
        if (logs.usesFiles(LogTarget.JOURNAL)) {
            if (logs.dir().isEmpty()) {
                service.add("LogsDirectory", "svcctl/" + spec.name());
            } else if (spec.scope() == Scope.SYSTEM && logs.dir().get().startsWith("/var/log/")) {
                service.add("LogsDirectory", SystemdEscaping.specifiers(logs.dir().get().substring("/var/log/".length())));
            }
        }
        service.add("StandardOutput", output(logs.stdout(), dir + "/stdout.log"));
        service.add("StandardError", output(logs.stderr(), dir + "/stderr.log"));
    }

    private static String output(LogTarget target, String file) {
        return switch (LogsSpec.resolve(target, LogTarget.JOURNAL)) {
            case FILE -> "append:" + file;
            case INHERIT -> "inherit";
            case DISCARD -> "null";
            default -> "journal";
        };
    }

    static String execLine(List<String> argv) {
        return SystemdEscaping.execPath(argv.get(0)) + argv.stream().skip(1)
                .map(arg -> " " + SystemdEscaping.execWord(arg)).collect(Collectors.joining());
    }

    /** systemd parses the spec's duration spelling (1m30s, 250ms, 1d) as a time span as it is. */
    static String timespan(Duration d) {
        return Durations.format(d);
    }

    /** One [Section] of a unit file, directives in the order they were added. */
    private static final class Section {
        private final String name;
        private final StringBuilder lines = new StringBuilder();

        Section(String name) {
            this.name = name;
        }

        void add(String directive, String value) {
            lines.append(directive).append('=').append(value).append('\n');
        }

        void addAll(String directive, List<String> values) {
            values.forEach(v -> add(directive, v));
        }

        boolean isEmpty() {
            return lines.length() == 0;
        }

        String text() {
            return "[" + name + "]\n" + lines;
        }
    }

}
