package dev.svcctl.spec;

import static dev.svcctl.spec.NodeReader.DURATION;
import static dev.svcctl.spec.NodeReader.LENIENT_STRING;
import static dev.svcctl.spec.NodeReader.SIGNAL;
import static dev.svcctl.spec.NodeReader.STRING;

import dev.svcctl.spec.NodeReader.MapNode;
import dev.svcctl.spec.NodeReader.ValueReader;
import dev.svcctl.spec.SpecKey.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Spec v1 and the model, both ways: the table of keys ({@link #KEYS}, in the order of the contract), the mapping
 * of a file's nodes to a {@link ServiceSpec} ({@link #read}) and of a model's fields to the keys' values
 * ({@link #valueOf}, which {@link SpecWriter} writes). A new key is a row here, a line in {@link #read} (or in one
 * of its sections) and a case in {@link #valueOf}; the schema-agreement tests hold the schema to this table.
 *
 * <p>Plain calls and loops rather than lambdas, method references and streams: svcctl reads one spec per short
 * run, and linking a lambda's call site costs such a run about 0.3 ms each (bench/startup). The value readers are
 * the exception, one instance each, linked once.
 */
final class SpecMapping {
    static final SpecKey[] KEYS = {
            new SpecKey("name", Type.TEXT, null,
                    "Required. The service name: the systemd unit is NAME.service, the SCM service name is NAME, "
                    + "the launchd label defaults to NAME."),
            new SpecKey("displayName", Type.TEXT, null,
                    "Windows SCM display name; defaults to name."),
            new SpecKey("description", Type.TEXT, null,
                    "What the service does, one line."),
            new SpecKey("exec", Type.TEXT, null,
                    "Required. The program: an absolute path, or a bare command name resolved on PATH at install "
                    + "time."),
            new SpecKey("args", Type.TEXT_LIST, "[]",
                    "Arguments passed to the program exactly: no shell, no splitting. Numbers and booleans are "
                    + "taken as written."),
            new SpecKey("workingDirectory", Type.TEXT, null,
                    "The directory the program starts in (absolute)."),
            new SpecKey("user", Type.TEXT, null,
                    "The account to run as; root (systemd, launchd) or LocalSystem (Windows) when absent."),
            new SpecKey("group", Type.TEXT, null,
                    "The group to run as."),
            new SpecKey("env", Type.TEXT_MAP, "{}",
                    "Environment variables, name -> value, passed exactly. Numbers and booleans are taken as "
                    + "written; write \"\" for an empty value."),
            new SpecKey("envFile", Type.TEXT_LIST, "[]",
                    "KEY=VALUE files read at start with systemd's EnvironmentFile= rules, in order (later files "
                    + "win): an absolute path or a list of them; a leading '-' makes a file optional."),
            new SpecKey("scope", Type.ENUM, "\"system\"",
                    "system: a system service. user: a systemd --user unit, a launchd LaunchAgent, a Windows "
                    + "at-logon task."),
            new SpecKey("startup", Type.ENUM, "\"auto\"",
                    "When the service starts: at boot (auto), a little after boot (delayed), only on request "
                    + "(manual), never (disabled)."),
            new SpecKey("dependsOn", Type.TEXT_LIST, "[]",
                    "Other services (by name) that must be started first."),
            new SpecKey("after", Type.TEXT_LIST, "[]",
                    "Portable milestones to wait for before starting."),
            new SpecKey("restart", Type.SECTION, null,
                    "When and how the service is restarted."),
            new SpecKey("restart.policy", Type.ENUM, "\"always\"",
                    "always | on-failure | never."),
            new SpecKey("restart.delay", Type.DURATION, "\"1s\"",
                    "Pause before a restart."),
            new SpecKey("restart.maxDelay", Type.DURATION, null,
                    "Cap of the exponential backoff where the platform or supervisor supports it; not shorter "
                    + "than delay."),
            new SpecKey("restart.burst", Type.INTEGER, "5",
                    "Give up after this many restarts within window."),
            new SpecKey("restart.window", Type.DURATION, "\"60s\"",
                    "The time window for burst."),
            new SpecKey("restart.successExitCodes", Type.INTEGER_LIST, "[0]",
                    "Exit codes that count as clean: on-failure does not restart them."),
            new SpecKey("restart.onExit", Type.EXIT_ACTIONS, null,
                    "Per exit code (0-255, as a string key), restart or stop whatever the policy says: \"3\": stop "
                    + "never restarts after exit 3; a forced restart still counts toward burst."),
            new SpecKey("stop", Type.SECTION, null,
                    "How the service is stopped."),
            new SpecKey("stop.signal", Type.SIGNAL, "\"TERM\"",
                    "The stop signal."),
            new SpecKey("stop.mode", Type.ENUM, "\"group\"",
                    "What a stop ends: the whole process tree (group) or the main process only (process)."),
            new SpecKey("stop.timeout", Type.DURATION, "\"30s\"",
                    "How long to wait after the signal (longer than 0); then the whole process tree is killed."),
            new SpecKey("reload", Type.SECTION, null,
                    "How `svcctl reload NAME` reloads the service."),
            new SpecKey("reload.signal", Type.SIGNAL, null,
                    "The reload signal, e.g. HUP; give exactly one of signal or exec."),
            new SpecKey("reload.exec", Type.TEXT_LIST, null,
                    "Reload by running this command (the program, then its arguments; no shell) with $MAINPID set "
                    + "to the program's pid; give exactly one of signal or exec."),
            new SpecKey("logs", Type.SECTION, null,
                    "Where output goes."),
            new SpecKey("logs.stdout", Type.ENUM, "\"default\"",
                    "default (journal on systemd, file elsewhere) | file | journal | inherit | discard."),
            new SpecKey("logs.stderr", Type.ENUM, "\"default\"",
                    "default (journal on systemd, file elsewhere) | file | journal | inherit | discard."),
            new SpecKey("logs.dir", Type.TEXT, null,
                    "Directory of the log files; default /var/log/svcctl/NAME, %ProgramData%\\svcctl\\logs\\NAME, "
                    + "/Library/Logs/svcctl/NAME."),
            new SpecKey("logs.rotate", Type.SECTION, null,
                    "Rotation of file logs."),
            new SpecKey("logs.rotate.size", Type.SIZE, null,
                    "Rotate when a file reaches this size, e.g. 10MB."),
            new SpecKey("logs.rotate.every", Type.ENUM, "\"none\"",
                    "Rotate on a schedule."),
            new SpecKey("logs.rotate.keep", Type.INTEGER, "7",
                    "How many rotated files to keep."),
            new SpecKey("logs.rotate.compress", Type.BOOLEAN, "false",
                    "Compress rotated files."),
            new SpecKey("logs.rotate.maxTotal", Type.SIZE, null,
                    "Delete the oldest rotated files beyond this total size, e.g. 1GB."),
            new SpecKey("limits", Type.SECTION, null,
                    "Resource limits."),
            new SpecKey("limits.openFiles", Type.INTEGER, null,
                    "Maximum open files (systemd LimitNOFILE)."),
            new SpecKey("limits.processes", Type.INTEGER, null,
                    "Maximum processes (systemd LimitNPROC)."),
            new SpecKey("limits.memory", Type.SIZE, null,
                    "Hard memory limit where the platform has one (systemd MemoryMax, Windows job object)."),
            new SpecKey("limits.cpu", Type.PERCENT, null,
                    "CPU quota as a percentage of one CPU: 50% is half a CPU, 150% one and a half (systemd "
                    + "CPUQuota, Windows job object rate)."),
            new SpecKey("priority", Type.INTEGER, null,
                    "Nice value -20 (highest) to 19 (lowest); the Windows priority class is derived."),
            new SpecKey("hardening", Type.ENUM, "\"none\"",
                    "none | basic | strict: a sandboxing preset mapped per platform (systemd sandboxing "
                    + "directives, a restricted Windows service SID); docs/spec.md says what each sets where."),
            new SpecKey("hooks", Type.SECTION, null,
                    "Commands run around the program with the service's user, environment and working directory; "
                    + "give preStart, postStop or both."),
            new SpecKey("hooks.preStart", Type.TEXT_LIST, null,
                    "Run before every start of the program (the program, then its arguments; no shell); when it "
                    + "fails or times out, that start has failed."),
            new SpecKey("hooks.postStop", Type.TEXT_LIST, null,
                    "Run after every end of the program, however it ended (the program, then its arguments; no "
                    + "shell)."),
            new SpecKey("hooks.timeout", Type.DURATION, "\"90s\"",
                    "How long each hook may run (longer than 0); then its whole process tree is killed."),
            new SpecKey("cpuAffinity", Type.INTEGER_LIST, null,
                    "The CPUs (numbered from 0) the program may run on, e.g. [0, 2] (systemd CPUAffinity=, the "
                    + "supervisor elsewhere; not on macOS)."),
            new SpecKey("healthCheck", Type.SECTION, null,
                    "A health check run by the svcctl supervisor; give exactly one of http, tcp or exec."),
            new SpecKey("healthCheck.http", Type.TEXT, null,
                    "Probe: an HTTP GET of this http(s) URL."),
            new SpecKey("healthCheck.tcp", Type.TEXT, null,
                    "Probe: connect to HOST:PORT."),
            new SpecKey("healthCheck.exec", Type.TEXT_LIST, null,
                    "Probe: run this command: the program, then its arguments (no shell)."),
            new SpecKey("healthCheck.interval", Type.DURATION, "\"10s\"",
                    "Time between probes."),
            new SpecKey("healthCheck.timeout", Type.DURATION, "\"2s\"",
                    "How long one probe may take."),
            new SpecKey("healthCheck.retries", Type.INTEGER, "3",
                    "Consecutive failures before the program is restarted."),
            new SpecKey("healthCheck.startPeriod", Type.DURATION, "\"0\"",
                    "Failures during this time after start do not count."),
            new SpecKey("readiness", Type.SECTION, null,
                    "When the program is ready (default: as soon as it has started); give exactly one of notify, "
                    + "tcp, http, exec or pidFile."),
            new SpecKey("readiness.notify", Type.BOOLEAN, null,
                    "true: the program sends READY=1 over $NOTIFY_SOCKET (the sd_notify protocol)."),
            new SpecKey("readiness.tcp", Type.TEXT, null,
                    "Ready when a connection to HOST:PORT succeeds."),
            new SpecKey("readiness.http", Type.TEXT, null,
                    "Ready when a GET of this http(s) URL answers 2xx."),
            new SpecKey("readiness.exec", Type.TEXT_LIST, null,
                    "Ready when this command (the program, then its arguments; no shell) exits 0."),
            new SpecKey("readiness.pidFile", Type.TEXT, null,
                    "A daemon that forks: ready when this file (absolute path) names a live process."),
            new SpecKey("readiness.timeout", Type.DURATION, "\"90s\"",
                    "Not ready by then: the start has failed."),
            new SpecKey("watchdog", Type.DURATION, null,
                    "Needs readiness.notify: the program sends WATCHDOG=1 at least this often, else it is restarted "
                    + "as if it had crashed."),
            new SpecKey("supervisor", Type.ENUM, "\"auto\"",
                    "native: the init system runs the program directly. svcctl: the init system runs `svcctl "
                    + "run`, which hosts the program. auto: svcctl when something needs it (healthCheck, file log "
                    + "rotation on systemd/launchd); always svcctl on Windows."),
            new SpecKey("platform", Type.SECTION, null,
                    "Platform-only settings and escape hatches."),
            new SpecKey("platform.systemd", Type.SECTION, null,
                    "systemd escape hatches: extra directives per unit section."),
            new SpecKey("platform.systemd.unit", Type.DIRECTIVES, "{}",
                    "Extra [Unit] directives."),
            new SpecKey("platform.systemd.service", Type.DIRECTIVES, "{}",
                    "Extra [Service] directives."),
            new SpecKey("platform.systemd.install", Type.DIRECTIVES, "{}",
                    "Extra [Install] directives."),
            new SpecKey("platform.windows", Type.SECTION, null,
                    "Windows SCM settings."),
            new SpecKey("platform.windows.account", Type.TEXT, "\"LocalSystem\"",
                    "LocalSystem | LocalService | NetworkService | virtual | DOMAIN\\user | user@domain | gMSA$."),
            new SpecKey("platform.windows.passwordEnv", Type.TEXT, null,
                    "Name of an environment variable that holds the account's password at install time; the "
                    + "password is never stored in clear."),
            new SpecKey("platform.windows.failureActions", Type.ENUM_OR_LIST, "\"auto\"",
                    "auto: derived from restart. none: no SCM failure actions. Or a list of steps, the last "
                    + "repeating: {action: restart|run|reboot, delay: 10s, command: for run}."),
            new SpecKey("platform.windows.failureResetPeriod", Type.DURATION, null,
                    "Time without failure after which SCM starts again at the first step; defaults to "
                    + "restart.window."),
            new SpecKey("platform.windows.preshutdownTimeout", Type.DURATION, null,
                    "How long Windows waits for the service at shutdown, e.g. 3m."),
            new SpecKey("platform.windows.eventLog", Type.BOOLEAN, "true",
                    "Write service events to the Windows event log."),
            new SpecKey("platform.windows.sidType", Type.ENUM, null,
                    "The service SID: none | unrestricted | restricted (a write-restricted token); derived from "
                    + "hardening when absent."),
            new SpecKey("platform.windows.requiredPrivileges", Type.TEXT_LIST, null,
                    "The only privileges the service's token keeps, e.g. [SeChangeNotifyPrivilege]; derived from "
                    + "hardening when absent."),
            new SpecKey("platform.windows.stopMethods", Type.TEXT_LIST, null,
                    "How the service host asks the program to stop, tried in order within stop.timeout: ctrlC, "
                    + "wmClose (WM_CLOSE to its windows), terminate; defaults to the stop signal, then terminate."),
            new SpecKey("platform.windows.userAutostart", Type.ENUM, "\"task\"",
                    "scope: user only: task (a Scheduled Task at logon) | runKey (a value under "
                    + "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run)."),
            new SpecKey("platform.windows.serviceHost", Type.ENUM, "\"own\"",
                    "scope: system only: own (a service host process of its own) | shared (one host process with "
                    + "the other shared services of the same account, SID type, privileges and hardening)."),
            new SpecKey("platform.launchd", Type.SECTION, null,
                    "launchd settings."),
            new SpecKey("platform.launchd.label", Type.TEXT, null,
                    "The launchd label; defaults to name."),
            new SpecKey("platform.launchd.plist", Type.PLIST, "{}",
                    "Extra top-level plist keys.")
    };

    static final Set<String> TOP_KEYS = keysUnder("");
    private static final Pattern DIRECTIVE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern CPU = Pattern.compile("(\\d{1,6})%");
    private static final ValueReader<Milestone> MILESTONE = (o, p, n) -> o.enumOf(p, n, Milestone.class);
    private static final ValueReader<Integer> EXIT_CODE = (o, p, n) -> o.intValue(p, n, 0, 255);
    private static final ValueReader<Integer> CPU_ID = (o, p, n) -> o.intValue(p, n, 0, 4095);
    private static final Pattern EXIT_CODE_KEY = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final NodeReader nodes;

    SpecMapping(String file) {
        this.nodes = new NodeReader(file);
    }

    /** The names of the keys written directly in the map at {@code parent} ("" for the top level). */
    static Set<String> keysUnder(String parent) {
        Set<String> names = new HashSet<>();
        for (SpecKey key : KEYS) {
            if (key.parent().equals(parent)) {
                names.add(key.name());
            }
        }
        return names;
    }

    LoadedSpec read(Node root) throws InvalidSpecException {
        List<SpecError> errors = nodes.errors();
        if (root instanceof MappingNode map && !hasAnySpecKey(map)) {
            // Say nothing of what the file holds: run as root, svcctl may be pointed at a file its caller cannot read.
            nodes.error(root, "this is not a service spec: none of its " + map.getValue().size()
                    + " top-level keys is a spec key", "a spec is a map with at least 'name' and 'exec'");
            throw new InvalidSpecException(errors);
        }
        MapNode top = nodes.object(root, "", TOP_KEYS);
        if (top == null) {
            throw new InvalidSpecException(errors);
        }
        String name = top.required("name", STRING, ValueCheck.NAME, "billing-api");
        String exec = top.required("exec", STRING, ValueCheck.EXEC, "/opt/app/bin/server");
        ServiceSpec.Builder b = ServiceSpec.builder(name == null ? "invalid" : name, exec == null ? "/" : exec);
        b.displayName(top.optional("displayName", STRING, ValueCheck.ONE_LINE).orElse(null));
        b.description(top.optional("description", STRING, ValueCheck.ONE_LINE).orElse(null));
        b.args(top.list("args", LENIENT_STRING, ValueCheck.NONE));
        b.workingDirectory(top.optional("workingDirectory", STRING, ValueCheck.ABSOLUTE_PATH).orElse(null));
        b.user(top.optional("user", LENIENT_STRING, ValueCheck.ACCOUNT).orElse(null));
        b.group(top.optional("group", LENIENT_STRING, ValueCheck.ACCOUNT).orElse(null));
        b.env(env(top));
        b.envFiles(EnvFileEntry.parseAll(top.listOrOne("envFile", STRING, ValueCheck.ENV_FILE)));
        b.scope(top.enumValue("scope", Scope.class, Scope.SYSTEM));
        b.startup(top.enumValue("startup", Startup.class, Startup.AUTO));
        b.dependsOn(top.list("dependsOn", STRING, ValueCheck.NAME));
        b.after(top.list("after", MILESTONE, ValueCheck.NONE));
        MapNode restart = top.object("restart", keysUnder("restart")).orElse(null);
        if (restart != null) {
            b.restart(restart(restart));
        }
        MapNode stop = top.object("stop", keysUnder("stop")).orElse(null);
        if (stop != null) {
            Duration timeout = stop.duration("timeout", StopSpec.DEFAULT.timeout());
            if (timeout.isZero()) {
                // systemd and launchd read 0 as "wait forever", svcctl run would kill at once: refused everywhere.
                stop.error("timeout", "timeout must be longer than 0",
                        "use 1s for a near-immediate kill after the stop signal");
                timeout = StopSpec.DEFAULT.timeout();
            }
            b.stop(new StopSpec(stop.signal("signal", StopSpec.DEFAULT.signal()), timeout,
                    stop.enumValue("mode", StopMode.class, StopSpec.DEFAULT.mode())));
        }
        MapNode reload = top.object("reload", keysUnder("reload")).orElse(null);
        if (reload != null) {
            reload(reload, b);
        }
        MapNode logs = top.object("logs", keysUnder("logs")).orElse(null);
        if (logs != null) {
            b.logs(logs(logs));
        }
        MapNode limits = top.object("limits", keysUnder("limits")).orElse(null);
        if (limits != null) {
            b.limits(limits(limits));
        }
        OptionalInt priority = top.integer("priority", -20, 19);
        if (priority.isPresent()) {
            b.priority(priority.getAsInt());
        }
        b.hardening(top.enumValue("hardening", Hardening.class, Hardening.NONE));
        MapNode hooks = top.object("hooks", keysUnder("hooks")).orElse(null);
        if (hooks != null) {
            b.hooks(hooks(hooks));
        }
        b.cpuAffinity(cpuAffinity(top));
        MapNode healthCheck = top.object("healthCheck", keysUnder("healthCheck")).orElse(null);
        if (healthCheck != null) {
            b.healthCheck(healthCheck(healthCheck));
        }
        MapNode readiness = top.object("readiness", keysUnder("readiness")).orElse(null);
        if (readiness != null) {
            b.readiness(readiness(readiness));
        }
        if (top.has("watchdog")) {
            Duration watchdog = top.duration("watchdog", Duration.ZERO);
            if (watchdog.isZero()) {
                top.error("watchdog", "watchdog must be longer than 0", "e.g. 30s; leave it out for no watchdog");
            } else if (readiness == null || !readiness.has("notify")) {
                top.error("watchdog", "watchdog needs readiness.notify: true",
                        "the program pings with WATCHDOG=1 over $NOTIFY_SOCKET; add readiness: {notify: true}");
            } else {
                b.watchdog(watchdog);
            }
        }
        b.supervisor(top.enumValue("supervisor", SupervisorMode.class, SupervisorMode.AUTO));
        MapNode platform = top.object("platform", keysUnder("platform")).orElse(null);
        if (platform != null) {
            b.platform(platform(platform));
        }

        if (!errors.isEmpty()) {
            errors.sort((x, y) -> x.location().line() != y.location().line()
                    ? Integer.compare(x.location().line(), y.location().line())
                    : Integer.compare(x.location().column(), y.location().column()));
            throw new InvalidSpecException(errors);
        }
        return new LoadedSpec(b.build(), new SourceMap(nodes.file(), nodes.locations()));
    }

    private static boolean hasAnySpecKey(MappingNode map) {
        if (map.getValue().isEmpty()) {
            return true; // an empty map is a spec that lacks everything; the missing keys are named
        }
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && TOP_KEYS.contains(key.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static void reload(MapNode r, ServiceSpec.Builder b) {
        boolean signal = r.has("signal");
        boolean exec = r.has("exec");
        if (signal == exec) {
            r.error(signal ? "exec" : "", signal ? "reload has both signal and exec" : "reload needs signal or exec",
                    "give exactly one: reload: {signal: HUP} or reload: {exec: [/usr/sbin/nginx, -s, reload]}");
            return;
        }
        if (signal) {
            b.reloadSignal(r.optional("signal", SIGNAL, ValueCheck.NONE).orElse(null));
        } else {
            List<String> command = r.list("exec", LENIENT_STRING, ValueCheck.NONE);
            if (command.isEmpty()) {
                r.error("exec", "reload.exec is empty", "give the program, then its arguments");
            } else if (ValueCheck.EXEC.problem(command.get(0)) != null) {
                r.error("exec", "reload.exec[0]: " + ValueCheck.EXEC.problem(command.get(0)), null);
            }
            b.reloadExec(command);
        }
    }

    private RestartSpec restart(MapNode r) {
        RestartSpec d = RestartSpec.DEFAULT;
        RestartPolicy policy = r.enumValue("policy", RestartPolicy.class, d.policy());
        Duration delay = r.duration("delay", d.delay());
        Optional<Duration> maxDelay = r.optional("maxDelay", DURATION, ValueCheck.NONE);
        int burst = r.integer("burst", 1, 10_000).orElse(d.burst());
        Duration window = r.duration("window", d.window());
        List<Integer> codes = r.has("successExitCodes")
                ? r.list("successExitCodes", EXIT_CODE, ValueCheck.NONE)
                : d.successExitCodes();
        if (maxDelay.isPresent() && maxDelay.get().compareTo(delay) < 0) {
            r.error("maxDelay", "maxDelay (" + Durations.format(maxDelay.get()) + ") is shorter than delay ("
                    + Durations.format(delay) + ")", "maxDelay caps the doubling of delay");
        }
        if (window.isZero()) {
            r.error("window", "window must be longer than 0", "e.g. 60s");
        }
        return new RestartSpec(policy, delay, maxDelay, burst, window, codes, onExit(r));
    }

    /** restart.onExit: exit codes as keys, restart | stop as values. */
    private Map<Integer, ExitAction> onExit(MapNode r) {
        MapNode m = r.openMap("onExit");
        if (m == null) {
            return Map.of();
        }
        Map<Integer, ExitAction> out = new LinkedHashMap<>();
        for (String code : m.keys()) {
            String at = NodeReader.child(m.path(), NodeReader.shownKey(code));
            if (!EXIT_CODE_KEY.matcher(code).matches() || Integer.parseInt(code) > 255) {
                nodes.error(m.keyNode(code), at, at + ": '" + NodeReader.shownKey(code) + "' is not an exit code",
                        "exit codes are 0 to 255, e.g. \"3\": stop");
                continue;
            }
            ExitAction action = m.enumOf(at, m.valueNode(code), ExitAction.class);
            if (action != null) {
                out.put(Integer.valueOf(code), action); // one spelling per code: a repeated one is a duplicate key
            }
        }
        return out;
    }

    private HooksSpec hooks(MapNode h) {
        List<String> preStart = hookCommand(h, "preStart");
        List<String> postStop = hookCommand(h, "postStop");
        if (!h.has("preStart") && !h.has("postStop")) {
            h.error("", "hooks has no command", "give preStart, postStop or both, e.g. preStart: [/opt/app/bin/migrate]");
        }
        Duration timeout = h.duration("timeout", HooksSpec.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            h.error("timeout", "timeout must be longer than 0", "e.g. 30s");
            timeout = HooksSpec.DEFAULT_TIMEOUT;
        }
        return new HooksSpec(preStart, postStop, timeout);
    }

    private List<String> hookCommand(MapNode h, String key) {
        if (!h.has(key)) {
            return List.of();
        }
        List<String> command = h.list(key, LENIENT_STRING, ValueCheck.NONE);
        if (command.isEmpty()) {
            h.error(key, "the command is empty", "give the program, then its arguments, e.g. [/opt/app/bin/migrate, --check]");
        } else if (ValueCheck.EXEC.problem(command.get(0)) != null
                && h.valueNode(key) instanceof SequenceNode seq) {
            String at = NodeReader.child(h.path(), key) + "[0]";
            nodes.error(seq.getValue().get(0), at, at + ": " + ValueCheck.EXEC.problem(command.get(0)), null);
        }
        return command;
    }

    private List<Integer> cpuAffinity(MapNode top) {
        List<Integer> cpus = top.list("cpuAffinity", CPU_ID, ValueCheck.NONE);
        if (!top.has("cpuAffinity") || !(top.valueNode("cpuAffinity") instanceof SequenceNode seq)) {
            return cpus;
        }
        if (seq.getValue().isEmpty()) {
            top.error("cpuAffinity", "the list of CPUs is empty", "give at least one CPU, e.g. [0, 1], or leave the key out");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (item instanceof ScalarNode cpu && Tag.INT.equals(cpu.getTag()) && !seen.add(canonicalInteger(cpu))) {
                String at = "cpuAffinity[" + i + "]";
                nodes.error(item, at, at + ": CPU " + cpu.getValue() + " is listed twice", "list each CPU once");
            }
        }
        return cpus;
    }

    private static String canonicalInteger(ScalarNode n) {
        try {
            return YamlNumbers.integer(n.getValue()).toString();
        } catch (NumberFormatException e) {
            return n.getValue();
        }
    }

    private LogsSpec logs(MapNode l) {
        LogTarget out = l.enumValue("stdout", LogTarget.class, LogTarget.DEFAULT);
        LogTarget err = l.enumValue("stderr", LogTarget.class, LogTarget.DEFAULT);
        Optional<String> dir = l.optional("dir", STRING, ValueCheck.ABSOLUTE_PATH);
        MapNode r = l.object("rotate", keysUnder("logs.rotate")).orElse(null);
        Optional<RotateSpec> rotate = r == null ? Optional.empty() : Optional.of(new RotateSpec(r.size("size"),
                r.enumValue("every", RotateEvery.class, RotateEvery.NONE),
                r.integer("keep", 1, 10_000).orElse(RotateSpec.DEFAULT_KEEP), r.bool("compress", false),
                r.size("maxTotal")));
        return new LogsSpec(out, err, dir, rotate);
    }

    private LimitsSpec limits(MapNode l) {
        OptionalLong openFiles = asLong(l.integer("openFiles", 1, Integer.MAX_VALUE));
        OptionalLong processes = asLong(l.integer("processes", 1, Integer.MAX_VALUE));
        OptionalLong memory = l.size("memory");
        OptionalInt cpu = OptionalInt.empty();
        Optional<String> cpuText = l.optional("cpu", STRING, ValueCheck.NONE);
        if (cpuText.isPresent()) {
            var m = CPU.matcher(cpuText.get());
            if (m.matches() && Integer.parseInt(m.group(1)) > 0) {
                cpu = OptionalInt.of(Integer.parseInt(m.group(1)));
            } else {
                l.error("cpu", "'" + cpuText.get() + "' is not a CPU quota", "a percentage of one CPU, e.g. 50% or 150%");
            }
        }
        return new LimitsSpec(openFiles, processes, memory, cpu);
    }

    private static OptionalLong asLong(OptionalInt i) {
        return i.isPresent() ? OptionalLong.of(i.getAsInt()) : OptionalLong.empty();
    }

    private HealthCheckSpec healthCheck(MapNode h) {
        List<String> probes = new ArrayList<>();
        for (String key : List.of("http", "tcp", "exec")) {
            if (h.has(key)) {
                probes.add(key);
            }
        }
        HealthCheckSpec.Kind kind = HealthCheckSpec.Kind.HTTP;
        String target = "";
        List<String> command = List.of();
        if (probes.size() != 1) {
            h.error(probes.isEmpty() ? "" : probes.get(1),
                    probes.isEmpty() ? "healthCheck needs a probe" : "healthCheck has both " + probes.get(0) + " and "
                            + probes.get(1), "give exactly one of http, tcp or exec");
        }
        if (probes.contains("http")) {
            target = h.optional("http", STRING, ValueCheck.HTTP_URL).orElse("");
        } else if (probes.contains("tcp")) {
            kind = HealthCheckSpec.Kind.TCP;
            target = h.optional("tcp", STRING, ValueCheck.HOST_PORT).orElse("");
        } else if (probes.contains("exec")) {
            kind = HealthCheckSpec.Kind.EXEC;
            command = h.list("exec", LENIENT_STRING, ValueCheck.NONE);
            if (command.isEmpty()) {
                h.error("exec", "healthCheck.exec is empty", "give the command and its arguments as a list");
            } else if (ValueCheck.EXEC.problem(command.get(0)) != null) {
                h.error("exec[0]", ValueCheck.EXEC.problem(command.get(0)), null);
            }
        }
        Duration interval = h.duration("interval", HealthCheckSpec.DEFAULT_INTERVAL);
        Duration timeout = h.duration("timeout", HealthCheckSpec.DEFAULT_TIMEOUT);
        int retries = h.integer("retries", 1, 1000).orElse(HealthCheckSpec.DEFAULT_RETRIES);
        Duration startPeriod = h.duration("startPeriod", Duration.ZERO);
        if (interval.isZero()) {
            h.error("interval", "interval must be longer than 0", "e.g. 10s");
        }
        if (timeout.isZero()) {
            h.error("timeout", "timeout must be longer than 0", "e.g. 2s");
        }
        return new HealthCheckSpec(kind, target, command, interval, timeout, retries, startPeriod);
    }

    private ReadinessSpec readiness(MapNode r) {
        List<String> kinds = new ArrayList<>();
        for (ReadinessSpec.Kind kind : ReadinessSpec.Kind.values()) {
            if (r.has(kind.key())) {
                kinds.add(kind.key());
            }
        }
        if (kinds.size() != 1) {
            r.error(kinds.isEmpty() ? "" : kinds.get(1),
                    kinds.isEmpty() ? "readiness needs one of notify, tcp, http, exec or pidFile"
                            : "readiness has both " + kinds.get(0) + " and " + kinds.get(1),
                    "give exactly one, e.g. readiness: {notify: true} or readiness: {tcp: 127.0.0.1:8080}");
        }
        Duration timeout = r.duration("timeout", ReadinessSpec.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            r.error("timeout", "timeout must be longer than 0", "e.g. 90s");
        }
        ReadinessSpec.Kind kind = ReadinessSpec.Kind.NOTIFY;
        String target = "";
        List<String> command = List.of();
        if (kinds.contains("notify")) {
            if (!r.bool("notify", true)) {
                r.error("notify", "notify: false is not a kind of readiness",
                        "give notify: true, another kind, or leave readiness out");
            }
        } else if (kinds.contains("tcp")) {
            kind = ReadinessSpec.Kind.TCP;
            target = r.optional("tcp", STRING, ValueCheck.HOST_PORT).orElse("");
        } else if (kinds.contains("http")) {
            kind = ReadinessSpec.Kind.HTTP;
            target = r.optional("http", STRING, ValueCheck.HTTP_URL).orElse("");
        } else if (kinds.contains("exec")) {
            kind = ReadinessSpec.Kind.EXEC;
            command = r.list("exec", LENIENT_STRING, ValueCheck.NONE);
            if (command.isEmpty()) {
                r.error("exec", "readiness.exec is empty", "give the command and its arguments as a list");
            } else if (ValueCheck.EXEC.problem(command.get(0)) != null) {
                r.error("exec[0]", ValueCheck.EXEC.problem(command.get(0)), null);
            }
        } else if (kinds.contains("pidFile")) {
            kind = ReadinessSpec.Kind.PID_FILE;
            target = r.optional("pidFile", STRING, ValueCheck.ABSOLUTE_PATH).orElse("");
        }
        return new ReadinessSpec(kind, target, command, timeout);
    }

    private PlatformSpec platform(MapNode p) {
        PlatformSpec.Systemd systemd = PlatformSpec.Systemd.NONE;
        MapNode s = p.object("systemd", keysUnder("platform.systemd")).orElse(null);
        if (s != null) {
            systemd = new PlatformSpec.Systemd(directives(s, "unit"), directives(s, "service"),
                    directives(s, "install"));
        }
        PlatformSpec.Windows windows = PlatformSpec.Windows.DEFAULT;
        MapNode w = p.object("windows", keysUnder("platform.windows")).orElse(null);
        if (w != null) {
            windows = new PlatformSpec.Windows(
                    w.optional("account", STRING, ValueCheck.WINDOWS_ACCOUNT).orElse("LocalSystem"),
                    w.optional("passwordEnv", STRING, ValueCheck.ENV_NAME),
                    w.has("failureActions") && w.valueNode("failureActions") instanceof SequenceNode
                            || w.enumValue("failureActions", FailureWord.class, FailureWord.AUTO) == FailureWord.AUTO
                            ? PlatformSpec.FailureActions.AUTO : PlatformSpec.FailureActions.NONE,
                    w.optional("preshutdownTimeout", DURATION, ValueCheck.NONE),
                    w.bool("eventLog", true),
                    w.has("sidType") ? Optional.of(w.enumValue("sidType", PlatformSpec.SidType.class,
                            PlatformSpec.SidType.NONE)) : Optional.empty(),
                    w.has("requiredPrivileges")
                            ? Optional.of(w.list("requiredPrivileges", STRING, ValueCheck.PRIVILEGE))
                            : Optional.empty());
            windows = windowsSecondRound(w, windows);
        }
        PlatformSpec.Launchd launchd = PlatformSpec.Launchd.DEFAULT;
        MapNode l = p.object("launchd", keysUnder("platform.launchd")).orElse(null);
        if (l != null) {
            launchd = new PlatformSpec.Launchd(l.optional("label", STRING, ValueCheck.LABEL), l.plist("plist"));
        }
        return new PlatformSpec(systemd, windows, launchd);
    }

    /** failureActions as steps, failureResetPeriod, stopMethods, userAutostart (issue 16's keys). */
    private PlatformSpec.Windows windowsSecondRound(MapNode w, PlatformSpec.Windows windows) {
        List<PlatformSpec.FailureStep> steps = List.of();
        if (w.has("failureActions") && w.valueNode("failureActions") instanceof SequenceNode) {
            steps = w.list("failureActions", new FailureStepReader(), ValueCheck.NONE);
            if (((SequenceNode) w.valueNode("failureActions")).getValue().isEmpty()) {
                w.error("failureActions", "failureActions is an empty list", "write failureActions: none for none");
            }
        }
        Optional<Duration> reset = w.optional("failureResetPeriod", DURATION, ValueCheck.NONE);
        if (reset.isPresent() && windows.failureActions() == PlatformSpec.FailureActions.NONE) {
            w.error("failureResetPeriod", "there are no failure actions to reset (failureActions: none)",
                    "remove failureResetPeriod or give failure actions");
        }
        if (reset.isPresent() && reset.get().isZero()) {
            w.error("failureResetPeriod", "failureResetPeriod must be longer than 0", "e.g. 1d");
        }
        windows = windows.withFailureSteps(steps, reset);
        List<PlatformSpec.StopMethod> methods = w.list("stopMethods", STOP_METHOD, ValueCheck.NONE);
        if (w.has("stopMethods") && w.valueNode("stopMethods") instanceof SequenceNode seq && seq.getValue().isEmpty()) {
            w.error("stopMethods", "stopMethods is an empty list", "e.g. [ctrlC, wmClose, terminate]; leave it "
                    + "out for the default");
        }
        for (int i = 0; i < methods.size(); i++) {
            if (methods.indexOf(methods.get(i)) != i) {
                w.error("stopMethods", methods.get(i).key() + " is named twice", "name each method once");
                break;
            }
            if (methods.get(i) == PlatformSpec.StopMethod.TERMINATE && i != methods.size() - 1) {
                w.error("stopMethods", "terminate ends the program, so nothing after it would run",
                        "put terminate last");
                break;
            }
        }
        return windows.withStop(methods, w.enumValue("userAutostart", PlatformSpec.UserAutostart.class,
                PlatformSpec.UserAutostart.TASK)).withServiceHost(w.enumValue("serviceHost",
                PlatformSpec.ServiceHost.class, PlatformSpec.ServiceHost.OWN));
    }

    /** The words failureActions takes (a list is the third form). */
    private enum FailureWord { AUTO, NONE }

    private static final ValueReader<PlatformSpec.StopMethod> STOP_METHOD =
            (o, p, n) -> o.enumOf(p, n, PlatformSpec.StopMethod.class);

    /** One item of failureActions: {action, delay, command}. */
    private final class FailureStepReader implements ValueReader<PlatformSpec.FailureStep> {
        @Override
        public PlatformSpec.FailureStep read(MapNode map, String path, Node node) {
            MapNode step = nodes.object(node, path, Set.of("action", "delay", "command"));
            if (step == null) {
                return null;
            }
            if (!step.has("action")) {
                step.error("", "a failure step needs an action", "e.g. {action: restart, delay: 10s}");
                return null;
            }
            PlatformSpec.FailureAction action = step.enumValue("action", PlatformSpec.FailureAction.class, null);
            Duration delay = step.duration("delay", Duration.ZERO);
            Optional<String> command = step.optional("command", STRING, ValueCheck.ONE_LINE);
            if (action == PlatformSpec.FailureAction.RUN && command.isEmpty() && !step.has("command")) {
                step.error("", "a run step needs a command", "e.g. {action: run, command: 'C:\\ops\\notify.cmd'}");
                return null;
            }
            if (action != null && action != PlatformSpec.FailureAction.RUN && step.has("command")) {
                step.error("command", "only a run step takes a command", "remove command or use action: run");
                return null;
            }
            if (command.isPresent() && command.get().isBlank()) {
                step.error("command", "the command is empty", "give the command line SCM runs");
                return null;
            }
            return action == null || (action == PlatformSpec.FailureAction.RUN && command.isEmpty()) ? null
                    : new PlatformSpec.FailureStep(action, delay, command);
        }
    }

    private Map<String, String> env(MapNode top) {
        MapNode env = top.openMap("env");
        if (env == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : env.keys()) {
            if (ValueCheck.ENV_NAME.problem(name) != null) {
                String shown = NodeReader.shownKey(name); // a cut name is no valid name either
                String at = NodeReader.child(env.path(), shown);
                nodes.error(env.keyNode(name), at, at + ": " + ValueCheck.ENV_NAME.problem(shown), "names like JAVA_OPTS work on every platform");
                continue;
            }
            Node valueNode = env.valueNode(name);
            if (Tag.NULL.equals(valueNode.getTag()) && valueNode instanceof ScalarNode s && s.getValue().isEmpty()) {
                String at = NodeReader.child(env.path(), name);
                nodes.error(valueNode, at, at + " has no value",
                        "write " + name + ": \"\" for an empty value");
                continue;
            }
            String value = env.lenientString(NodeReader.child(env.path(), name), valueNode);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private Map<String, List<String>> directives(MapNode systemd, String key) {
        MapNode section = systemd.openMap(key);
        if (section == null) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : section.keys()) {
            String itemPath = NodeReader.child(section.path(), name);
            if (!DIRECTIVE.matcher(name).matches()) {
                nodes.error(section.keyNode(name), itemPath, itemPath + ": '" + name + "' is not a systemd directive name",
                        "e.g. LimitCORE");
                continue;
            }
            Node valueNode = section.valueNode(name);
            List<String> values;
            if (valueNode instanceof SequenceNode) {
                values = section.list(name, LENIENT_STRING, ValueCheck.NONE);
            } else {
                Optional<String> value = section.optional(name, LENIENT_STRING, ValueCheck.NONE);
                values = value.isPresent() ? List.of(value.get()) : List.of();
            }
            for (String value : values) {
                if (value.contains("\n") || value.contains("\r")) {
                    nodes.error(valueNode, itemPath, itemPath + ": a directive value cannot span lines",
                            "give several values as a list");
                }
            }
            out.put(name, values);
        }
        return out;
    }

    /**
     * The model's value of {@code key}: a String, Duration, enum, Integer, Long, Boolean, List or Map, an Optional
     * or OptionalInt/OptionalLong of one, or null for a key of an absent section.
     */
    static Object valueOf(SpecKey key, ServiceSpec s) {
        RestartSpec restart = s.restart();
        LogsSpec logs = s.logs();
        RotateSpec rotate = logs.rotate().orElse(null);
        LimitsSpec limits = s.limits();
        HealthCheckSpec health = s.healthCheck().orElse(null);
        ReadinessSpec ready = s.readiness().orElse(null);
        HooksSpec hooks = s.hooks().orElse(null);
        PlatformSpec platform = s.platform();
        switch (key.path()) {
            case "name": return s.name();
            case "displayName": return s.displayName();
            case "description": return s.description();
            case "exec": return s.exec();
            case "args": return s.args();
            case "workingDirectory": return s.workingDirectory();
            case "user": return s.user();
            case "group": return s.group();
            case "env": return s.env();
            case "envFile": return EnvFileEntry.writtenAll(s.envFiles());
            case "scope": return s.scope();
            case "startup": return s.startup();
            case "dependsOn": return s.dependsOn();
            case "after": return milestoneKeys(s.after());
            case "restart.policy": return restart.policy();
            case "restart.delay": return restart.delay();
            case "restart.maxDelay": return restart.maxDelay();
            case "restart.burst": return restart.burst();
            case "restart.window": return restart.window();
            case "restart.successExitCodes": return restart.successExitCodes();
            case "restart.onExit": return restart.onExit().isEmpty() ? null : restart.onExit();
            case "stop.signal": return s.stop().signal();
            case "stop.mode": return s.stop().mode();
            case "stop.timeout": return s.stop().timeout();
            case "reload.signal": return s.reloadSignal();
            case "reload.exec": return s.reloadExec().isEmpty() ? null : s.reloadExec();
            case "logs.stdout": return logs.stdout();
            case "logs.stderr": return logs.stderr();
            case "logs.dir": return logs.dir();
            case "logs.rotate.size": return rotate == null ? null : rotate.size();
            case "logs.rotate.every": return rotate == null ? null : rotate.every();
            case "logs.rotate.keep": return rotate == null ? null : rotate.keep();
            case "logs.rotate.compress": return rotate == null ? null : rotate.compress();
            case "logs.rotate.maxTotal": return rotate == null ? null : rotate.maxTotal();
            case "limits.openFiles": return limits.openFiles();
            case "limits.processes": return limits.processes();
            case "limits.memory": return limits.memory();
            case "limits.cpu": return limits.cpuPercent();
            case "priority": return s.priority();
            case "hardening": return s.hardening();
            case "hooks.preStart": return hooks == null || hooks.preStart().isEmpty() ? null : hooks.preStart();
            case "hooks.postStop": return hooks == null || hooks.postStop().isEmpty() ? null : hooks.postStop();
            case "hooks.timeout": return hooks == null ? null : hooks.timeout();
            case "cpuAffinity": return s.cpuAffinity().isEmpty() ? null : s.cpuAffinity();
            case "healthCheck.http": return health == null || health.kind() != HealthCheckSpec.Kind.HTTP ? null
                    : health.target();
            case "healthCheck.tcp": return health == null || health.kind() != HealthCheckSpec.Kind.TCP ? null
                    : health.target();
            case "healthCheck.exec": return health == null || health.kind() != HealthCheckSpec.Kind.EXEC ? null
                    : health.command();
            case "healthCheck.interval": return health == null ? null : health.interval();
            case "healthCheck.timeout": return health == null ? null : health.timeout();
            case "healthCheck.retries": return health == null ? null : health.retries();
            case "healthCheck.startPeriod": return health == null ? null : health.startPeriod();
            case "readiness.notify": return ready == null || ready.kind() != ReadinessSpec.Kind.NOTIFY ? null
                    : Boolean.TRUE;
            case "readiness.tcp": return ready == null || ready.kind() != ReadinessSpec.Kind.TCP ? null
                    : ready.target();
            case "readiness.http": return ready == null || ready.kind() != ReadinessSpec.Kind.HTTP ? null
                    : ready.target();
            case "readiness.exec": return ready == null || ready.kind() != ReadinessSpec.Kind.EXEC ? null
                    : ready.command();
            case "readiness.pidFile": return ready == null || ready.kind() != ReadinessSpec.Kind.PID_FILE ? null
                    : ready.target();
            case "readiness.timeout": return ready == null ? null : ready.timeout();
            case "watchdog": return s.watchdog();
            case "supervisor": return s.supervisor();
            case "platform.systemd.unit": return platform.systemd().unit();
            case "platform.systemd.service": return platform.systemd().service();
            case "platform.systemd.install": return platform.systemd().install();
            case "platform.windows.account": return platform.windows().account();
            case "platform.windows.passwordEnv": return platform.windows().passwordEnv();
            case "platform.windows.failureActions": return failureActionsValue(platform.windows());
            case "platform.windows.failureResetPeriod": return platform.windows().failureResetPeriod();
            case "platform.windows.preshutdownTimeout": return platform.windows().preshutdownTimeout();
            case "platform.windows.eventLog": return platform.windows().eventLog();
            case "platform.windows.sidType": return platform.windows().sidType();
            case "platform.windows.requiredPrivileges": return platform.windows().requiredPrivileges();
            case "platform.windows.stopMethods": return platform.windows().stopMethods().isEmpty() ? null
                    : wordKeys(platform.windows().stopMethods());
            case "platform.windows.userAutostart": return platform.windows().userAutostart();
            case "platform.windows.serviceHost": return platform.windows().serviceHost();
            case "platform.launchd.label": return platform.launchd().label();
            case "platform.launchd.plist": return platform.launchd().plist();
            default: throw new IllegalArgumentException("no model field for the key " + key.path());
        }
    }

    /** auto or none, or the steps as maps of plain values (durations as text), as the writer writes them. */
    private static Object failureActionsValue(PlatformSpec.Windows windows) {
        if (windows.failureActions() != PlatformSpec.FailureActions.STEPS) {
            return windows.failureActions();
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (PlatformSpec.FailureStep step : windows.failureSteps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", step.action().name().toLowerCase(java.util.Locale.ROOT));
            m.put("delay", Durations.format(step.delay()));
            if (step.command().isPresent()) {
                m.put("command", step.command().get());
            }
            steps.add(m);
        }
        return steps;
    }

    private static List<String> wordKeys(List<? extends SpecWord> words) {
        List<String> keys = new ArrayList<>(words.size());
        for (SpecWord w : words) {
            keys.add(w.key());
        }
        return keys;
    }

    private static List<String> milestoneKeys(List<Milestone> milestones) {
        List<String> keys = new ArrayList<>(milestones.size());
        for (Milestone m : milestones) {
            keys.add(m.key());
        }
        return keys;
    }
}
