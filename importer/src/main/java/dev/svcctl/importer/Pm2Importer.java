package dev.svcctl.importer;

import dev.svcctl.importer.json.LocatedJson;
import dev.svcctl.importer.json.LocatedJson.Node;
import dev.svcctl.importer.json.LocatedJson.NumberText;
import dev.svcctl.importer.unix.Pm2Args;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * pm2 ecosystem files in JSON ({@code {"apps": [...]}} or a bare array): each app becomes a spec. pm2 runs a
 * script through an interpreter chosen by its extension (node for .js), so exec is the interpreter and the script
 * its first argument after the interpreter's own; {@code interpreter: "none"} runs the script itself.
 */
public final class Pm2Importer implements Importer {
    private static final Pattern RECOGNIZE = Pattern.compile("(?<![\\w$])[\"']?(script|apps)[\"']?\\s*:");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("\\A(?:\\s+|//[^\n]*|/\\*.*?\\*/)*", Pattern.DOTALL);
    /** pm2's extension to interpreter table (lib/API/interpreter.json); anything else runs as is. */
    private static final Map<String, String> INTERPRETERS = Map.ofEntries(
            Map.entry(".sh", "bash"), Map.entry(".py", "python"), Map.entry(".rb", "ruby"), Map.entry(".php", "php"),
            Map.entry(".pl", "perl"), Map.entry(".js", "node"), Map.entry(".cjs", "node"), Map.entry(".mjs", "node"),
            Map.entry(".coffee", "coffee"), Map.entry(".ls", "lsc"), Map.entry(".ts", "bun"),
            Map.entry(".tsx", "bun"));
    private static final long DEFAULT_KILL_TIMEOUT_MS = 1600;
    private static final Duration EXP_BACKOFF_CAP = Duration.ofSeconds(15);

    @Override
    public String id() {
        return "pm2";
    }

    @Override
    public boolean recognizes(SourceFile source) {
        String t = LEADING_COMMENTS.matcher(source.text()).replaceFirst("");
        // a JSON object, or an array of objects (an ini file also starts with '[', but not with '[{')
        boolean json = t.startsWith("{") || t.startsWith("[") && t.substring(1).stripLeading().startsWith("{");
        return json && RECOGNIZE.matcher(source.text()).find();
    }

    @Override
    public ImportResult read(SourceFile source) throws ImportException {
        String file = source.path();
        Node root;
        try {
            root = LocatedJson.parse(source.text());
        } catch (LocatedJson.JsonSyntaxException e) {
            throw new ImportException(file, e.line(), "not JSON: " + e.getMessage(),
                    "svcctl reads JSON ecosystem files; for ecosystem.config.js run `pm2 ecosystem` or write its"
                            + " object out as JSON (node -e 'console.log(JSON.stringify(require(\"./ecosystem.config.js\")))')");
        }
        List<ImportWarning> warnings = new ArrayList<>();
        List<Node> apps;
        if (root.value() instanceof List<?>) {
            apps = root.array();
        } else if (root.value() instanceof Map<?, ?>) {
            Map<String, Node> top = root.object();
            Node a = top.get("apps");
            if (a == null || !(a.value() instanceof List<?>)) {
                throw new ImportException(file, root.line(), "no \"apps\" array", "an ecosystem file holds"
                        + " {\"apps\": [{\"name\": ..., \"script\": ...}]}");
            }
            apps = a.array();
            for (Map.Entry<String, Node> e : top.entrySet()) {
                if (!e.getKey().equals("apps")) {
                    warnings.add(new ImportWarning(file, e.getValue().line(), null, e.getKey(),
                            e.getKey().equals("deploy") ? "pm2's deployment recipes are no service; not imported"
                                    : "not an app; not imported"));
                }
            }
        } else {
            throw new ImportException(file, root.line(), "an ecosystem file is an object or an array",
                    "write {\"apps\": [...]}");
        }
        if (apps.isEmpty()) {
            throw new ImportException(file, root.line(), "no apps", "add an app with a script");
        }
        List<ServiceSpec> specs = new ArrayList<>();
        for (Node app : apps) {
            if (!(app.value() instanceof Map<?, ?>)) {
                throw new ImportException(file, app.line(), "an app is an object", "write {\"script\": ...}");
            }
            specs.add(readApp(file, dirOf(file), app, warnings));
        }
        warnings.sort(java.util.Comparator.comparingInt(ImportWarning::line)); // stable: same line keeps its order
        return new ImportResult(specs, warnings);
    }

