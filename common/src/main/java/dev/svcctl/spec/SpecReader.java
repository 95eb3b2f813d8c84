package dev.svcctl.spec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks the YAML node tree of one spec file and builds the model, collecting every error on the way. Values that
 * are wrong are reported and replaced by defaults so that the walk can go on and find the rest.
 */
final class SpecReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    /** Names Windows keeps for devices, in any case, alone or before an extension ({@code nul.txt}). */
    static final Pattern WINDOWS_DEVICE = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern POSIX_ACCOUNT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?|\\d{1,10}");
    static final Pattern DIRECTIVE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern CPU = Pattern.compile("(\\d{1,6})%");
    /** What a misspelt key looks like; any other key is shown cut to its first {@link #SHOWN_KEY_CODE_POINTS}. */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final int SHOWN_KEY_CODE_POINTS = 3;
    /** Visits of nodes; bounds the work an alias-heavy file can cause. */
    private static final int NODE_BUDGET = 50_000;

    static final Set<String> TOP_KEYS = Set.of("name", "displayName", "description", "exec", "args",
            "workingDirectory", "user", "group", "env", "envFile", "scope", "startup", "dependsOn", "after",
            "restart", "stop", "reload", "logs", "limits", "priority", "healthCheck", "supervisor", "platform");

    private final String file;
    private final List<SpecError> errors = new ArrayList<>();
    private final Map<String, SourceLocation> locations = new HashMap<>();
    private int visits;
    private boolean budgetExceeded;

    SpecReader(String file) {
        this.file = file;
    }

    LoadedSpec read(Node root) throws InvalidSpecException {
        if (root instanceof MappingNode map && !hasAnySpecKey(map)) {
            // Say nothing of what the file holds: run as root, svcctl may be pointed at a file its caller cannot read.
            error(root, "this is not a service spec: none of its " + map.getValue().size()
                    + " top-level keys is a spec key", "a spec is a map with at least 'name' and 'exec'");
            throw new InvalidSpecException(errors);
        }
        Obj top = object(root, "", TOP_KEYS);
        if (top == null) {
            throw new InvalidSpecException(errors);
        }
        // Plain calls rather than lambdas and method references: svcctl loads one spec per short run, and linking
        // a lambda's call site costs such a run about 0.3 ms each (bench/startup).
        String name = top.required("name", STRING, Check.NAME, "billing-api");
        String exec = top.required("exec", STRING, Check.EXEC, "/opt/app/bin/server");
        ServiceSpec.Builder b = ServiceSpec.builder(name == null ? "invalid" : name, exec == null ? "/" : exec);
        b.displayName(top.optional("displayName", STRING, Check.ONE_LINE).orElse(null));
        b.description(top.optional("description", STRING, Check.ONE_LINE).orElse(null));
        b.args(top.list("args", LENIENT_STRING, Check.NONE));
        b.workingDirectory(top.optional("workingDirectory", STRING, Check.ABSOLUTE_PATH).orElse(null));
        b.user(top.optional("user", LENIENT_STRING, Check.ACCOUNT).orElse(null));
        b.group(top.optional("group", LENIENT_STRING, Check.ACCOUNT).orElse(null));
        b.env(top.env("env"));
        b.envFile(top.optional("envFile", STRING, Check.ABSOLUTE_PATH).orElse(null));
        b.scope(top.enumValue("scope", Scope.class, Scope.SYSTEM));
        b.startup(top.enumValue("startup", Startup.class, Startup.AUTO));
        b.dependsOn(top.list("dependsOn", STRING, Check.NAME));
        b.after(top.list("after", MILESTONE, Check.NONE));
        Obj restart = top.object("restart", Set.of("policy", "delay", "maxDelay", "burst", "window",
                "successExitCodes")).orElse(null);
        if (restart != null) {
            b.restart(restart(restart));
        }
        Obj stop = top.object("stop", Set.of("signal", "timeout")).orElse(null);
        if (stop != null) {
            b.stop(new StopSpec(stop.signal("signal", StopSpec.DEFAULT.signal()),
                    stop.duration("timeout", StopSpec.DEFAULT.timeout())));
        }
        Obj reload = top.object("reload", Set.of("signal")).orElse(null);
        if (reload != null) {
            b.reloadSignal(reload.required("signal", SIGNAL, Check.NONE, "HUP"));
        }
        Obj logs = top.object("logs", Set.of("stdout", "stderr", "dir", "rotate")).orElse(null);
        if (logs != null) {
            b.logs(logs(logs));
        }
        Obj limits = top.object("limits", Set.of("openFiles", "processes", "memory", "cpu")).orElse(null);
        if (limits != null) {
            b.limits(limits(limits));
        }
        OptionalInt priority = top.integer("priority", -20, 19);
        if (priority.isPresent()) {
            b.priority(priority.getAsInt());
        }
        Obj healthCheck = top.object("healthCheck", Set.of("http", "tcp", "exec", "interval", "timeout", "retries",
                "startPeriod")).orElse(null);
        if (healthCheck != null) {
            b.healthCheck(healthCheck(healthCheck));
        }
        b.supervisor(top.enumValue("supervisor", SupervisorMode.class, SupervisorMode.AUTO));
        Obj platform = top.object("platform", Set.of("systemd", "windows", "launchd")).orElse(null);
        if (platform != null) {
            b.platform(platform(platform));
        }

        if (!errors.isEmpty()) {
            errors.sort((x, y) -> x.location().line() != y.location().line()
                    ? Integer.compare(x.location().line(), y.location().line())
                    : Integer.compare(x.location().column(), y.location().column()));
            throw new InvalidSpecException(errors);
        }
        return new LoadedSpec(b.build(), new SourceMap(file, locations));
    }

    private RestartSpec restart(Obj r) {
        RestartSpec d = RestartSpec.DEFAULT;
        RestartPolicy policy = r.enumValue("policy", RestartPolicy.class, d.policy());
        Duration delay = r.duration("delay", d.delay());
        Optional<Duration> maxDelay = r.optional("maxDelay", DURATION, Check.NONE);
        int burst = r.integer("burst", 1, 10_000).orElse(d.burst());
        Duration window = r.duration("window", d.window());
        List<Integer> codes = r.has("successExitCodes")
                ? r.list("successExitCodes", EXIT_CODE, Check.NONE)
                : d.successExitCodes();
        if (maxDelay.isPresent() && maxDelay.get().compareTo(delay) < 0) {
            r.error("maxDelay", "maxDelay (" + Durations.format(maxDelay.get()) + ") is shorter than delay ("
                    + Durations.format(delay) + ")", "maxDelay caps the doubling of delay");
        }
        if (window.isZero()) {
            r.error("window", "window must be longer than 0", "e.g. 60s");
        }
        return new RestartSpec(policy, delay, maxDelay, burst, window, codes);
    }

    private LogsSpec logs(Obj l) {
        LogTarget out = l.enumValue("stdout", LogTarget.class, LogTarget.DEFAULT);
        LogTarget err = l.enumValue("stderr", LogTarget.class, LogTarget.DEFAULT);
        Optional<String> dir = l.optional("dir", STRING, Check.ABSOLUTE_PATH);
        Obj r = l.object("rotate", Set.of("size", "every", "keep", "compress", "maxTotal")).orElse(null);
        Optional<RotateSpec> rotate = r == null ? Optional.empty() : Optional.of(new RotateSpec(r.size("size"),
                r.enumValue("every", RotateEvery.class, RotateEvery.NONE),
                r.integer("keep", 1, 10_000).orElse(RotateSpec.DEFAULT_KEEP), r.bool("compress", false),
                r.size("maxTotal")));
        return new LogsSpec(out, err, dir, rotate);
    }

    private LimitsSpec limits(Obj l) {
        OptionalLong openFiles = l.integer("openFiles", 1, Integer.MAX_VALUE).stream().asLongStream().findFirst();
        OptionalLong processes = l.integer("processes", 1, Integer.MAX_VALUE).stream().asLongStream().findFirst();
        OptionalLong memory = l.size("memory");
        OptionalInt cpu = OptionalInt.empty();
        Optional<String> cpuText = l.optional("cpu", STRING, Check.NONE);
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

    private HealthCheckSpec healthCheck(Obj h) {
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
            target = h.optional("http", STRING, Check.HTTP_URL).orElse("");
        } else if (probes.contains("tcp")) {
            kind = HealthCheckSpec.Kind.TCP;
            target = h.optional("tcp", STRING, Check.HOST_PORT).orElse("");
        } else if (probes.contains("exec")) {
            kind = HealthCheckSpec.Kind.EXEC;
            command = h.list("exec", LENIENT_STRING, Check.NONE);
            if (command.isEmpty()) {
                h.error("exec", "healthCheck.exec is empty", "give the command and its arguments as a list");
            } else if (Check.EXEC.problem(command.get(0)) != null) {
                h.error("exec[0]", Check.EXEC.problem(command.get(0)), null);
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

    private PlatformSpec platform(Obj p) {
        PlatformSpec.Systemd systemd = p.object("systemd", Set.of("unit", "service", "install"))
                .map(s -> new PlatformSpec.Systemd(s.directives("unit"), s.directives("service"),
                        s.directives("install")))
                .orElse(PlatformSpec.Systemd.NONE);
        PlatformSpec.Windows windows = p.object("windows",
                        Set.of("account", "passwordEnv", "failureActions", "preshutdownTimeout", "eventLog"))
                .map(w -> new PlatformSpec.Windows(
                        w.optional("account", STRING, Check.WINDOWS_ACCOUNT).orElse("LocalSystem"),
                        w.optional("passwordEnv", STRING, Check.ENV_NAME),
                        w.enumValue("failureActions", PlatformSpec.FailureActions.class,
                                PlatformSpec.FailureActions.AUTO),
                        w.optional("preshutdownTimeout", DURATION, Check.NONE),
                        w.bool("eventLog", true)))
                .orElse(PlatformSpec.Windows.DEFAULT);
        PlatformSpec.Launchd launchd = p.object("launchd", Set.of("label", "plist"))
                .map(l -> new PlatformSpec.Launchd(l.optional("label", STRING, Check.LABEL), l.plist("plist")))
                .orElse(PlatformSpec.Launchd.DEFAULT);
        return new PlatformSpec(systemd, windows, launchd);
    }

    // ---- value checks: each returns null when the value is fine, else the message ----

    /** A check of a string value: answers null when the value is fine, else the message. */
    private enum Check {
        NONE {
            @Override
            String problem(String v) {
                return null;
            }
        },
        NAME {
            @Override
            String problem(String v) {
                if (!SpecReader.NAME.matcher(v).matches()) {
                    return "'" + v + "' is not a valid service name: use 1 to 80 letters, digits, '_', '.' or '-',"
                            + " starting with a letter or digit";
                }
                // A spec is portable: these become device paths or collide on Windows, whatever the backend.
                if (WINDOWS_DEVICE.matcher(v).matches()) {
                    return "'" + v + "' is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with"
                            + " an extension); a spec must work on every backend, so choose another name";
                }
                return v.endsWith(".") ? "'" + v + "' ends with '.', which Windows drops from names; a spec must"
                        + " work on every backend, so remove it" : null;
            }
        },
        ONE_LINE {
            @Override
            String problem(String v) {
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c < 0x20 && c != '\t' || c == 0x7f) {
                        return "must be one line of text without control characters";
                    }
                }
                return null;
            }
        },
        ABSOLUTE_PATH {
            @Override
            String problem(String v) {
                return Paths.isAbsolute(v) ? Paths.normalized(v) : "'" + v + "' is not an absolute path";
            }
        },
        EXEC {
            @Override
            String problem(String v) {
                if (v.isEmpty()) {
                    return "exec is empty";
                }
                if (Paths.isAbsolute(v)) {
                    return Paths.normalized(v);
                }
                return v.contains("/") || v.contains("\\")
                        ? "'" + v + "' is a relative path; give an absolute path or a bare command name found on PATH"
                        : null;
            }
        },
        ACCOUNT {
            @Override
            String problem(String v) {
                return POSIX_ACCOUNT.matcher(v).matches() ? null : "'" + v + "' is not a valid user or group name";
            }
        },
        ENV_NAME {
            @Override
            String problem(String v) {
                return SpecReader.ENV_NAME.matcher(v).matches() ? null
                        : "'" + v + "' is not a valid environment variable name (letters, digits and '_', not"
                                + " starting with a digit)";
            }
        },
        LABEL {
            @Override
            String problem(String v) {
                return v.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}") ? null
                        : "'" + v + "' is not a valid launchd label (letters, digits, '_', '.', '-')";
            }
        },
        WINDOWS_ACCOUNT {
            @Override
            String problem(String v) {
                boolean control = false;
                for (int i = 0; i < v.length(); i++) {
                    control |= v.charAt(i) < 0x20;
                }
                return v.isEmpty() || control ? "'" + v + "' is not a valid account name" : null;
            }
        },
        HTTP_URL {
            @Override
            String problem(String v) {
                try {
                    var uri = new java.net.URI(v);
                    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                        return "'" + v + "' is not an http(s) URL with a host";
                    }
                    return null;
                } catch (java.net.URISyntaxException e) {
                    return "'" + v + "' is not a valid URL: " + e.getReason();
                }
            }
        },
        HOST_PORT {
            @Override
            String problem(String v) {
                int colon = v.lastIndexOf(':');
                if (colon <= 0 || !v.substring(colon + 1).matches("\\d{1,5}")
                        || Integer.parseInt(v.substring(colon + 1)) > 65535
                        || Integer.parseInt(v.substring(colon + 1)) == 0) {
                    return "'" + v + "' is not HOST:PORT (e.g. 127.0.0.1:5432)";
                }
                return null;
            }
        };

        abstract String problem(String v);
    }

    // The value readers, one instance each (every lambda or method reference is linked separately).
    private static final ValueReader<String> STRING = Obj::string;
    private static final ValueReader<String> LENIENT_STRING = Obj::lenientString;
    private static final ValueReader<Duration> DURATION = Obj::durationValue;
    private static final ValueReader<Signal> SIGNAL = Obj::signalValue;
    private static final ValueReader<Milestone> MILESTONE = (o, p, n) -> o.enumOf(p, n, Milestone.class);
    private static final ValueReader<Integer> EXIT_CODE = (o, p, n) -> o.intValue(p, n, 0, 255);

    // ---- the walk ----

    private Obj object(Node node, String path, Set<String> keys) {
        if (!(node instanceof MappingNode map)) {
            error(node, path.isEmpty() ? "the spec must be a map of keys (name: ..., exec: ...)"
                    : path + " must be a map", null);
            return null;
        }
        return new Obj(map, path, keys);
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

    /**
     * A key as an error shows it: whole when it looks like a key name, else only its first characters, so that a
     * line of a file that is no spec (a password hash followed by a colon) is not printed.
     */
    static String shownKey(String key) {
        if (KEY_LIKE.matcher(key).matches() || key.codePointCount(0, key.length()) <= SHOWN_KEY_CODE_POINTS) {
            return key;
        }
        return key.substring(0, key.offsetByCodePoints(0, SHOWN_KEY_CODE_POINTS)) + "…";
    }

    private boolean visit(Node node) {
        if (++visits > NODE_BUDGET) {
            if (!budgetExceeded) {
                budgetExceeded = true;
                error(node, "the spec expands to more than " + NODE_BUDGET + " values",
                        "aliases that repeat lists or maps multiply; write the values out");
            }
            return false;
        }
        return true;
    }

    private void error(Node node, String message, String hint) {
        errors.add(new SpecError(location(node), message, hint));
    }

    private SourceLocation location(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? new SourceLocation(file, 1, 1)
                : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing (null)";
        }
        if (Tag.INT.equals(tag)) {
            return "a number";
        }
        if (Tag.FLOAT.equals(tag)) {
            return "a decimal number";
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean";
        }
        if (Tag.TIMESTAMP.equals(tag)) {
            return "a date";
        }
        return Tag.STR.equals(tag) ? "a string" : "a value tagged " + shortTag(tag);
    }

    private static String shortTag(Tag tag) {
        return tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
                : tag.getValue();
    }

    /** The tags YAML gives plain scalars by itself; an explicit other tag (!!binary, !secret) is not spec text. */
    private static boolean isPlainScalarTag(Tag tag) {
        return Tag.STR.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag)
                || Tag.TIMESTAMP.equals(tag);
    }

    /** Reads one value node into a Java value, reporting an error and answering null when it does not fit. */
    @FunctionalInterface
    interface ValueReader<T> {
        T read(Obj obj, String path, Node node);
    }

    /** One YAML map of the spec, with its allowed keys. */
    final class Obj {
        private final String path;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        private final Node node;

        Obj(MappingNode map, String path, Set<String> keys) {
            this.node = map;
            this.path = path;
            locations.putIfAbsent(path, location(map)); // a nested map is located by its key
            for (NodeTuple tuple : map.getValue()) {
                if (!visit(tuple.getKeyNode())) {
                    return;
                }
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    SpecReader.this.error(tuple.getKeyNode(), (path.isEmpty() ? "" : path + ": ") + "keys must be plain names", null);
                    continue;
                }
                String key = keyNode.getValue();
                if (entries.containsKey(key)) {
                    SpecReader.this.error(keyNode, "duplicate key '" + child(path, shownKey(key)) + "'",
                            "each key may appear once");
                    continue;
                }
                if (keys != null && !keys.contains(key)) {
                    String suggestion = Suggestions.closest(key, keys);
                    SpecReader.this.error(keyNode, "unknown key '" + child(path, shownKey(key)) + "'",
                            suggestion != null ? "did you mean '" + suggestion + "'?"
                                    : "allowed here: " + String.join(", ", new java.util.TreeSet<>(keys)));
                    continue;
                }
                entries.put(key, tuple);
                locations.put(child(path, key), location(keyNode));
            }
        }

        boolean has(String key) {
            NodeTuple t = entries.get(key);
            return t != null && !Tag.NULL.equals(t.getValueNode().getTag());
        }

        void error(String key, String message, String hint) {
            NodeTuple t = entries.get(key);
            SpecReader.this.error(t == null ? node : t.getValueNode(),
                    (key.isEmpty() ? path : child(path, key)) + ": " + message, hint);
        }

        private Node value(String key) {
            NodeTuple t = entries.get(key);
            if (t == null) {
                return null;
            }
            Node v = t.getValueNode();
            if (Tag.NULL.equals(v.getTag())) {
                SpecReader.this.error(v, child(path, key) + " has no value", "give a value or remove the key");
                return null;
            }
            return visit(v) ? v : null;
        }

        <T> T required(String key, ValueReader<T> reader, Check check, String example) {
            if (!entries.containsKey(key)) {
                SpecReader.this.error(node, "missing required key '" + child(path, key) + "'",
                        "add e.g. '" + key + ": " + example + "'");
                return null;
            }
            return optional(key, reader, check).orElse(null);
        }

        <T> Optional<T> optional(String key, ValueReader<T> reader, Check check) {
            Node v = value(key);
            if (v == null) {
                return Optional.empty();
            }
            T value = reader.read(this, child(path, key), v);
            if (value instanceof String s) {
                String problem = check.problem(s);
                if (problem != null) {
                    SpecReader.this.error(v, child(path, key) + ": " + problem, null);
                    return Optional.empty();
                }
            }
            return Optional.ofNullable(value);
        }

        Optional<Obj> object(String key, Set<String> keys) {
            Node v = value(key);
            return v == null ? Optional.empty() : Optional.ofNullable(SpecReader.this.object(v, child(path, key), keys));
        }

        <T> List<T> list(String key, ValueReader<T> reader, Check check) {
            Node v = value(key);
            if (v == null) {
                return List.of();
            }
            String listPath = child(path, key);
            if (!(v instanceof SequenceNode seq)) {
                SpecReader.this.error(v, listPath + " must be a list, not " + describe(v),
                        "write it as [a, b] or as lines starting with '- '");
                return List.of();
            }
            List<T> out = new ArrayList<>();
            int i = 0;
            for (Node item : seq.getValue()) {
                String itemPath = listPath + "[" + i++ + "]";
                if (!visit(item)) {
                    break;
                }
                locations.put(itemPath, location(item));
                T value = reader.read(this, itemPath, item);
                if (value instanceof String s && check.problem(s) != null) {
                    SpecReader.this.error(item, itemPath + ": " + check.problem(s), null);
                } else if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }

        Map<String, String> env(String key) {
            Node v = value(key);
            if (v == null) {
                return Map.of();
            }
            Obj env = SpecReader.this.object(v, child(path, key), null);
            if (env == null) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (var e : env.entries.entrySet()) {
                String name = e.getKey();
                if (Check.ENV_NAME.problem(name) != null) {
                    String shown = shownKey(name); // a cut name is no valid name either
                    SpecReader.this.error(e.getValue().getKeyNode(), child(env.path, shown) + ": "
                            + Check.ENV_NAME.problem(shown), "names like JAVA_OPTS work on every platform");
                    continue;
                }
                Node valueNode = e.getValue().getValueNode();
                if (Tag.NULL.equals(valueNode.getTag()) && valueNode instanceof ScalarNode s
                        && s.getValue().isEmpty()) {
                    SpecReader.this.error(valueNode, child(env.path, name) + " has no value",
                            "write " + name + ": \"\" for an empty value");
                    continue;
                }
                String value = env.lenientString(child(env.path, name), valueNode);
                if (value != null) {
                    out.put(name, value);
                }
            }
            return out;
        }

        Map<String, List<String>> directives(String key) {
            Node v = value(key);
            if (v == null) {
                return Map.of();
            }
            Obj section = SpecReader.this.object(v, child(path, key), null);
            if (section == null) {
                return Map.of();
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String name : section.entries.keySet()) {
                String itemPath = child(section.path, name);
                if (!DIRECTIVE.matcher(name).matches()) {
                    SpecReader.this.error(section.entries.get(name).getKeyNode(),
                            itemPath + ": '" + name + "' is not a systemd directive name", "e.g. LimitCORE");
                    continue;
                }
                Node valueNode = section.entries.get(name).getValueNode();
                List<String> values = valueNode instanceof SequenceNode
                        ? section.list(name, LENIENT_STRING, Check.NONE)
                        : section.optional(name, LENIENT_STRING, Check.NONE).map(List::of).orElse(List.of());
                for (String value : values) {
                    if (value.contains("\n") || value.contains("\r")) {
                        SpecReader.this.error(valueNode, itemPath + ": a directive value cannot span lines",
                                "give several values as a list");
                    }
                }
                out.put(name, values);
            }
            return out;
        }

        Map<String, Object> plist(String key) {
            Node v = value(key);
            if (v == null) {
                return Map.of();
            }
            Object value = plistValue(child(path, key), v);
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                return typed;
            }
            if (value != null) {
                SpecReader.this.error(v, child(path, key) + " must be a map of plist keys", null);
            }
            return Map.of();
        }

        private Object plistValue(String at, Node v) {
            if (!visit(v)) {
                return null;
            }
            locations.put(at, location(v));
            if (v instanceof MappingNode map) {
                Map<String, Object> out = new LinkedHashMap<>();
                Set<String> seen = new java.util.HashSet<>();
                for (NodeTuple t : map.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        SpecReader.this.error(t.getKeyNode(), at + ": plist keys must be strings", null);
                        continue;
                    }
                    if (!seen.add(k.getValue())) {
                        SpecReader.this.error(k, "duplicate key '" + at + "." + k.getValue() + "'",
                                "each key may appear once");
                        continue;
                    }
                    Object value = plistValue(at + "." + k.getValue(), t.getValueNode());
                    if (value != null) {
                        out.put(k.getValue(), value);
                    }
                }
                return java.util.Collections.unmodifiableMap(out);
            }
            if (v instanceof SequenceNode seq) {
                List<Object> out = new ArrayList<>();
                int i = 0;
                for (Node item : seq.getValue()) {
                    Object value = plistValue(at + "[" + i++ + "]", item);
                    if (value != null) {
                        out.add(value);
                    }
                }
                return java.util.Collections.unmodifiableList(out);
            }
            ScalarNode s = (ScalarNode) v;
            Tag tag = s.getTag();
            try {
                if (Tag.INT.equals(tag)) {
                    return YamlNumbers.integer(s.getValue()).longValueExact();
                }
                if (Tag.FLOAT.equals(tag)) {
                    return Double.parseDouble(s.getValue().replace("_", ""));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                SpecReader.this.error(v, at + ": '" + s.getValue() + "' is not a number plist can hold", null);
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return bool(s.getValue());
            }
            if (Tag.NULL.equals(tag)) {
                SpecReader.this.error(v, at + " has no value", "plist has no null; remove the key");
                return null;
            }
            return text(at, s);
        }

        String string(String at, Node v) {
            if (v instanceof ScalarNode s && !isPlainScalarTag(s.getTag())) {
                return text(at, s);
            }
            if (!(v instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
                SpecReader.this.error(v, at + " must be a string, not " + describe(v),
                        v instanceof ScalarNode ? "put it in quotes" : null);
                return null;
            }
            return text(at, s);
        }

        /** Numbers and booleans are taken exactly as written ({@code 8080}, {@code 1.10}, {@code yes}). */
        String lenientString(String at, Node v) {
            if (!(v instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
                SpecReader.this.error(v, at + " must be a string, not " + describe(v),
                        v instanceof ScalarNode ? "write \"\" for an empty string" : null);
                return null;
            }
            return text(at, s);
        }

        private String text(String at, ScalarNode s) {
            if (!isPlainScalarTag(s.getTag())) {
                SpecReader.this.error(s, at + ": the YAML tag " + shortTag(s.getTag()) + " is not supported",
                        "remove the tag; a spec holds plain values");
                return null;
            }
            String value = s.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == 0) {
                    SpecReader.this.error(s, at + " contains a NUL character, which no platform can pass to a"
                            + " program", null);
                    return null;
                }
                if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1)))) {
                    if (Character.isHighSurrogate(c) || i == 0 || !Character.isHighSurrogate(value.charAt(i - 1))) {
                        SpecReader.this.error(s, at + " contains a lone UTF-16 surrogate, which is not a character",
                                "write the character itself, or its \\U escape");
                        return null;
                    }
                }
            }
            return value;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
            Node v = value(key);
            if (v == null) {
                return fallback;
            }
            E e = enumOf(child(path, key), v, type);
            return e == null ? fallback : e;
        }

        <E extends Enum<E>> E enumOf(String at, Node v, Class<E> type) {
            Map<String, E> byKey = new LinkedHashMap<>();
            for (E e : type.getEnumConstants()) {
                byKey.put(e instanceof Milestone m ? m.key() : e.name().toLowerCase(Locale.ROOT).replace('_', '-'), e);
            }
            String text = v instanceof ScalarNode s ? s.getValue() : null;
            if (text == null || !byKey.containsKey(text)) {
                String suggestion = text == null ? null : Suggestions.closest(text, byKey.keySet());
                SpecReader.this.error(v, at + ": " + (text == null ? describe(v) : "'" + text + "'")
                        + " is not one of " + String.join(", ", byKey.keySet()),
                        suggestion == null ? null : "did you mean '" + suggestion + "'?");
                return null;
            }
            return byKey.get(text);
        }

        Signal signal(String key, Signal fallback) {
            Node v = value(key);
            if (v == null) {
                return fallback;
            }
            Signal s = signalValue(child(path, key), v);
            return s == null ? fallback : s;
        }

        Signal signalValue(String at, Node v) {
            String text = v instanceof ScalarNode s ? s.getValue() : "";
            String bare = text.startsWith("SIG") ? text.substring(3) : text;
            for (Signal s : Signal.values()) {
                if (s.name().equals(bare)) {
                    return s;
                }
            }
            SpecReader.this.error(v, at + ": '" + text + "' is not a signal svcctl supports",
                    "one of TERM, INT, HUP, QUIT, KILL, USR1, USR2");
            return null;
        }

        Duration duration(String key, Duration fallback) {
            return optional(key, DURATION, Check.NONE).orElse(fallback);
        }

        Duration durationValue(String at, Node v) {
            if (!(v instanceof ScalarNode s) || !(Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag()))) {
                SpecReader.this.error(v, at + " must be a duration, not " + describe(v), "e.g. 5s or 1m30s");
                return null;
            }
            if (Tag.INT.equals(s.getTag())) {
                if (YamlNumbers.isZero(s.getValue())) {
                    return Duration.ZERO;
                }
                SpecReader.this.error(v, at + ": '" + s.getValue() + "' has no unit", "e.g. " + s.getValue() + "s");
                return null;
            }
            try {
                return Durations.parse(s.getValue());
            } catch (IllegalArgumentException e) {
                SpecReader.this.error(v, at + ": " + e.getMessage(), null);
                return null;
            }
        }

        OptionalLong size(String key) {
            Node v = value(key);
            if (v == null) {
                return OptionalLong.empty();
            }
            String at = child(path, key);
            if (!(v instanceof ScalarNode s) || !(Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag()))) {
                SpecReader.this.error(v, at + " must be a size, not " + describe(v), "e.g. 10MB");
                return OptionalLong.empty();
            }
            try {
                long bytes = Tag.INT.equals(s.getTag()) ? bytes(s.getValue()) : Sizes.parse(s.getValue());
                if (bytes <= 0) {
                    SpecReader.this.error(v, at + " must be larger than 0", null);
                    return OptionalLong.empty();
                }
                return OptionalLong.of(bytes);
            } catch (IllegalArgumentException e) {
                SpecReader.this.error(v, at + ": " + e.getMessage(), null);
                return OptionalLong.empty();
            }
        }

        OptionalInt integer(String key, int min, int max) {
            Node v = value(key);
            if (v == null) {
                return OptionalInt.empty();
            }
            Integer i = intValue(child(path, key), v, min, max);
            return i == null ? OptionalInt.empty() : OptionalInt.of(i);
        }

        Integer intValue(String at, Node v, int min, int max) {
            if (!(v instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
                SpecReader.this.error(v, at + " must be a whole number, not " + describe(v), null);
                return null;
            }
            BigInteger value;
            try {
                value = YamlNumbers.integer(s.getValue());
            } catch (NumberFormatException e) {
                SpecReader.this.error(v, at + ": '" + s.getValue() + "' is not a whole number", null);
                return null;
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                SpecReader.this.error(v, at + ": " + s.getValue() + " is out of range", "allowed: " + min + " to " + max);
                return null;
            }
            return value.intValueExact();
        }

        /** A size written as a bare YAML integer: bytes. */
        private long bytes(String text) {
            try {
                return YamlNumbers.integer(text).longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too large a size");
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a size (examples: 512KB, 10MB, 1GB)");
            }
        }

        boolean bool(String key, boolean fallback) {
            Node v = value(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
                SpecReader.this.error(v, child(path, key) + " must be true or false, not " + describe(v), null);
                return fallback;
            }
            return bool(s.getValue());
        }

        private boolean bool(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            };
        }
    }
}
