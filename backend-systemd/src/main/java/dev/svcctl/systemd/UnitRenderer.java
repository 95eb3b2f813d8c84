package dev.svcctl.systemd;

import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.host.HostDuties;
import dev.svcctl.host.HostPaths;
import dev.svcctl.spec.EnvFileEntry;
import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.Durations;
import dev.svcctl.spec.LimitsSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.Milestone;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a checked spec into the text of its unit file. Pure: no host access. Loops and ifs rather than lambdas and
 * streams: this runs once per short 'svcctl render' or 'install', and linking each lambda costs such a run ~0.3 ms.
 */
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
        Set<HostDuties.Duty> hostDuties = Supervision.hostDuties(spec);

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
            unit.add("Requires", UnitFiles.dependencyUnit(dependency));
            after.add(UnitFiles.dependencyUnit(dependency));
        }
        // Served by the shared host: the FIFOs its output goes to must exist first (else systemd would create
        // regular files at their paths); the host itself need not run yet, as the FIFOs buffer.
        for (String socket : HostUnits.socketUnits(spec)) {
            unit.add("Requires", socket);
            after.add(socket);
        }
        if (!hostDuties.isEmpty()) {
            wants.add(HostPaths.HOST_UNIT);
        }
        unit.addAll("Wants", wants);
        unit.addAll("After", after);
        unit.add("StartLimitIntervalSec", timespan(spec.restart().window()));
        unit.add("StartLimitBurst", Integer.toString(spec.restart().burst()));
        unit.addAll(spec.platform().systemd().unit());

        renderType(spec, supervised, service);
        if (supervised) {
            List<String> argv = new ArrayList<>(List.of(options.svcctlCommand(), "run", "--name", spec.name()));
            if (spec.scope() == Scope.USER) {
                argv.add("--user");
            }
            service.add("ExecStart", execLine(argv));
        } else {
            // hooks natively: systemd runs ExecStartPre= before every start (restarts too) and ExecStopPost= after
            // every end, with the unit's User=, environment and WorkingDirectory=. Supervised, svcctl run runs them.
            if (spec.hooks().isPresent() && !spec.hooks().get().preStart().isEmpty()) {
                service.add("ExecStartPre", execLine(spec.hooks().get().preStart()));
            }
            service.add("ExecStart", execLine(spec.argv()));
            if (spec.hooks().isPresent() && !spec.hooks().get().postStop().isEmpty()) {
                service.add("ExecStopPost", execLine(spec.hooks().get().postStop()));
            }
        }
        if (hostDuties.contains(HostDuties.Duty.READINESS_PROBE)) {
            // The start is done when the probe passes: systemd keeps the unit activating until wait-ready exits,
            // and fails the start at TimeoutStartSec=. '+': as root, to read the 0600 spec copy.
            List<String> argv = new ArrayList<>(List.of(options.svcctlCommand(), "wait-ready", spec.name()));
            if (spec.scope() == Scope.USER) {
                argv.add("--user");
            }
            service.add("ExecStartPost", (spec.scope() == Scope.USER ? "" : "+") + execLine(argv));
        }
        // The shell's own kill: /bin/kill is not installed everywhere; systemd exports MAINPID to ExecReload.
        // Supervised, MAINPID is `svcctl run`: it takes SIGHUP as "reload" and signals the program or runs
        // reload.exec itself (with the program's pid as MAINPID).
        if (supervised && spec.reloads()) {
            service.add("ExecReload", execLine(List.of("/bin/sh", "-c", "kill -s HUP \"$MAINPID\"")));
        } else if (spec.reloadSignal().isPresent()) {
            service.add("ExecReload", execLine(List.of("/bin/sh", "-c", "kill -s "
                    + spec.reloadSignal().get().name() + " \"$MAINPID\"")));
        } else if (!spec.reloadExec().isEmpty()) {
            service.add("ExecReload", execLine(spec.reloadExec()));
        }
        service.add("Restart", supervised ? "on-abnormal" : switch (spec.restart().policy()) {
            case ALWAYS -> "always";
            case ON_FAILURE -> "on-failure";
            case NEVER -> "no";
        });
        service.add("RestartSec", timespan(spec.restart().delay()));
        if (!supervised) {
            service.add("SuccessExitStatus", successExitStatus(spec));
            renderOnExit(spec.restart().onExit(), service);
        }
        if (spec.user().isPresent()) {
            service.add("User", spec.user().get());
        }
        if (spec.group().isPresent()) {
            service.add("Group", spec.group().get());
        }
        if (spec.workingDirectory().isPresent()) {
            service.add("WorkingDirectory", SystemdEscaping.specifiers(spec.workingDirectory().get()));
        }
        if (!supervised) {
            // env's values go to a private file, never into the unit (readable by all, and by all over D-Bus as
            // Environment=); listed first, so that the spec's envFile entries override it as they override env.
            if (!spec.env().isEmpty()) {
                service.add("EnvironmentFile", UnitFiles.envPathInUnit(spec.name(), spec.scope() == Scope.USER));
            }
            for (EnvFileEntry file : spec.envFiles()) {
                service.add("EnvironmentFile", SystemdEscaping.specifiers(file.written()));
            }
        }
        // mixed: the stop signal to the main process only (svcctl run, when supervised, stops its program itself),
        // then SIGKILL to whatever is left of the cgroup; process: the main process only, children live on.
        service.add("KillMode", spec.stop().mode() == StopMode.PROCESS ? "process" : "mixed");
        service.add("KillSignal", supervised ? "SIGTERM" : spec.stop().signal().sigName());
        service.add("TimeoutStopSec", timespan(stopTimeout(spec, supervised)));
        if (startTimeout(spec, supervised) != null) {
            service.add("TimeoutStartSec", timespan(startTimeout(spec, supervised)));
        }
        if (spec.watchdog().isPresent()) {
            service.add("WatchdogSec", timespan(spec.watchdog().get()));
        }
        renderLimits(spec.limits(), service);
        if (spec.priority().isPresent()) {
            service.add("Nice", Integer.toString(spec.priority().getAsInt()));
        }
        if (!supervised && !spec.cpuAffinity().isEmpty()) {
            service.add("CPUAffinity", cpuList(spec.cpuAffinity()));
        }
        if (supervised) {
            // svcctl run's own lines (and the program's, when they reach the journal through it) carry the
            // service's name rather than "svcctl".
            service.add("SyslogIdentifier", SystemdEscaping.specifiers(spec.name()));
            renderLogsDirectory(spec, service);
        } else {
            renderLogs(spec, service, HostUnits.routedStreams(spec));
        }
        service.addAll(HardeningDirectives.of(spec, supervised));
        service.addAll(spec.platform().systemd().service());

        if (spec.startup() == Startup.AUTO || spec.startup() == Startup.DELAYED) {
            install.add("WantedBy", spec.scope() == Scope.USER ? "default.target" : "multi-user.target");
        }
        install.addAll(spec.platform().systemd().install());

        String body = unit.text() + "\n" + service.text() + (install.isEmpty() ? "" : "\n" + install.text());
        return "# " + ManagedMarker.of(spec.fingerprint(), body).text()
                + " -- written by svcctl from the spec of " + spec.name() + "; edits are overwritten\n" + body;
    }

    /**
     * How systemd learns that the start is done. Supervised, always {@code notify}: {@code svcctl run} sends READY=1
     * once its program is ready (whatever the readiness kind, or at once without one) and, with a watchdog, pings
     * systemd itself. Natively, {@code readiness.notify} is the program's own sd_notify and {@code readiness.pidFile}
     * a daemon that forks; probe readiness (served by the shared host) and no readiness {@code exec} (systemd 240
     * and newer), the probe then being the unit's {@code ExecStartPost=svcctl wait-ready}.
     */
    private static void renderType(ServiceSpec spec, boolean supervised, Section service) {
        ReadinessSpec.Kind kind = spec.readiness().isPresent() ? spec.readiness().get().kind() : null;
        if (supervised || kind == ReadinessSpec.Kind.NOTIFY) {
            service.add("Type", "notify");
            service.add("NotifyAccess", "main");
        } else if (kind == ReadinessSpec.Kind.PID_FILE) {
            service.add("Type", "forking");
            service.add("PIDFile", SystemdEscaping.specifiers(spec.readiness().get().target()));
        } else {
            // exec, not simple: systemctl start returns once the program was executed, so a start whose exec
            // fails (a missing program, a bad User=) fails the job itself instead of passing and dying afterwards.
            service.add("Type", "exec");
        }
    }

    /**
     * The directives this spec's unit has only because of its readiness, watchdog or supervision, each with the
     * spec key that writes it (the escape hatch may not set them then).
     */
    static Map<String, String> conditionalDirectives(ServiceSpec spec, boolean supervised) {
        Map<String, String> written = new java.util.LinkedHashMap<>();
        if (supervised) {
            written.put("SyslogIdentifier", "name");
        }
        ReadinessSpec.Kind kind = spec.readiness().isPresent() ? spec.readiness().get().kind() : null;
        if (supervised || kind == ReadinessSpec.Kind.NOTIFY) {
            written.put("NotifyAccess", supervised ? "readiness" : "readiness.notify");
        }
        if (!supervised && kind == ReadinessSpec.Kind.PID_FILE) {
            written.put("PIDFile", "readiness.pidFile");
        }
        if (startTimeout(spec, supervised) != null) {
            boolean hooks = spec.hooks().isPresent() && !spec.hooks().get().preStart().isEmpty();
            written.put("TimeoutStartSec", kind == null ? "hooks.timeout"
                    : hooks ? "readiness.timeout and hooks.timeout" : "readiness.timeout");
        }
        if (!supervised) {
            if (spec.hooks().isPresent() && !spec.hooks().get().preStart().isEmpty()) {
                written.put("ExecStartPre", "hooks.preStart");
            }
            if (spec.hooks().isPresent() && !spec.hooks().get().postStop().isEmpty()) {
                written.put("ExecStopPost", "hooks.postStop");
            }
            if (spec.restart().onExit().containsValue(ExitAction.STOP)) {
                written.put("RestartPreventExitStatus", "restart.onExit");
            }
            if (spec.restart().onExit().containsValue(ExitAction.RESTART)) {
                written.put("RestartForceExitStatus", "restart.onExit");
            }
            if (!spec.cpuAffinity().isEmpty()) {
                written.put("CPUAffinity", "cpuAffinity");
            }
        }
        if (spec.watchdog().isPresent()) {
            written.put("WatchdogSec", "watchdog");
        }
        if (Supervision.hostDuties(spec).contains(HostDuties.Duty.READINESS_PROBE)) {
            written.put("ExecStartPost", "readiness");
        }
        return written;
    }

    /**
     * TimeoutStartSec=, or null for systemd's default. It bounds the whole start: every ExecStartPre= and, with
     * readiness, the wait for it; so natively with a preStart hook it is hooks.timeout plus readiness.timeout (a
     * slow hook leaves less time to become ready, never more). systemd has no per-command limit for ExecStopPost=:
     * it runs within TimeoutStopSec= (stop.timeout). Supervised, svcctl run limits each hook itself, and the first
     * start's READY=1 waits for preStart, so TimeoutStartSec= grows by hooks.timeout plus a margin.
     */
    private static Duration startTimeout(ServiceSpec spec, boolean supervised) {
        Duration timeout = spec.readiness().isPresent() ? spec.readiness().get().timeout() : null;
        if (timeout != null && !supervised
                && Supervision.hostDuties(spec).contains(HostDuties.Duty.READINESS_PROBE)) {
            // svcctl wait-ready counts readiness.timeout from its own start, a JVM start after the unit's: systemd
            // must not end it first, or its one-line reason never reaches the journal and install.
            timeout = timeout.plus(SUPERVISOR_STOP_MARGIN);
        }
        if (spec.hooks().isPresent() && !spec.hooks().get().preStart().isEmpty()) {
            // Supervised, svcctl run says READY=1 only after its preStart and its program's readiness; the margin
            // covers its own start, so that systemd never ends a start the supervisor still has time for.
            Duration hooks = spec.hooks().get().timeout().plus(supervised ? SUPERVISOR_STOP_MARGIN : Duration.ZERO);
            timeout = timeout == null ? hooks : timeout.plus(hooks);
        }
        return timeout;
    }

    /**
     * TimeoutStopSec=. Supervised, svcctl run stops its program within stop.timeout and then runs hooks.postStop
     * within hooks.timeout, each bounded by itself: systemd waits for both plus a margin before its SIGKILL of the
     * cgroup. Natively, systemd's stop.timeout bounds the program's stop and ExecStopPost= alike (docs/systemd.md).
     */
    private static Duration stopTimeout(ServiceSpec spec, boolean supervised) {
        if (!supervised) {
            return spec.stop().timeout();
        }
        Duration timeout = spec.stop().timeout().plus(SUPERVISOR_STOP_MARGIN);
        if (spec.hooks().isPresent() && !spec.hooks().get().postStop().isEmpty()) {
            timeout = timeout.plus(spec.hooks().get().timeout());
        }
        return timeout;
    }

    /** restart.onExit: "stop" codes never restart, "restart" codes always do, whatever Restart= says. */
    private static void renderOnExit(Map<Integer, ExitAction> onExit, Section service) {
        List<String> prevent = new ArrayList<>();
        List<String> force = new ArrayList<>();
        for (Map.Entry<Integer, ExitAction> entry : onExit.entrySet()) {
            (entry.getValue() == ExitAction.STOP ? prevent : force).add(entry.getKey().toString());
        }
        if (!prevent.isEmpty()) {
            service.add("RestartPreventExitStatus", String.join(" ", prevent));
        }
        if (!force.isEmpty()) {
            service.add("RestartForceExitStatus", String.join(" ", force));
        }
    }

    /** CPUAffinity= takes CPU indices separated by spaces. */
    private static String cpuList(List<Integer> cpus) {
        StringBuilder list = new StringBuilder();
        for (Integer cpu : cpus) {
            list.append(list.length() == 0 ? "" : " ").append(cpu);
        }
        return list.toString();
    }

    /**
     * restart.successExitCodes, and a clean stop: death by the stop signal, or the exit code 128+N that programs
     * which catch it end with (a JVM exits 143 on SIGTERM). Without them a stopped service would end failed.
     * Supervised units need none: svcctl run exits 0 after a stop.
     */
    private static String successExitStatus(ServiceSpec spec) {
        Set<String> clean = new LinkedHashSet<>();
        if (spec.restart().policy() != RestartPolicy.NEVER) {
            for (int code : spec.restart().successExitCodes()) {
                if (code != 0) {
                    clean.add(Integer.toString(code));
                }
            }
        }
        clean.add(Integer.toString(128 + spec.stop().signal().linuxNumber()));
        clean.add(spec.stop().signal().sigName());
        return String.join(" ", clean);
    }

    private static void renderLimits(LimitsSpec limits, Section service) {
        if (limits.openFiles().isPresent()) {
            service.add("LimitNOFILE", Long.toString(limits.openFiles().getAsLong()));
        }
        if (limits.processes().isPresent()) {
            service.add("LimitNPROC", Long.toString(limits.processes().getAsLong()));
        }
        if (limits.memory().isPresent()) {
            service.add("MemoryMax", Long.toString(limits.memory().getAsLong()));
        }
        if (limits.cpuPercent().isPresent()) {
            service.add("CPUQuota", limits.cpuPercent().getAsInt() + "%");
        }
    }

    /**
     * Native output: a stream the shared host routes goes to its FIFO ({@code file:}, which systemd opens as root
     * before it drops privileges; not {@code fd:}, which would need {@code Sockets=} and put LISTEN_FDS into the
     * program's environment), any other file stream is appended to by systemd itself.
     */
    private static void renderLogs(ServiceSpec spec, Section service, List<HostPaths.Stream> routed) {
        LogsSpec logs = spec.logs();
        String dir = logs.dir().isPresent() ? SystemdEscaping.specifiers(logs.dir().get())
                : DEFAULT_LOG_PARENT + spec.name();
        boolean user = spec.scope() == Scope.USER;
        if (routed.isEmpty()) {
            // Routed streams' files are the host's: it makes their directory itself, as root (or the manager's
            // user), and refuses one that systemd made for User= (it would not trust its files).
            renderLogsDirectory(spec, service);
        }
        service.add("StandardOutput", routed.contains(HostPaths.Stream.STDOUT)
                ? "file:" + HostUnits.fifoInUnit(spec.name(), HostPaths.Stream.STDOUT, user)
                : output(logs.stdout(), dir + "/stdout.log"));
        service.add("StandardError", routed.contains(HostPaths.Stream.STDERR)
                ? "file:" + HostUnits.fifoInUnit(spec.name(), HostPaths.Stream.STDERR, user)
                : output(logs.stderr(), dir + "/stderr.log"));
    }

    /**
     * Lets systemd create the log directory, owned by User=, when file logs go to the default directory (or under
     * /var/log). Supervised services need it too: `svcctl run` writes the files, possibly as an unprivileged User=.
     */
    private static void renderLogsDirectory(ServiceSpec spec, Section service) {
        LogsSpec logs = spec.logs();
        if (logs.usesFiles(LogTarget.JOURNAL)) {
            if (logs.dir().isEmpty()) {
                service.add("LogsDirectory", "svcctl/" + spec.name());
            } else if (spec.scope() == Scope.SYSTEM && logs.dir().get().startsWith("/var/log/")) {
                service.add("LogsDirectory", SystemdEscaping.specifiers(logs.dir().get().substring("/var/log/".length())));
            }
        }
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
        StringBuilder line = new StringBuilder(SystemdEscaping.execPath(argv.get(0)));
        for (int i = 1; i < argv.size(); i++) {
            line.append(' ').append(SystemdEscaping.execWord(argv.get(i)));
        }
        return line.toString();
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

        void addAll(String directive, Iterable<String> values) {
            for (String value : values) {
                add(directive, value);
            }
        }

        /** The spec's own directives (platform.systemd), each with its values. */
        void addAll(Map<String, List<String>> directives) {
            for (Map.Entry<String, List<String>> directive : directives.entrySet()) {
                addAll(directive.getKey(), directive.getValue());
            }
        }

        boolean isEmpty() {
            return lines.length() == 0;
        }

        String text() {
            return "[" + name + "]\n" + lines;
        }
    }


    /** The [Install] section of a unit's text ("" when it has none): the part that decides its enablement links. */
    static String installSection(String unitText) {
        int start = unitText.indexOf("\n[Install]\n");
        if (start < 0) {
            return "";
        }
        int end = unitText.indexOf("\n[", start + 1);
        return end < 0 ? unitText.substring(start + 1) : unitText.substring(start + 1, end + 1);
    }

    /** Whether a unit's text says it is wanted at boot: its spec's startup is auto or delayed. */
    static boolean wantedBy(String unitText) {
        return installSection(unitText).contains("\nWantedBy=");
    }
}