    private ServiceSpec readApp(String file, String fileDir, Node app, List<ImportWarning> warnings)
            throws ImportException {
        Map<String, Node> o = app.object();
        Set<String> used = new HashSet<>();
        Node scriptNode = member(o, used, "script");
        if (scriptNode == null || !scriptNode.isString() || ((String) scriptNode.value()).isBlank()) {
            throw new ImportException(file, scriptNode == null ? app.line() : scriptNode.line(),
                    "an app needs a script", "pm2 refuses it too");
        }
        String script = (String) scriptNode.value();
        Node nameNode = member(o, used, "name");
        String name = nameNode != null ? string(file, nameNode, "name") : defaultName(script);
        String problem = ServiceSpec.nameProblem(name);
        if (problem != null) {
            throw new ImportException(file, nameNode != null ? nameNode.line() : scriptNode.line(), problem,
                    "rename the app; svcctl uses its name as the service name");
        }

        Node cwdNode = member(o, used, "cwd");
        String cwd = null;
        if (cwdNode != null) {
            cwd = string(file, cwdNode, "cwd");
            if (!cwd.startsWith("/")) {
                if (fileDir == null) {
                    throw new ImportException(file, cwdNode.line(), "cwd '" + cwd + "' is relative to the directory"
                            + " pm2 was started from, which the file does not say", "write an absolute cwd");
                }
                String resolved = normalize(fileDir + "/" + cwd);
                warnings.add(new ImportWarning(file, cwdNode.line(), name, "cwd", "relative to where `pm2 start`"
                        + " ran; taken from the file's directory: " + resolved));
                cwd = resolved;
            }
        }

        Node interpreterNode = member(o, used, "interpreter");
        Node execInterpreter = member(o, used, "exec_interpreter");
        if (interpreterNode == null) {
            interpreterNode = execInterpreter;
        }
        String interpreter;
        if (interpreterNode != null) {
            interpreter = string(file, interpreterNode, "interpreter");
        } else {
            String ext = extension(script);
            interpreter = INTERPRETERS.getOrDefault(ext, "none");
            String why = switch (interpreter) {
                case "none" -> "pm2 runs a script of no known extension with node unless the file is binary;"
                        + " svcctl runs it as is (it needs its #! line and execute permission), or set interpreter";
                case "python" -> "pm2 runs .py with python, or python3 when PATH has no python; svcctl runs"
                        + " python: set interpreter to be sure";
                case "bun" -> "pm2 runs " + ext + " with bun, or with node's type stripping when bun is missing;"
                        + " svcctl runs bun";
                default -> null;
            };
            if (why != null && (!interpreter.equals("none") || script.contains("/"))) {
                warnings.add(new ImportWarning(file, scriptNode.line(), name, "script", why));
            }
        }
        boolean runsAsIs = interpreter.equals("none");
        boolean fileScript = script.contains("/") || !runsAsIs;
        String scriptPath = script;
        if (fileScript && !script.startsWith("/")) {
            String base = cwd != null ? cwd : fileDir;
            if (base == null) {
                throw new ImportException(file, scriptNode.line(), "script '" + script + "' is relative to cwd,"
                        + " which the app does not give", "give cwd or an absolute script path");
            }
            scriptPath = normalize(base + "/" + script);
            if (cwd == null) {
                warnings.add(new ImportWarning(file, scriptNode.line(), name, "script", "relative to where `pm2"
                        + " start` ran; taken from the file's directory: " + scriptPath));
            }
        } else if (!fileScript) {
            warnings.add(new ImportWarning(file, scriptNode.line(), name, "script", "'" + script + "' is run from"
                    + " PATH; pm2 would first look for a file of that name in cwd"));
        }

        List<String> interpreterArgs = new ArrayList<>();
        for (String key : List.of("interpreter_args", "node_args")) {
            Node n = member(o, used, key);
            if (n != null) {
                interpreterArgs.addAll(argList(file, n, key, name, warnings));
            }
        }
        Node argsNode = member(o, used, "args");
        List<String> args = argsNode == null ? List.of() : argList(file, argsNode, "args", name, warnings);

        String exec;
        List<String> argv = new ArrayList<>();
        if (runsAsIs) {
            exec = scriptPath;
            if (!interpreterArgs.isEmpty()) {
                warnings.add(new ImportWarning(file, o.containsKey("interpreter_args") ? o.get("interpreter_args")
                        .line() : o.get("node_args").line(), name, "interpreter_args", "with interpreter none pm2"
                        + " runs the script itself and ignores interpreter arguments; so does the import"));
            }
        } else {
            exec = interpreter;
            argv.addAll(interpreterArgs);
            argv.add(scriptPath);
            if (interpreter.equals("node") || interpreter.endsWith("/node")) {
                warnings.add(new ImportWarning(file, scriptNode.line(), name, "script", "pm2 loads a node script"
                        + " inside its own wrapper (same process.argv, plus pm2's IPC channel), with the node that"
                        + " runs pm2 unless interpreter names one; svcctl runs `node SCRIPT` directly, node from PATH"));
            }
        }
        argv.addAll(args);
        ServiceSpec.Builder b = ServiceSpec.builder(name, exec).args(argv);
        if (cwd != null) {
            b.workingDirectory(cwd);
        }

        // environment
        Node envNode = member(o, used, "env");
        Map<String, String> env = new LinkedHashMap<>();
        if (envNode != null) {
            if (!(envNode.value() instanceof Map<?, ?>)) {
                throw new ImportException(file, envNode.line(), "env is an object of NAME: value",
                        "write {\"NODE_ENV\": \"production\"}");
            }
            for (Map.Entry<String, Node> e : envNode.object().entrySet()) {
                String value = jsString(e.getValue());
                if (value == null) {
                    warnings.add(new ImportWarning(file, e.getValue().line(), name, "env." + e.getKey(),
                            "pm2 would pass this non-text value as node prints it; not imported"));
                    continue;
                }
                env.put(e.getKey(), value);
            }
        }
        if (interpreter.contains("python")) {
            env.putIfAbsent("PYTHONUNBUFFERED", "1"); // pm2 sets it for every python interpreter
        }
        b.env(env);
        for (Map.Entry<String, Node> e : o.entrySet()) {
            if (e.getKey().startsWith("env_")) {
                used.add(e.getKey());
                warnings.add(new ImportWarning(file, e.getValue().line(), name, e.getKey(), "applies only with"
                        + " `pm2 start --env " + e.getKey().substring(4) + "`; not imported (move what you run"
                        + " with into env)"));
            }
        }

        // instances and mode
        Node instances = member(o, used, "instances");
        if (instances != null) {
            Object v = instances.value();
            boolean one = v instanceof NumberText nt && new BigDecimal(nt.text()).compareTo(BigDecimal.ONE) == 0
                    || "1".equals(v);
            if (!one) {
                throw new ImportException(file, instances.line(), "instances=" + jsString(instances) + ": an svcctl"
                        + " service is one process", "set instances to 1, or import one app per copy (each with"
                        + " its own name and port)");
            }
        }
        Node mode = member(o, used, "exec_mode");
        if (mode != null && string(file, mode, "exec_mode").startsWith("cluster")) {
            warnings.add(new ImportWarning(file, mode.line(), name, "exec_mode", "pm2's cluster mode runs the script"
                    + " as a node cluster worker behind pm2; svcctl runs the one process directly (fork mode)"));
        }

        Node autostart = member(o, used, "autostart");
        if (autostart != null && Boolean.FALSE.equals(autostart.value())) {
            b.startup(dev.svcctl.spec.Startup.MANUAL);
        }

        // restart
        RestartPolicy policy = RestartPolicy.ALWAYS;
        Node autorestart = member(o, used, "autorestart");
        if (autorestart != null && Boolean.FALSE.equals(autorestart.value())) {
            policy = RestartPolicy.NEVER;
        }
        List<Integer> success = List.of(0);
        Node stopCodes = member(o, used, "stop_exit_codes");
        if (stopCodes != null) {
            List<Integer> codes = new ArrayList<>();
            List<Node> items = stopCodes.value() instanceof List<?> ? stopCodes.array() : List.of(stopCodes);
            for (Node n : items) {
                Integer c = n.value() instanceof NumberText nt ? wholeNumber(nt) : null;
                if (c == null || c < 0 || c > 255) {
                    throw new ImportException(file, n.line(), "stop_exit_codes holds '" + jsString(n) + "', no exit"
                            + " code", "write numbers 0..255");
                }
                codes.add(c);
            }
            if (policy == RestartPolicy.ALWAYS) {
                policy = RestartPolicy.ON_FAILURE;
                success = codes.contains(0) ? codes : prepend(0, codes);
                if (!codes.contains(0)) {
                    warnings.add(new ImportWarning(file, stopCodes.line(), name, "stop_exit_codes", "pm2 restarts"
                            + " after exit 0 here; svcctl always counts 0 as clean, so it is added"));
                }
            }
        }
        Duration delay = Duration.ZERO;
        Optional<Duration> maxDelay = Optional.empty();
        Node restartDelay = member(o, used, "restart_delay");
        if (restartDelay != null) {
            delay = Duration.ofMillis(millis(file, restartDelay, "restart_delay"));
        }
        Node backoff = member(o, used, "exp_backoff_restart_delay");
        if (backoff != null) {
            delay = Duration.ofMillis(millis(file, backoff, "exp_backoff_restart_delay"));
            maxDelay = Optional.of(EXP_BACKOFF_CAP);
            warnings.add(new ImportWarning(file, backoff.line(), name, "exp_backoff_restart_delay", "pm2 grows the"
                    + " delay by 1.5x per restart up to 15s; svcctl starts at the same delay with the same cap, and"
                    + " grows it its own way"));
        }
        for (String key : List.of("max_restarts", "min_uptime")) {
            Node n = member(o, used, key);
            if (n != null) {
                warnings.add(new ImportWarning(file, n.line(), name, key, "pm2 gives up after max_restarts restarts"
                        + " that each ran shorter than min_uptime; svcctl gives up after restart.burst restarts"
                        + " within restart.window (defaults kept; set them to taste)"));
            }
        }
        b.restart(new RestartSpec(policy, delay, maxDelay, RestartSpec.DEFAULT.burst(), RestartSpec.DEFAULT.window(),
                success));

        // stop
        Signal signal = Signal.INT;
        Node killSignal = member(o, used, "kill_signal");
        if (killSignal != null) {
            String s = string(file, killSignal, "kill_signal").toUpperCase(Locale.ROOT);
            Signal found = null;
            for (Signal candidate : Signal.values()) {
                if (candidate.sigName().equals(s) || candidate.name().equals(s)) {
                    found = candidate;
                }
            }
            if (found == null) {
                warnings.add(new ImportWarning(file, killSignal.line(), name, "kill_signal", "'" + s + "' is none of"
                        + " the signals a spec can name; SIGINT (pm2's default) kept"));
            } else {
                signal = found;
            }
        }
        long killMs = DEFAULT_KILL_TIMEOUT_MS;
        Node killTimeout = member(o, used, "kill_timeout");
        if (killTimeout != null) {
            killMs = millis(file, killTimeout, "kill_timeout");
            if (killMs <= 0) {
                warnings.add(new ImportWarning(file, killTimeout.line(), name, "kill_timeout", "pm2 kills at once;"
                        + " a spec's stop.timeout is longer than 0: 1ms used"));
                killMs = 1;
            }
        }
        StopMode stopMode = StopMode.GROUP;
        Node treekill = member(o, used, "treekill");
        if (treekill != null && Boolean.FALSE.equals(treekill.value())) {
            stopMode = StopMode.PROCESS;
        }
        b.stop(new StopSpec(signal, Duration.ofMillis(killMs), stopMode));

        // user
        Node user = member(o, used, "uid");
        Node userAlias = member(o, used, "user");
        if (user == null) {
            user = userAlias;
        }
        if (user != null) {
            b.user(jsString(user));
        }
        Node gid = member(o, used, "gid");
        if (gid != null) {
            b.group(jsString(gid));
        }

        b.logs(logs(file, o, used, name, warnings));

        for (Map.Entry<String, Node> e : o.entrySet()) {
            if (used.contains(e.getKey())) {
                continue;
            }
            String why = switch (e.getKey()) {
                case "watch", "ignore_watch", "watch_options", "watch_delay" -> "pm2 restarts the app when files"
                        + " change; svcctl does not watch files";
                case "cron_restart", "cron" -> "pm2 restarts the app on a schedule; svcctl has no schedule (a"
                        + " systemd timer or cron job running `svcctl restart " + name + "` does it)";
                case "max_memory_restart" -> "pm2 restarts the app above this memory; svcctl's limits.memory is a"
                        + " hard limit the platform enforces, not the same: not set";
                case "wait_ready", "listen_timeout" -> "pm2 waits for process.send('ready'); svcctl's readiness:"
                        + " (notify, tcp, http, exec) says when the program is up";
                case "merge_logs", "combine_logs" -> "only names the log files of several instances; one instance"
                        + " here, nothing to do";
                case "log_date_format", "time" -> "pm2 prefixes log lines with a time; svcctl writes them as the"
                        + " program does";
                case "namespace", "version", "vizion", "pmx", "automation", "source_map_support",
                        "disable_source_map_support", "instance_var", "increment_var", "filter_env", "force",
                        "post_update", "shutdown_with_message", "append_env_to_name" ->
                        "a pm2-only setting with no svcctl equivalent";
                default -> "not a pm2 app setting svcctl knows; not imported";
            };
            warnings.add(new ImportWarning(file, e.getValue().line(), name, e.getKey(), why));
        }
        return ImportedSpecs.validated(b.build(), file, app.line());
    }

