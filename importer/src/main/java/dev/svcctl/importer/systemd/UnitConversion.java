package dev.svcctl.importer.systemd;

import dev.svcctl.importer.ImportException;
import dev.svcctl.importer.ImportResult;
import dev.svcctl.importer.ImportWarning;
import dev.svcctl.importer.SourceFile;
import dev.svcctl.spec.EnvFileEntry;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LimitsSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecError;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SpecWriter;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.systemd.SystemdBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** One unit's conversion: reads its assignments once, maps each, and remembers what it could not map. */
final class UnitConversion {
    /** systemd's defaults where the spec's differ: the spec states them, so that the unit behaves the same. */
    static final Duration SYSTEMD_RESTART_SEC = Duration.ofMillis(100);
    static final Duration SYSTEMD_STOP_TIMEOUT = Duration.ofSeconds(90);
    static final Duration SYSTEMD_START_LIMIT_INTERVAL = Duration.ofSeconds(10);
    static final int SYSTEMD_START_LIMIT_BURST = 5;
    /** The longest duration a spec takes (ten years), for systemd's "infinity". */
    static final Duration LONGEST = Duration.ofDays(3650);

    /** The settings of each section this class maps; the others go to platform.systemd or become warnings. */
    private static final Set<String> SERVICE_MAPPED = Set.of("Type", "ExecStart", "ExecReload", "Restart",
            "RestartSec", "SuccessExitStatus", "User", "Group", "WorkingDirectory", "Environment", "EnvironmentFile",
            "KillSignal", "KillMode", "TimeoutStopSec", "TimeoutSec", "LimitNOFILE", "LimitNPROC", "MemoryMax",
            "CPUQuota", "Nice", "StandardOutput", "StandardError", "StartLimitIntervalSec", "StartLimitInterval",
            "StartLimitBurst");
    private static final Set<String> UNIT_MAPPED = Set.of("Description", "Requires", "StartLimitIntervalSec",
            "StartLimitInterval", "StartLimitBurst");
    private static final Set<String> INSTALL_MAPPED = Set.of("WantedBy");
    /** Settings systemd resets to empty with an empty assignment, and otherwise adds to. */
    private static final Set<String> LISTS = Set.of("ExecStart", "ExecReload", "Environment", "EnvironmentFile",
            "SuccessExitStatus", "Requires", "WantedBy");

    private final SourceFile source;
    private final String name;
    private final Specifiers specifiers;
    private final List<ImportWarning> warnings = new ArrayList<>();
    /** Effective assignments: the last one of a single-valued setting, every one since the last reset of a list. */
    private final Map<String, List<UnitFile.Assignment>> settings = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> escapeHatch = new LinkedHashMap<>();
    /** Where each escape-hatch directive came from, for a warning when the backend refuses it. */
    private final Map<String, UnitFile.Assignment> escapeSources = new LinkedHashMap<>();
    private ServiceSpec.Builder spec;
    private final Map<String, Integer> specKeyLines = new LinkedHashMap<>();

    UnitConversion(SourceFile source, String unitName) {
        this.source = source;
        this.name = unitName.substring(0, unitName.length() - ".service".length());
        this.specifiers = new Specifiers(unitName);
    }

    ImportResult run() throws ImportException {
        if (ServiceSpec.nameProblem(name) != null) {
            throw new ImportException(source.path(), 0, ServiceSpec.nameProblem(name), "rename the unit file");
        }
        UnitFile unit = UnitFile.parse(source);
        for (UnitFile.Junk junk : unit.junk) {
            warn(junk.file(), junk.line(), "(line)", "systemd ignores this line: it is no KEY=VALUE in a section");
        }
        escapeHatch.put("unit", new LinkedHashMap<>());
        escapeHatch.put("service", new LinkedHashMap<>());
        escapeHatch.put("install", new LinkedHashMap<>());
        for (UnitFile.Assignment a : unit.assignments) {
            String section = switch (a.section()) {
                case "Unit" -> "unit";
                case "Service" -> "service";
                case "Install" -> "install";
                default -> null;
            };
            if (section == null) {
                warn(a, "[" + a.section() + "] is no section of a service unit that svcctl carries; left out");
                continue;
            }
            Set<String> mapped = switch (section) {
                case "unit" -> UNIT_MAPPED;
                case "service" -> SERVICE_MAPPED;
                default -> INSTALL_MAPPED;
            };
            if (mapped.contains(a.key()) || conditional(a.key())) {
                collect(a);
            } else {
                keep(section, a);
            }
        }
        ExecLine command = mainCommand();
        spec = ServiceSpec.builder(name, command.path());
        mapCommand(command);
        mapDescription();
        mapAccount();
        mapEnvironment(command);
        mapRestart();
        mapStop();
        mapReadiness(unit);
        mapReload();
        mapLimits();
        mapLogs();
        mapUnitRelations();
        mapInstall();
        return new ImportResult(List.of(finish()), warnings);
    }