    private LogsSpec logs(String file, Map<String, Node> o, Set<String> used, String name,
                          List<ImportWarning> warnings) throws ImportException {
        Node disable = member(o, used, "disable_logs");
        if (disable != null && Boolean.TRUE.equals(disable.value())) {
            return new LogsSpec(LogTarget.DISCARD, LogTarget.DISCARD, Optional.empty(), Optional.empty());
        }
        LogTarget[] targets = {LogTarget.FILE, LogTarget.FILE}; // pm2 writes ~/.pm2/logs/NAME-out.log, -error.log
        String[] dirs = new String[2];
        String[][] keys = {{"out_file", "output"}, {"error_file", "error"}};
        String[] bases = {"stdout.log", "stderr.log"};
        for (int i = 0; i < 2; i++) {
            Node n = member(o, used, keys[i][0]);
            Node alias = member(o, used, keys[i][1]);
            if (n == null) {
                n = alias;
            }
            if (n == null) {
                continue;
            }
            if (Boolean.FALSE.equals(n.value()) || "/dev/null".equals(n.value()) || "NULL".equals(n.value())) {
                targets[i] = LogTarget.DISCARD;
                continue;
            }
            String path = string(file, n, keys[i][0]);
            if (!path.startsWith("/")) {
                throw new ImportException(file, n.line(), keys[i][0] + " '" + path + "' is relative to where pm2"
                        + " started", "write an absolute path");
            }
            int slash = path.lastIndexOf('/');
            dirs[i] = slash == 0 ? "/" : path.substring(0, slash);
            if (!path.substring(slash + 1).equals(bases[i])) {
                warnings.add(new ImportWarning(file, n.line(), name, keys[i][0], "svcctl writes " + bases[i]
                        + " in logs.dir " + dirs[i] + ", not " + path.substring(slash + 1)));
            }
        }
        if (dirs[0] != null && dirs[1] != null && !dirs[0].equals(dirs[1])) {
            Node n = o.containsKey("error_file") ? o.get("error_file") : o.get("error");
            warnings.add(new ImportWarning(file, n.line(), name, "error_file", "svcctl keeps both streams in one"
                    + " logs.dir; " + dirs[0] + " (out_file's) is used"));
        }
        Node combined = member(o, used, "log_file");
        Node combinedAlias = member(o, used, "log");
        if (combined == null) {
            combined = combinedAlias;
        }
        if (combined != null) {
            warnings.add(new ImportWarning(file, combined.line(), name, "log_file", "pm2 also writes both streams"
                    + " into one file; svcctl keeps them apart"));
        }
        return new LogsSpec(targets[0], targets[1], Optional.ofNullable(dirs[0] != null ? dirs[0] : dirs[1]),
                Optional.empty());
    }

    // ----- values -----

    private static Node member(Map<String, Node> o, Set<String> used, String key) {
        used.add(key);
        return o.get(key);
    }

    private List<String> argList(String file, Node n, String key, String name, List<ImportWarning> warnings)
            throws ImportException {
        if (n.isString()) {
            List<String> split = Pm2Args.split((String) n.value());
            warnings.add(new ImportWarning(file, n.line(), name, key, "pm2 7 cuts a string " + key + " at blanks"
                    + " outside quotes, removing the quotes only around a whole word and keeping key=\"v\" whole;"
                    + " svcctl passes what pm2 7 would: " + split + " (pm2 before 7 cut differently: write " + key
                    + " as an array to be sure)"));
            return split;
        }
        if (n.value() instanceof List<?>) {
            List<String> out = new ArrayList<>();
            for (Node item : n.array()) {
                String s = jsString(item);
                if (s == null) {
                    throw new ImportException(file, item.line(), key + " holds a value that is no text",
                            "write strings");
                }
                out.add(s);
            }
            return out;
        }
        throw new ImportException(file, n.line(), key + " is a string or an array of strings", "write [\"--port\","
                + " \"8080\"]");
    }

    private static String string(String file, Node n, String key) throws ImportException {
        if (!n.isString()) {
            throw new ImportException(file, n.line(), key + " must be a string", "quote it");
        }
        return (String) n.value();
    }