    // ---- collecting ----------------------------------------------------------------------------------------------

    /** Settings mapped only in some units (PIDFile= with Type=forking...): collected, decided later. */
    private static boolean conditional(String key) {
        return key.equals("PIDFile") || key.equals("NotifyAccess") || key.equals("TimeoutStartSec")
                || key.equals("WatchdogSec");
    }

    private void collect(UnitFile.Assignment a) {
        String key = a.key().equals("StartLimitInterval") ? "StartLimitIntervalSec" : a.key();
        List<UnitFile.Assignment> list = settings.computeIfAbsent(key, k -> new ArrayList<>());
        if (!LISTS.contains(key) || a.value().isEmpty()) {
            list.clear();
        }
        if (!a.value().isEmpty() || !LISTS.contains(key)) {
            list.add(a);
        }
    }

    private void keep(String section, UnitFile.Assignment a) {
        escapeHatch.get(section).computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.value());
        escapeSources.putIfAbsent(section + "." + a.key(), a);
    }

    /** The effective single value of a setting, or null when unset (an empty assignment resets it). */
    private UnitFile.Assignment last(String key) {
        List<UnitFile.Assignment> list = settings.getOrDefault(key, List.of());
        if (list.isEmpty() || list.get(list.size() - 1).value().isEmpty()) {
            return null;
        }
        return list.get(list.size() - 1);
    }

    private List<UnitFile.Assignment> all(String key) {
        return settings.getOrDefault(key, List.of());
    }

    /** Moves a collected conditional setting to the escape hatch, when this unit does not map it. */
    private void keepCollected(String key) {
        for (UnitFile.Assignment a : all(key)) {
            keep("service", a);
        }
    }

    private void line(String specKey, UnitFile.Assignment a) {
        specKeyLines.putIfAbsent(specKey, a.line());
    }

    private String resolved(UnitFile.Assignment a, String value) {
        Specifiers.Expanded e = specifiers.expand(value);
        if (e.text() == null) {
            warn(a, e.problem() + (e.unknown() ? "" : "; taken as written, so svcctl passes it literally"));
            return value;
        }
        return e.text();
    }

    // ---- the program -----------------------------------------------------------------------------------------------

    private ExecLine mainCommand() throws ImportException {
        UnitFile.Assignment type = last("Type");
        if (type != null && type.value().equals("oneshot")) {
            throw refusal(type, "Type=oneshot runs a task to its end; svcctl runs long-lived services",
                    "run the task from a timer or a script instead");
        }
        List<ExecLine> commands = new ArrayList<>();
        UnitFile.Assignment where = null;
        for (UnitFile.Assignment a : all("ExecStart")) {
            List<String> host = new ArrayList<>();
            try {
                List<ExecLine> parsed = ExecLine.parse(a.value(), specifiers, host);
                commands.addAll(parsed);
                where = a;
                for (String problem : host) {
                    warn(a, problem + "; the word is taken as written, so svcctl passes it literally");
                }
            } catch (Words.SyntaxError e) {
                warn(a, "systemd ignores this line: " + e.getMessage());
            }
        }
        if (commands.isEmpty()) {
            throw refusal(where, "the unit has no ExecStart= command", "a service unit needs one ExecStart=");
        }
        if (commands.size() > 1) {
            throw refusal(where, "the unit runs " + commands.size() + " ExecStart= commands; svcctl runs one program",
                    "start them from one script, or import them as separate units");
        }
        line("exec", where);
        return commands.get(0);
    }

    private void mapCommand(ExecLine command) {
        UnitFile.Assignment a = all("ExecStart").get(all("ExecStart").size() - 1);
        for (char prefix : command.prefixes().replace("!!", "!").toCharArray()) {
            switch (prefix) {
                case '-' -> warn(a, "the '-' prefix (a failing exit counts as success) has no spec key; left out");
                case '@' -> warn(a, "the '@' prefix sets argv[0] to '" + command.argv().get(0) + "'; svcctl passes"
                        + " the program's path as argv[0]");
                case '+', '!' -> warn(a, "the '" + prefix + "' prefix (privileges beyond User=) has no spec key;"
                        + " left out");
                default -> {
                }
            }
        }
        if (command.path().indexOf('$') >= 0 && !command.has('@') && !command.has(':')) {
            warn(a, "the program's path holds '$': systemd expands it in argv[0] but not in the path; svcctl passes"
                    + " it as written");
        }
        spec.exec(command.path());
    }

    /** The arguments after {@code $} expansion, with Environment= known: exact, or as written with a warning. */
    private void mapArgs(ExecLine command, Map<String, String> env, boolean envFiles) {
        UnitFile.Assignment a = all("ExecStart").get(all("ExecStart").size() - 1);
        List<String> argv = command.argv();
        List<String> args = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String word = argv.get(i);
            if (command.has(':')) {
                args.add(word);
                continue;
            }
            List<String> unknown = new ArrayList<>();
            ExecLine.Expansion expansion;
            try {
                expansion = ExecLine.expand(word, variable -> {
                    if (envFiles || !env.containsKey(variable)) {
                        unknown.add(variable);
                    }
                    return env.get(variable);
                });
            } catch (Words.SyntaxError e) {
                warn(a, e.getMessage() + "; the word '" + word + "' is passed as written");
                args.add(word);
                continue;
            }
            if (unknown.isEmpty()) {
                args.addAll(expansion.words());
                continue;
            }
            String variable = unknown.get(0);
            if (envFiles) {
                warn(a, "$" + variable + " may come from EnvironmentFile=, which systemd reads at start and svcctl"
                        + " cannot expand; the word '" + word + "' is passed as written");
            } else {
                warn(a, "$" + variable + " is not set by the unit (systemd takes it from its own environment);"
                        + " the word '" + word + "' is passed as written");
            }
            args.add(word);
        }
        spec.args(args);
    }

    private void mapDescription() {
        UnitFile.Assignment d = last("Description");
        if (d != null) {
            spec.description(resolved(d, d.value()));
            line("description", d);
        }
    }

    private void mapAccount() {
        UnitFile.Assignment user = last("User");
        if (user != null) {
            spec.user(resolved(user, user.value()));
            line("user", user);
        }
        UnitFile.Assignment group = last("Group");
        if (group != null) {
            spec.group(resolved(group, group.value()));
            line("group", group);
        }
        UnitFile.Assignment dir = last("WorkingDirectory");
        if (dir != null) {
            String value = dir.value();
            if (value.startsWith("-")) {
                warn(dir, "the '-' prefix (a missing directory is no error) has no spec key; svcctl needs the"
                        + " directory");
                value = value.substring(1);
            }
            if (value.equals("~") || value.startsWith("~/")) {
                warn(dir, "'~' (the home of User=) is known only on the host; left out");
            } else {
                spec.workingDirectory(resolved(dir, value));
                line("workingDirectory", dir);
            }
        }
    }

    private void mapEnvironment(ExecLine command) {
        Map<String, String> env = new LinkedHashMap<>();
        for (UnitFile.Assignment a : all("Environment")) {
            List<Words.Word> words;
            try {
                words = Words.all(a.value());
            } catch (Words.SyntaxError e) {
                warn(a, "systemd ignores this line: " + e.getMessage());
                continue;
            }
            for (Words.Word w : words) {
                Specifiers.Expanded e = specifiers.expand(w.text());
                if (e.text() == null && e.unknown()) {
                    warn(a, "systemd ignores '" + w.text() + "': " + e.problem());
                    continue;
                }
                String assignment = e.text() == null ? w.text() : e.text();
                if (e.text() == null) {
                    warn(a, e.problem() + "; '" + w.text() + "' is taken as written");
                }
                int eq = assignment.indexOf('=');
                if (eq <= 0 || !ExecLine.validName(assignment.substring(0, eq))) {
                    warn(a, "systemd ignores '" + assignment + "': it is no NAME=VALUE assignment");
                    continue;
                }
                String variable = assignment.substring(0, eq);
                env.remove(variable);
                env.put(variable, assignment.substring(eq + 1));
                line("env", a);
            }
        }
        spec.env(env);
        List<EnvFileEntry> files = new ArrayList<>();
        for (UnitFile.Assignment a : all("EnvironmentFile")) {
            String value = resolved(a, a.value());
            EnvFileEntry entry = EnvFileEntry.parse(value);
            if (entry.path().matches(".*[*?\\[].*")) {
                warn(a, "a glob pattern: systemd reads every file it matches, a spec names each file; left out");
                continue;
            }
            files.add(entry);
            line("envFile", a);
        }
        spec.envFiles(files);
        mapArgs(command, env, !files.isEmpty());
    }

    // ---- restart and stop ------------------------------------------------------------------------------------------

    private void mapRestart() {
        RestartPolicy policy = RestartPolicy.NEVER;
        UnitFile.Assignment restart = last("Restart");
        if (restart != null) {
            line("restart", restart);
            switch (restart.value()) {
                case "no" -> policy = RestartPolicy.NEVER;
                case "always" -> policy = RestartPolicy.ALWAYS;
                case "on-failure" -> policy = RestartPolicy.ON_FAILURE;
                case "on-abnormal", "on-abort", "on-watchdog" -> {
                    policy = RestartPolicy.ON_FAILURE;
                    warn(restart, "'" + restart.value() + "' has no spec equivalent; imported as on-failure, which"
                            + " also restarts after an unclean exit code");
                }
                case "on-success" -> {
                    policy = RestartPolicy.ALWAYS;
                    warn(restart, "'on-success' has no spec equivalent; imported as always");
                }
                default -> warn(restart, "systemd does not know '" + restart.value() + "' (it ignores the line)");
            }
        }
        Duration delay = SYSTEMD_RESTART_SEC;
        UnitFile.Assignment sec = last("RestartSec");
        if (sec != null) {
            Duration d = duration(sec, false);
            if (d != null) {
                delay = d;
                line("restart", sec);
            }
        }
        Duration window = SYSTEMD_START_LIMIT_INTERVAL;
        UnitFile.Assignment interval = last("StartLimitIntervalSec");
        if (interval != null) {
            Duration d = duration(interval, false);
            if (d != null && d.isZero()) {
                warn(interval, "0 turns systemd's start rate limit off; a spec always has one (window 10s kept)");
            } else if (d != null) {
                window = d;
            }
        }
        int burst = SYSTEMD_START_LIMIT_BURST;
        UnitFile.Assignment b = last("StartLimitBurst");
        if (b != null) {
            try {
                int n = Integer.parseInt(b.value());
                if (n < 1 || n > 10000) {
                    throw new NumberFormatException();
                }
                burst = n;
            } catch (NumberFormatException e) {
                warn(b, "'" + b.value() + "' is not a burst of 1 to 10000 starts; left out");
            }
        }
        List<Integer> codes = new ArrayList<>(List.of(0));
        for (UnitFile.Assignment a : all("SuccessExitStatus")) {
            for (String word : a.value().split("\\s+")) {
                if (word.matches("\\d{1,3}") && Integer.parseInt(word) <= 255) {
                    if (!codes.contains(Integer.parseInt(word))) {
                        codes.add(Integer.parseInt(word));
                    }
                } else {
                    warn(a, "'" + word + "': a spec lists exit codes only (svcctl counts its stop signal as clean"
                            + " itself); left out");
                }
            }
            if (policy == RestartPolicy.NEVER && codes.size() > 1) {
                warn(a, "with Restart=no, svcctl does not write restart.successExitCodes to the unit");
            }
        }
        spec.restart(new RestartSpec(policy, delay, Optional.empty(), burst, window, codes));
    }

    private void mapStop() {
        Signal signal = Signal.TERM;
        UnitFile.Assignment kill = last("KillSignal");
        if (kill != null) {
            Signal s = signal(kill.value());
            if (s == null) {
                warn(kill, "svcctl stops with TERM, INT, HUP, QUIT, KILL, USR1 or USR2; '" + kill.value()
                        + "' left out (TERM)");
            } else {
                signal = s;
                line("stop", kill);
            }
        }
        Duration timeout = SYSTEMD_STOP_TIMEOUT;
        for (String key : List.of("TimeoutSec", "TimeoutStopSec")) {
            UnitFile.Assignment t = last(key);
            if (t == null) {
                continue;
            }
            Duration d = duration(t, true);
            if (d != null && d.isZero()) {
                warn(t, "0 means 'wait forever' to systemd; a spec's stop.timeout is longer than 0, so the longest"
                        + " one (3650d) is used");
                d = LONGEST;
            }
            if (d != null) {
                timeout = d;
                line("stop", t);
            }
        }
        StopMode mode = StopMode.GROUP;
        UnitFile.Assignment killMode = last("KillMode");
        if (killMode != null) {
            switch (killMode.value()) {
                case "control-group", "mixed" -> mode = StopMode.GROUP;
                case "process" -> mode = StopMode.PROCESS;
                default -> warn(killMode, "'" + killMode.value() + "' has no spec equivalent; the whole process"
                        + " tree is stopped (stop.mode: group)");
            }
        }
        spec.stop(new StopSpec(signal, timeout, mode));
    }

    static Signal signal(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.startsWith("SIG")) {
            v = v.substring(3);
        }
        for (Signal s : Signal.values()) {
            if (s.name().equals(v) || Integer.toString(s.linuxNumber()).equals(v)) {
                return s;
            }
        }
        return null;
    }

    // ---- readiness and reload --------------------------------------------------------------------------------------

    private void mapReadiness(UnitFile unit) throws ImportException {
        UnitFile.Assignment type = last("Type");
        String kind = type == null ? "simple" : type.value();
        Duration startTimeout = ReadinessSpec.DEFAULT_TIMEOUT;
        UnitFile.Assignment start = last("TimeoutStartSec");
        UnitFile.Assignment both = last("TimeoutSec");
        UnitFile.Assignment startSource = start != null ? start : both;
        switch (kind) {
            case "notify" -> {
                Duration timeout = startSource == null ? startTimeout : startTimeout(startSource);
                spec.readiness(ReadinessSpec.notify(timeout));
                line("readiness", type);
                UnitFile.Assignment access = last("NotifyAccess");
                if (access != null && !access.value().equals("main")) {
                    warn(access, "svcctl takes notifications from the main process only (NotifyAccess=main)");
                }
                UnitFile.Assignment dog = last("WatchdogSec");
                if (dog != null) {
                    Duration d = duration(dog, false);
                    if (d != null && !d.isZero()) {
                        spec.watchdog(d);
                        line("watchdog", dog);
                    }
                }
                keepUnmapped("PIDFile");
                return;
            }
            case "forking" -> {
                UnitFile.Assignment pid = last("PIDFile");
                if (pid == null) {
                    throw refusal(type, "Type=forking without PIDFile=: svcctl follows a daemon that forks through"
                            + " the file that names its pid", "add PIDFile= (the daemon's pid file) and import again");
                }
                Duration timeout = startSource == null ? startTimeout : startTimeout(startSource);
                spec.readiness(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, resolved(pid, pid.value()), List.of(),
                        timeout));
                line("readiness", type);
                keepUnmapped("NotifyAccess");
                keepUnmapped("WatchdogSec");
                return;
            }
            case "simple" -> {
            }
            case "exec", "idle" -> warn(type, "Type=" + kind + " has no spec equivalent; imported as started-is-ready"
                    + " (Type=simple)");
            case "dbus" -> warn(type, "Type=dbus (ready once its bus name is taken) has no spec equivalent;"
                    + " imported as started-is-ready (Type=simple)");
            default -> warn(type, "Type=" + kind + " has no spec equivalent; imported as Type=simple");
        }
        keepUnmapped("PIDFile");
        keepUnmapped("NotifyAccess");
        keepUnmapped("WatchdogSec");
        keepUnmapped("TimeoutStartSec");
        if (start == null && both != null) {
            keep("service", new UnitFile.Assignment("Service", "TimeoutStartSec", both.value(), both.file(),
                    both.line()));
        }
    }

    private void keepUnmapped(String key) {
        keepCollected(key);
    }

    private Duration startTimeout(UnitFile.Assignment a) {
        Duration d = duration(a, true);
        if (d == null) {
            return ReadinessSpec.DEFAULT_TIMEOUT;
        }
        if (d.isZero()) {
            warn(a, "0 means 'wait forever' to systemd; the longest readiness.timeout (3650d) is used");
            return LONGEST;
        }
        return d;
    }

    private void mapReload() {
        List<UnitFile.Assignment> lines = all("ExecReload");
        if (lines.isEmpty()) {
            return;
        }
        UnitFile.Assignment a = lines.get(lines.size() - 1);
        List<ExecLine> commands = new ArrayList<>();
        for (UnitFile.Assignment l : lines) {
            try {
                List<String> host = new ArrayList<>();
                commands.addAll(ExecLine.parse(l.value(), specifiers, host));
                if (!host.isEmpty()) {
                    warn(l, host.get(0) + "; reload left out");
                    return;
                }
            } catch (Words.SyntaxError e) {
                warn(l, "systemd ignores this line: " + e.getMessage());
            }
        }
        if (commands.size() != 1) {
            warn(a, "a spec reloads with one command; the " + commands.size() + " ExecReload= commands are left out");
            return;
        }
        ExecLine reload = commands.get(0);
        Signal signal = killMainPid(reload);
        if (signal != null) {
            spec.reloadSignal(signal);
            line("reload", a);
            return;
        }
        if (!reload.prefixes().replace(":", "").isEmpty()) {
            warn(a, "the prefixes '" + reload.prefixes() + "' have no spec key; reload left out");
            return;
        }
        if (!reload.has(':') && reload.argv().stream().anyMatch(w -> w.indexOf('$') >= 0)) {
            warn(a, "reload.exec is run without $ expansion (svcctl gives it $MAINPID in its environment); reload"
                    + " left out");
            return;
        }
        List<String> argv = new ArrayList<>(reload.argv());
        argv.set(0, reload.path());
        spec.reloadExec(argv);
        line("reload", a);
    }

    /** {@code kill -HUP $MAINPID}, {@code /bin/kill -s USR1 $MAINPID} and the like: a reload signal. */
    private static Signal killMainPid(ExecLine line) {
        String base = line.path().substring(line.path().lastIndexOf('/') + 1);
        List<String> argv = line.argv();
        if (!base.equals("kill") || line.has(':') || !line.prefixes().replace("-", "").isEmpty()
                || !List.of("$MAINPID", "${MAINPID}").contains(argv.get(argv.size() - 1))) {
            return null;
        }
        if (argv.size() == 3 && argv.get(1).startsWith("-")) {
            return signal(argv.get(1).substring(1));
        }
        if (argv.size() == 4 && (argv.get(1).equals("-s") || argv.get(1).equals("--signal"))) {
            return signal(argv.get(2));
        }
        return null;
    }

    // ---- limits and logs -------------------------------------------------------------------------------------------

    private void mapLimits() {
        OptionalLong openFiles = rlimit("LimitNOFILE");
        OptionalLong processes = rlimit("LimitNPROC");
        OptionalLong memory = OptionalLong.empty();
        UnitFile.Assignment mem = last("MemoryMax");
        if (mem != null) {
            try {
                long bytes = Values.bytes(mem.value());
                if (bytes < 0) {
                    warn(mem, "'infinity' is the default; left out");
                } else {
                    memory = OptionalLong.of(bytes);
                    line("limits", mem);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                warn(mem, "a spec's limits.memory is a size in bytes; '" + mem.value() + "' left out");
            }
        }
        OptionalInt cpu = OptionalInt.empty();
        UnitFile.Assignment quota = last("CPUQuota");
        if (quota != null) {
            if (quota.value().matches("[1-9]\\d{0,6}%")) {
                cpu = OptionalInt.of(Integer.parseInt(quota.value().substring(0, quota.value().length() - 1)));
                line("limits", quota);
            } else {
                warn(quota, "a spec's limits.cpu is a whole percentage; '" + quota.value() + "' left out");
            }
        }
        spec.limits(new LimitsSpec(openFiles, processes, memory, cpu));
        UnitFile.Assignment nice = last("Nice");
        if (nice != null) {
            try {
                int n = Integer.parseInt(nice.value());
                if (n < -20 || n > 19) {
                    throw new NumberFormatException();
                }
                spec.priority(n);
                line("priority", nice);
            } catch (NumberFormatException e) {
                warn(nice, "'" + nice.value() + "' is no nice value from -20 to 19; left out");
            }
        }
    }

    private OptionalLong rlimit(String key) {
        UnitFile.Assignment a = last(key);
        if (a == null) {
            return OptionalLong.empty();
        }
        String[] parts = a.value().split(":", -1);
        if (parts.length <= 2 && parts[0].matches("\\d{1,10}") && (parts.length == 1 || parts[1].equals(parts[0]))) {
            long n = Long.parseLong(parts[0]);
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                line("limits", a);
                return OptionalLong.of(n);
            }
        }
        warn(a, "a spec sets one number for both the soft and the hard limit, from 1 to 2147483647; '" + a.value()
                + "' left out");
        return OptionalLong.empty();
    }

    private void mapLogs() {
        LogTarget stdout = logTarget("StandardOutput");
        LogTarget stderr = logTarget("StandardError");
        spec.logs(new LogsSpec(stdout, stderr, Optional.empty(), Optional.empty()));
    }

    private LogTarget logTarget(String key) {
        UnitFile.Assignment a = last(key);
        if (a == null) {
            return key.equals("StandardError") ? LogTarget.INHERIT : LogTarget.JOURNAL;
        }
        line("logs", a);
        return switch (a.value()) {
            case "journal" -> LogTarget.JOURNAL;
            case "inherit" -> LogTarget.INHERIT;
            case "null" -> LogTarget.DISCARD;
            default -> {
                warn(a, "'" + a.value() + "' has no spec equivalent; the journal is used");
                yield LogTarget.JOURNAL;
            }
        };
    }

    // ---- dependencies and installation -----------------------------------------------------------------------------

    private void mapUnitRelations() {
        Set<String> after = new LinkedHashSet<>();
        for (String value : escapeHatch.get("unit").getOrDefault("After", List.of())) {
            if (value.isEmpty()) {
                after.clear();
            }
            for (String word : value.split("\\s+")) {
                if (!word.isEmpty()) {
                    after.add(resolvedQuietly(word));
                }
            }
        }
        List<String> depends = new ArrayList<>();
        for (UnitFile.Assignment a : all("Requires")) {
            for (String word : a.value().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                String unit = resolved(a, word);
                depends.add(unit);
                line("dependsOn", a);
                if (!after.contains(unit)) {
                    warn(a, "svcctl starts what a service requires first (After=" + unit + "), as this unit did not");
                }
            }
        }
        spec.dependsOn(depends);
    }

    private String resolvedQuietly(String word) {
        Specifiers.Expanded e = specifiers.expand(word);
        return e.text() == null ? word : e.text();
    }

    private void mapInstall() {
        List<String> targets = new ArrayList<>();
        UnitFile.Assignment where = null;
        for (UnitFile.Assignment a : all("WantedBy")) {
            for (String word : a.value().split("\\s+")) {
                if (!word.isEmpty()) {
                    targets.add(resolvedQuietly(word));
                    where = a;
                }
            }
        }
        if (targets.isEmpty()) {
            spec.startup(Startup.MANUAL);
        } else if (targets.equals(List.of("multi-user.target"))) {
            spec.startup(Startup.AUTO);
            line("startup", where);
        } else {
            spec.startup(Startup.MANUAL);
            warn(where, "svcctl enables a system service for multi-user.target only; WantedBy=" + String.join(" ",
                    targets) + " left out (startup: manual)");
        }
    }

    // ---- the result --------------------------------------------------------------------------------------------------

    /**
     * The spec, after the systemd backend's own check: an escape-hatch directive it refuses (one svcctl writes from
     * a spec key, a value it cannot carry) is left out with a warning at its source line; any other problem, or a
     * value the spec refuses, makes the unit one svcctl cannot import.
     */
    private ServiceSpec finish() throws ImportException {
        SystemdBackend backend = new SystemdBackend();
        for (int round = 0; ; round++) {
            ServiceSpec built = spec.platform(new PlatformSpec(new PlatformSpec.Systemd(escapeHatch.get("unit"),
                    escapeHatch.get("service"), escapeHatch.get("install")), PlatformSpec.Windows.DEFAULT,
                    PlatformSpec.Launchd.DEFAULT)).build();
            List<SpecProblem> problems = backend.check(built);
            boolean dropped = false;
            for (SpecProblem problem : problems) {
                String key = problem.keyPath();
                if (key.startsWith("platform.systemd.") && round < 3) {
                    String[] parts = key.substring("platform.systemd.".length()).split("\\.", 2);
                    String directive = parts[1].replaceAll("\\[\\d+]$", "");
                    if (escapeHatch.get(parts[0]).remove(directive) != null) {
                        UnitFile.Assignment from = escapeSources.get(parts[0] + "." + directive);
                        warn(from, problem.message() + "; left out");
                        dropped = true;
                    }
                } else {
                    throw new ImportException(source.path(), specKeyLines.getOrDefault(key.split("[.\\[]")[0], 0),
                            "the imported " + key + " cannot be rendered for systemd: " + problem.message(),
                            problem.hint().orElse(null));
                }
            }
            if (dropped) {
                continue;
            }
            try {
                return SpecLoader.parse(name + ".yaml", SpecWriter.write(built)).spec();
            } catch (InvalidSpecException e) {
                SpecError first = e.errors().get(0);
                String key = first.message().contains(":") ? first.message().substring(0,
                        first.message().indexOf(':')) : "";
                throw new ImportException(source.path(), specKeyLines.getOrDefault(key.split("[.\\[]")[0], 0),
                        "the imported spec is invalid: " + first.message(), first.hint().orElse(null));
            }
        }
    }

    // ---- warnings ----------------------------------------------------------------------------------------------------

    private Duration duration(UnitFile.Assignment a, boolean infinityIsZero) {
        long micros;
        try {
            micros = Values.micros(a.value());
        } catch (IllegalArgumentException | ArithmeticException e) {
            warn(a, e.getMessage() + " (systemd ignores the line)");
            return null;
        }
        if (micros < 0) {
            if (infinityIsZero) {
                return Duration.ZERO;
            }
            warn(a, "'infinity' has no spec equivalent; left out");
            return null;
        }
        Duration d = Values.millisOnly(micros);
        if (d == null) {
            d = Duration.ofMillis(micros / 1000 + 1);
            warn(a, "a spec counts in milliseconds; " + a.value() + " rounded up to " + d.toMillis() + "ms");
        }
        if (d.compareTo(LONGEST) > 0) {
            warn(a, "longer than the longest duration a spec takes; 3650d used");
            d = LONGEST;
        }
        return d;
    }

    private void warn(UnitFile.Assignment a, String message) {
        if (a == null) {
            warnings.add(new ImportWarning(source.path(), 0, name, "(unit)", message));
        } else {
            warnings.add(new ImportWarning(a.file(), a.line(), name, a.key(), message));
        }
    }

    private void warn(String file, int line, String setting, String message) {
        warnings.add(new ImportWarning(file, line, name, setting, message));
    }

    private ImportException refusal(UnitFile.Assignment a, String message, String hint) {
        return a == null ? new ImportException(source.path(), 0, message, hint)
                : new ImportException(a.file(), a.line(), message, hint);
    }
}