    /** The text node's String() gives for a JSON scalar (numbers as JavaScript prints them); null for others. */
    static String jsString(Node n) {
        Object v = n.value();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean bool) {
            return bool.toString();
        }
        if (v instanceof NumberText nt) {
            BigDecimal d = new BigDecimal(nt.text());
            if (d.signum() == 0) {
                return "0";
            }
            try {
                BigDecimal whole = d.stripTrailingZeros();
                if (whole.scale() <= 0 && whole.abs().compareTo(new BigDecimal("1e21")) < 0) {
                    return whole.toBigIntegerExact().toString();
                }
            } catch (ArithmeticException ignored) {
                // not whole
            }
            String java = Double.toString(d.doubleValue());
            return java.contains("E") ? null : java;
        }
        return null;
    }

    private static Integer wholeNumber(NumberText nt) {
        try {
            return new BigDecimal(nt.text()).intValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static long millis(String file, Node n, String key) throws ImportException {
        if (n.value() instanceof NumberText nt) {
            try {
                return new BigDecimal(nt.text()).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            } catch (ArithmeticException e) {
                // fall through
            }
        }
        if (n.value() instanceof String s && s.matches("\\d+")) {
            return Long.parseLong(s);
        }
        throw new ImportException(file, n.line(), key + " is a number of milliseconds", "write e.g. 3000");
    }

    private static List<Integer> prepend(int first, List<Integer> rest) {
        List<Integer> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static String defaultName(String script) {
        String base = script.substring(script.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String extension(String script) {
        String base = script.substring(script.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(dot).toLowerCase(Locale.ROOT) : "";
    }

    private static String dirOf(String file) {
        if (!file.startsWith("/")) {
            return null;
        }
        int slash = file.lastIndexOf('/');
        return slash == 0 ? "/" : file.substring(0, slash);
    }

    private static String normalize(String path) {
        return java.nio.file.Path.of(path).normalize().toString();
    }
}
