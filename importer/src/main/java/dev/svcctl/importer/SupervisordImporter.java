package dev.svcctl.importer;

import dev.svcctl.importer.unix.PythonIni;
import dev.svcctl.importer.unix.PythonIni.Section;
import dev.svcctl.importer.unix.PythonIni.Value;
import dev.svcctl.importer.unix.PythonShlex;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * supervisord configuration files: each {@code [program:NAME]} section becomes a spec, its command split with
 * Python's {@code shlex.split} as supervisord does, after supervisord's {@code %(name)s} expansion.
 *
 * <p>{@code %(ENV_X)s} is expanded by supervisord from its own environment when it starts, which the importing
 * process cannot see (supervisord is usually started by init with a small environment, not from the user's shell).
 * So the importer expands it only from the environment it is given ({@link #SupervisordImporter(Map)}; none by
 * default) and warns at the line; a name it is not given is an error, as it is for supervisord.
 */
public final class SupervisordImporter implements Importer {
    private static final Pattern RECOGNIZE = Pattern.compile(
            "(?m)^[ \\t]*\\[(program:|supervisord]|group:|include]|eventlistener:|fcgi-program:|supervisorctl])");
    private static final Pattern FORMAT =
            Pattern.compile("%(?:(%)|\\(([^)]*)\\)([-#0 +]*)(\\d*)([sdir])?)");
    private static final long DEFAULT_MAXBYTES = 50L << 20;
    private static final int DEFAULT_BACKUPS = 10;

    private final Map<String, String> supervisordEnvironment;

    /** An importer that knows nothing of supervisord's environment: every {@code %(ENV_X)s} is refused. */
    public SupervisordImporter() {
        this(Map.of());
    }

    /** An importer that expands {@code %(ENV_X)s} from {@code supervisordEnvironment}, with a warning each time. */
    public SupervisordImporter(Map<String, String> supervisordEnvironment) {
        this.supervisordEnvironment = Map.copyOf(supervisordEnvironment);
    }

    @Override
    public String id() {
        return "supervisord";
    }

    @Override
    public boolean recognizes(SourceFile source) {
        return RECOGNIZE.matcher(source.text()).find();
    }

    @Override
    public ImportResult read(SourceFile source) throws ImportException {
        String file = source.path();
        List<Section> sections = PythonIni.parse(file, source.text());
        List<ImportWarning> warnings = new ArrayList<>();
        Map<String, String> groupOf = new HashMap<>();
        Map<String, String> sharedEnv = new LinkedHashMap<>();
        for (Section s : sections) {
            if (s.name().startsWith("group:")) {
                Value programs = s.options().get("programs");
                if (programs != null) {
                    for (String p : programs.text().split(",")) {
                        groupOf.put(p.strip(), s.name().substring("group:".length()));
                    }
                }
            }
        }
        List<ServiceSpec> specs = new ArrayList<>();
        for (Section s : sections) {
            String name = s.name();
            if (name.startsWith("program:")) {
                continue;
            }
            if (name.equals("supervisord")) {
                readSupervisordSection(file, s, sharedEnv, warnings);
            } else if (name.startsWith("group:")) {
                warnings.add(new ImportWarning(file, s.line(), null, "[" + name + "]",
                        "svcctl has no process groups; its programs are imported as services of their own"
                                + " (%(group_name)s still expands to the group)"));
            } else if (name.equals("include")) {
                warnings.add(new ImportWarning(file, s.line(), null, "[include]",
                        "the included files are not read; import them too (svcctl import FILE...)"));
            } else if (name.startsWith("eventlistener:") || name.startsWith("fcgi-program:")) {
                warnings.add(new ImportWarning(file, s.line(), null, "[" + name + "]",
                        name.startsWith("eventlistener:")
                                ? "an event listener talks to supervisord's event protocol, which svcctl has not;"
                                        + " not imported"
                                : "svcctl cannot create the FastCGI socket supervisord passes as stdin; not imported"));
            } else if (name.equals("supervisorctl") || name.equals("unix_http_server")
                    || name.equals("inet_http_server") || name.startsWith("rpcinterface:")) {
                warnings.add(new ImportWarning(file, s.line(), null, "[" + name + "]",
                        "supervisord's control interface; svcctl is driven by its own commands, nothing to import"));
            } else {
                warnings.add(new ImportWarning(file, s.line(), null, "[" + name + "]",
                        "not a section supervisord knows; it ignores it, and so does the import"));
            }
        }
        for (Section s : sections) {
            if (s.name().startsWith("program:")) {
                String program = s.name().substring("program:".length()).strip();
                specs.add(readProgram(file, s, program, groupOf.getOrDefault(program, program), sharedEnv, warnings));
            }
        }
        if (specs.isEmpty()) {
            throw new ImportException(file, 1, "no [program:NAME] section: nothing svcctl can run as a service",
                    "import the file that holds the programs (often in /etc/supervisor/conf.d)");
        }
        warnings.sort(java.util.Comparator.comparingInt(ImportWarning::line)); // stable: same line keeps its order
        return new ImportResult(specs, warnings);
    }

    private void readSupervisordSection(String file, Section s, Map<String, String> sharedEnv,
                                        List<ImportWarning> warnings) throws ImportException {
        for (Map.Entry<String, Value> e : s.options().entrySet()) {
            Value v = e.getValue();
            String key = e.getKey();
            if (key.equals("environment")) {
                String text = expand(file, v, key, baseExpansions(file, v, null, null, null), warnings, null);
                sharedEnv.putAll(environment(file, v.line(), text, warnings, null));
                warnings.add(new ImportWarning(file, v.line(), null, "[supervisord] environment",
                        "every program inherits these from supervisord; svcctl copies them into each imported"
                                + " program's env (its own environment= wins)"));
                continue;
            }
            String why = switch (key) {
                case "umask" -> "supervisord's umask is inherited by its programs; svcctl has no umask key (the"
                        + " platform's default applies)";
                case "user" -> "supervisord drops to this user, and so its programs run as it unless they name"
                        + " one; set user: in the specs that need it";
                case "directory" -> "supervisord changes to this directory when it daemonizes, so it is the working"
                        + " directory of programs without directory=; set workingDirectory where needed";
                case "minfds" -> "supervisord raises its open-file limit to this, and its programs inherit it; set"
                        + " limits.openFiles where needed";
                case "minprocs" -> "supervisord raises its process limit to this, and its programs inherit it; set"
                        + " limits.processes where needed";
                case "childlogdir" -> "where supervisord puts AUTO log files; svcctl uses its own log directory";
                default -> "a setting of supervisord itself, no service's; svcctl has no equivalent";
            };
            warnings.add(new ImportWarning(file, v.line(), null, "[supervisord] " + key, why));
        }
    }

    private ServiceSpec readProgram(String file, Section s, String program, String group,
                                    Map<String, String> sharedEnv, List<ImportWarning> warnings)
            throws ImportException {
        Map<String, Value> o = s.options();
        Set<String> used = new HashSet<>();
        String nameProblem = ServiceSpec.nameProblem(program);
        if (nameProblem != null) {
            throw new ImportException(file, s.line(), nameProblem, "rename the program section; svcctl uses its name"
                    + " as the service name");
        }
        // numprocs and numprocs_start first: they decide %(process_num)s
        int numprocs = integer(file, o, "numprocs", 1, used);
        int processNum = integer(file, o, "numprocs_start", 0, used);
        if (numprocs != 1) {
            throw new ImportException(file, o.get("numprocs").line(), "numprocs=" + numprocs + " runs " + numprocs
                    + " copies of [program:" + program + "]; an svcctl service is one program",
                    "import it once per copy (one [program:] section each, with its own name)");
        }
        Value commandValue = o.get("command");
        used.add("command");
        if (commandValue == null) {
            throw new ImportException(file, s.line(), "[program:" + program + "] has no command=",
                    "supervisord refuses it too; add the command line");
        }
        String command = expand(file, commandValue, "command",
                baseExpansions(file, commandValue, program, group, processNum), warnings, program);
        List<String> argv;
        try {
            argv = PythonShlex.split(command);
        } catch (PythonShlex.ShlexException e) {
            throw new ImportException(file, commandValue.line(), "supervisord cannot split command=: "
                    + e.getMessage(), "close the quote or escape the backslash");
        }
        if (argv.isEmpty()) {
            throw new ImportException(file, commandValue.line(), "command= is empty", "give the program to run");
        }
        String exec = argv.get(0);
        Value directoryValue = o.get("directory");
        Optional<String> directory = directoryValue == null ? Optional.empty()
                : Optional.of(expandPlain(file, directoryValue, "directory", program, group, warnings));
        used.add("directory");
        if (exec.contains("/") && !exec.startsWith("/")) {
            if (directory.isEmpty() || !directory.get().startsWith("/")) {
                throw new ImportException(file, commandValue.line(), "'" + exec + "' is a relative path and"
                        + " supervisord resolves it from its own working directory, which the file does not say",
                        "write the program's absolute path in command=");
            }
            String resolved = directory.get().replaceAll("/+$", "") + "/" + exec;
            warnings.add(new ImportWarning(file, commandValue.line(), program, "command", "'" + exec + "' is"
                    + " relative; the child runs it from directory=, so exec is " + resolved + " (argv[0] stays as"
                    + " written only for supervisord: svcctl passes the path it runs)"));
            exec = resolved;
        }
        ServiceSpec.Builder b = ServiceSpec.builder(program, exec).args(argv.subList(1, argv.size()));
        directory.ifPresent(b::workingDirectory);

        Value user = o.get("user");
        used.add("user");
        if (user != null) {
            b.user(expandPlain(file, user, "user", program, group, warnings));
        }
        // environment: supervisord's own (from [supervisord]), then the program's
        Map<String, String> env = new LinkedHashMap<>(sharedEnv);
        Value envValue = o.get("environment");
        used.add("environment");
        if (envValue != null) {
            String text = expand(file, envValue, "environment",
                    baseExpansions(file, envValue, program, group, processNum), warnings, program);
            env.putAll(environment(file, envValue.line(), text, warnings, program));
        }
        b.env(env);

        boolean autostart = bool(file, o, "autostart", true, used);
        b.startup(autostart ? Startup.AUTO : Startup.MANUAL);

        String autorestart = word(file, o, "autorestart", "unexpected", used, program, group, warnings);
        List<Integer> exitcodes = exitCodes(file, o, used, program, group, warnings);
        RestartPolicy policy = switch (autorestart.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> RestartPolicy.ALWAYS;
            case "false", "no", "off", "0" -> RestartPolicy.NEVER;
            case "unexpected" -> RestartPolicy.ON_FAILURE;
            default -> throw new ImportException(file, o.get("autorestart").line(), "autorestart='" + autorestart
                    + "' is none of true, false, unexpected", "supervisord refuses it too");
        };
        if (policy != RestartPolicy.ON_FAILURE && o.containsKey("exitcodes")) {
            warnings.add(new ImportWarning(file, o.get("exitcodes").line(), program, "exitcodes",
                    "with autorestart=" + autorestart + " supervisord uses exitcodes only to log an exit as expected"
                            + " or not; svcctl has no such log, so it is not kept"));
        }
        List<Integer> success = policy == RestartPolicy.ON_FAILURE ? exitcodes : List.of(0);
        b.restart(new RestartSpec(policy, RestartSpec.DEFAULT.delay(), Optional.empty(), RestartSpec.DEFAULT.burst(),
                RestartSpec.DEFAULT.window(), success));

        for (String key : List.of("startsecs", "startretries")) {
            Value v = o.get(key);
            used.add(key);
            if (v != null) {
                warnings.add(new ImportWarning(file, v.line(), program, key, key.equals("startsecs")
                        ? "supervisord counts an exit within startsecs as a failed start; svcctl has no such"
                                + " grace (use readiness: to say when the program is up)"
                        : "supervisord gives up after this many failed starts; svcctl limits restarts with"
                                + " restart.burst within restart.window instead (defaults kept)"));
            }
        }

        Signal signal = Signal.TERM;
        Value sig = o.get("stopsignal");
        used.add("stopsignal");
        if (sig != null) {
            String text = expandPlain(file, sig, "stopsignal", program, group, warnings).strip();
            signal = signal(text);
            if (signal == null) {
                warnings.add(new ImportWarning(file, sig.line(), program, "stopsignal", "'" + text + "' is none"
                        + " of the signals a spec can name (TERM INT HUP QUIT KILL USR1 USR2); TERM kept"));
                signal = Signal.TERM;
            }
        }
        int stopwait = integer(file, o, "stopwaitsecs", 10, used);
        Duration timeout = Duration.ofSeconds(stopwait);
        if (stopwait <= 0) {
            warnings.add(new ImportWarning(file, o.get("stopwaitsecs").line(), program, "stopwaitsecs",
                    "supervisord kills at once after the stop signal; a spec's stop.timeout is at least 1s"));
            timeout = Duration.ofSeconds(1);
        }
        boolean stopasgroup = bool(file, o, "stopasgroup", false, used);
        boolean killasgroup = bool(file, o, "killasgroup", stopasgroup, used);
        if (stopasgroup && !killasgroup) {
            throw new ImportException(file, o.get("killasgroup").line(),
                    "stopasgroup=true with killasgroup=false", "supervisord refuses this too");
        }
        StopMode mode = killasgroup ? StopMode.GROUP : StopMode.PROCESS;
        if (killasgroup && !stopasgroup) {
            warnings.add(new ImportWarning(file, o.get("killasgroup").line(), program, "killasgroup",
                    "supervisord sends the stop signal to the program alone and SIGKILL to its group; svcctl"
                            + " sends both to the whole group (stop.mode: group)"));
        }
        b.stop(new StopSpec(signal, timeout, mode));

        b.logs(logs(file, o, used, program, group, processNum, warnings));

        for (String key : List.of("priority", "umask", "serverurl", "process_name", "stdout_capture_maxbytes",
                "stderr_capture_maxbytes", "stdout_events_enabled", "stderr_events_enabled", "stdout_syslog",
                "stderr_syslog")) {
            Value v = o.get(key);
            used.add(key);
            if (v == null) {
                continue;
            }
            String why = switch (key) {
                case "priority" -> "supervisord's start order among programs, not the nice value; svcctl orders"
                        + " services by dependsOn (set it where the order matters)";
                case "umask" -> "svcctl has no umask key; the program gets the platform's default umask";
                case "serverurl" -> "the supervisord XML-RPC URL given to the program; svcctl has none";
                case "process_name" -> "svcctl names the service after the section ('" + program + "')";
                case "stdout_syslog", "stderr_syslog" -> "svcctl does not copy a stream to syslog; logs.stdout:"
                        + " journal sends it to the journal on systemd";
                default -> "supervisord's process communication events; svcctl has none";
            };
            warnings.add(new ImportWarning(file, v.line(), program, key, why));
        }
        for (Map.Entry<String, Value> e : o.entrySet()) {
            if (!used.contains(e.getKey())) {
                warnings.add(new ImportWarning(file, e.getValue().line(), program, e.getKey(),
                        "not a setting of supervisord's [program:x] sections; supervisord ignores it, so does the"
                                + " import"));
            }
        }
        return ImportedSpecs.validated(b.build(), file, s.line());
    }

    private LogsSpec logs(String file, Map<String, Value> o, Set<String> used, String program, String group,
                          int processNum, List<ImportWarning> warnings) throws ImportException {
        boolean redirect = bool(file, o, "redirect_stderr", false, used);
        LogTarget[] targets = new LogTarget[2];
        String[] dirs = new String[2];
        long[] maxbytes = new long[2];
        int[] backups = new int[2];
        String[] streams = {"stdout", "stderr"};
        for (int i = 0; i < 2; i++) {
            String key = streams[i] + "_logfile";
            Value v = o.get(key);
            used.add(key);
            maxbytes[i] = bytes(file, o, key + "_maxbytes", program, group, used, warnings);
            backups[i] = integer(file, o, key + "_backups", DEFAULT_BACKUPS, used);
            if (i == 1 && redirect) {
                if (v != null && !List.of("none", "off", "auto").contains(v.text().toLowerCase(Locale.ROOT))) {
                    warnings.add(new ImportWarning(file, v.line(), program, key, "redirect_stderr=true: supervisord"
                            + " ignores this file, and so does the import"));
                }
                targets[1] = targets[0];
                dirs[1] = dirs[0];
                if (targets[0] == LogTarget.FILE) {
                    warnings.add(new ImportWarning(file, o.get("redirect_stderr").line(), program,
                            "redirect_stderr", "supervisord writes stderr into stdout's file; svcctl writes it to"
                                    + " stderr.log beside stdout.log"));
                }
                continue;
            }
            if (v == null) {
                targets[i] = LogTarget.FILE; // AUTO: a file supervisord names; svcctl names its own
                continue;
            }
            Map<String, Object> exp = baseExpansions(file, v, program, group, processNum);
            String path = expand(file, v, key, exp, warnings, program);
            switch (path.toLowerCase(Locale.ROOT)) {
                case "none", "off" -> targets[i] = LogTarget.DISCARD;
                case "auto" -> targets[i] = LogTarget.FILE;
                case "syslog" -> {
                    targets[i] = LogTarget.JOURNAL;
                    warnings.add(new ImportWarning(file, v.line(), program, key, "supervisord's syslog target"
                            + " becomes journal (systemd only)"));
                }
                default -> {
                    if (path.equals("/dev/stdout") || path.equals("/dev/stderr") || path.equals("/dev/fd/1")
                            || path.equals("/dev/fd/2")) {
                        targets[i] = LogTarget.INHERIT;
                    } else if (!path.startsWith("/")) {
                        throw new ImportException(file, v.line(), key + "='" + path + "' is relative to"
                                + " supervisord's working directory, which the file does not say",
                                "write an absolute path");
                    } else {
                        targets[i] = LogTarget.FILE;
                        int slash = path.lastIndexOf('/');
                        dirs[i] = slash == 0 ? "/" : path.substring(0, slash);
                        String base = path.substring(slash + 1);
                        if (!base.equals(streams[i] + ".log")) {
                            warnings.add(new ImportWarning(file, v.line(), program, key, "svcctl writes "
                                    + streams[i] + ".log in logs.dir " + dirs[i] + ", not " + base))
                            ;
                        }
                    }
                }
            }
        }
        String dir = dirs[0] != null ? dirs[0] : dirs[1];
        if (dirs[0] != null && dirs[1] != null && !dirs[0].equals(dirs[1])) {
            warnings.add(new ImportWarning(file, o.get("stderr_logfile").line(), program, "stderr_logfile",
                    "svcctl keeps both streams in one logs.dir; " + dirs[0] + " (stdout's) is used"));
        }
        Optional<RotateSpec> rotate = Optional.empty();
        int ruling = targets[0] == LogTarget.FILE ? 0 : 1;
        if (targets[ruling] == LogTarget.FILE && maxbytes[ruling] > 0) {
            int keep = backups[ruling];
            if (keep < 1) {
                Value bv = o.get(streams[ruling] + "_logfile_backups");
                warnings.add(new ImportWarning(file, bv.line(), program, streams[ruling] + "_logfile_backups",
                        "supervisord keeps no old file (it truncates); svcctl keeps at least one: 1 used"));
                keep = 1;
            }
            rotate = Optional.of(new RotateSpec(OptionalLong.of(maxbytes[ruling]), RotateEvery.NONE, keep, false,
                    OptionalLong.empty()));
            int other = 1 - ruling;
            if (ruling == 0 && targets[1] == LogTarget.FILE && !redirect
                    && (maxbytes[1] != maxbytes[0] || backups[1] != backups[0])) {
                Value ov = o.containsKey("stderr_logfile_maxbytes") ? o.get("stderr_logfile_maxbytes")
                        : o.get("stderr_logfile_backups");
                if (ov == null) {
                    ov = o.containsKey("stdout_logfile_maxbytes") ? o.get("stdout_logfile_maxbytes")
                            : o.get("stdout_logfile_backups");
                }
                warnings.add(new ImportWarning(file, ov.line(), program, streams[other] + "_logfile_maxbytes",
                        "svcctl rotates both streams alike; stdout's size and count are used"));
            }
        } else if (targets[ruling] == LogTarget.FILE) {
            Value mv = o.get(streams[ruling] + "_logfile_maxbytes");
            if (mv != null && o.containsKey(streams[ruling] + "_logfile_backups")) {
                Value bv = o.get(streams[ruling] + "_logfile_backups");
                warnings.add(new ImportWarning(file, bv.line(), program, streams[ruling] + "_logfile_backups",
                        "maxbytes=0 turns rotation off, so the count has no effect"));
            }
        }
        return new LogsSpec(targets[0], targets[1], Optional.ofNullable(dir), rotate);
    }

    // ----- values -----

    private Map<String, Object> baseExpansions(String file, Value v, String program, String group, Integer processNum) {
        Map<String, Object> exp = new HashMap<>();
        String here = here(file);
        if (here != null) {
            exp.put("here", here);
        }
        if (program != null) {
            exp.put("program_name", program);
            exp.put("group_name", group);
        }
        if (processNum != null) {
            exp.put("process_num", processNum);
        }
        return exp;
    }

    /** supervisord's %(here)s: the directory of the file, when the path given is absolute. */
    private static String here(String file) {
        if (!file.startsWith("/")) {
            return null;
        }
        int slash = file.lastIndexOf('/');
        return slash == 0 ? "/" : file.substring(0, slash);
    }

    private String expandPlain(String file, Value v, String key, String program, String group,
                               List<ImportWarning> warnings) throws ImportException {
        return expand(file, v, key, baseExpansions(file, v, program, group, null), warnings, program);
    }

    /**
     * {@code text % expansions} as Python formats it with a dict: {@code %%} is '%', {@code %(name)s} the value,
     * {@code %(name)d} a number (with flags and width); anything else refused, as supervisord refuses it.
     */
    private String expand(String file, Value v, String key, Map<String, Object> exp, List<ImportWarning> warnings,
                          String program) throws ImportException {
        String text = v.text();
        StringBuilder out = new StringBuilder();
        int last = 0;
        Matcher m = FORMAT.matcher(text);
        int at = 0;
        while (at < text.length()) {
            int pct = text.indexOf('%', at);
            if (pct < 0) {
                break;
            }
            if (!m.find(pct) || m.start() != pct || (m.group(1) == null && m.group(5) == null)) {
                throw new ImportException(file, v.line(), key + "= holds a '%' supervisord cannot expand (at '"
                        + text.substring(pct, Math.min(text.length(), pct + 12)) + "')",
                        "write %% for a literal '%', or %(name)s for an expansion");
            }
            out.append(text, last, pct);
            if (m.group(1) != null) {
                out.append('%');
            } else {
                String name = m.group(2);
                Object value = exp.get(name);
                if (value == null && name.startsWith("ENV_")) {
                    String envName = name.substring(4);
                    String known = supervisordEnvironment.get(envName);
                    if (known == null) {
                        throw new ImportException(file, v.line(), key + "= uses %(" + name + ")s, which supervisord"
                                + " takes from its own environment at start; svcctl cannot know that value",
                                "write the value in the file, or import with the variable in supervisord's"
                                        + " environment given to the importer");
                    }
                    warnings.add(new ImportWarning(file, v.line(), program, key, "%(" + name + ")s is supervisord's"
                            + " environment at its start; the value given to the import was used: check it"));
                    value = known;
                }
                if (value == null) {
                    String why = name.equals("host_node_name")
                            ? "the host's name, known only on the host supervisord runs on"
                            : name.equals("here") ? "the directory of the file, unknown for a relative path"
                            : "not a name supervisord expands in " + key + "=";
                    throw new ImportException(file, v.line(), key + "= uses %(" + name + ")s: " + why,
                            "write the value itself, or give the file by its absolute path");
                }
                out.append(format(value, m.group(3), m.group(4), m.group(5), file, v.line(), key));
            }
            last = m.end();
            at = m.end();
        }
        out.append(text.substring(last));
        return out.toString();
    }

    private static String format(Object value, String flags, String width, String conv, String file, int line,
                                 String key) throws ImportException {
        String body;
        if (conv.equals("s") || conv.equals("r")) {
            body = conv.equals("r") && value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        } else if (value instanceof Integer n) {
            body = String.valueOf(n);
        } else {
            throw new ImportException(file, line, key + "= formats a text as a number (%(...)" + conv + ")",
                    "supervisord refuses it too; use %(...)s");
        }
        int w = width.isEmpty() ? 0 : Integer.parseInt(width);
        if (body.length() >= w) {
            return body;
        }
        String pad = (flags.contains("0") && !flags.contains("-") && !conv.equals("s") && !conv.equals("r") ? "0"
                : " ").repeat(w - body.length());
        if (flags.contains("-")) {
            return body + " ".repeat(w - body.length());
        }
        if (pad.startsWith("0") && body.startsWith("-")) {
            return "-" + pad + body.substring(1);
        }
        return pad + body;
    }

    /** supervisord's {@code KEY=val,KEY2="v, w"}: its shlex token triples, quotes stripped from each end. */
    private static Map<String, String> environment(String file, int line, String text, List<ImportWarning> warnings,
                                                   String program) throws ImportException {
        List<String> tokens;
        try {
            tokens = PythonShlex.classicTokens(text);
        } catch (PythonShlex.ShlexException e) {
            throw new ImportException(file, line, "supervisord cannot read environment=: " + e.getMessage(),
                    "close the quote");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i += 4) {
            if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
                throw new ImportException(file, line, "supervisord cannot read environment=: unexpected end of"
                        + " KEY=value pairs near '" + String.join(" ", tokens.subList(i, tokens.size())) + "'",
                        "quote values holding characters other than letters, digits and _/.+-():");
            }
            String value = stripQuotes(tokens.get(i + 2));
            env.put(tokens.get(i), value);
            if (i + 3 < tokens.size() && !tokens.get(i + 3).equals(",")) {
                warnings.add(new ImportWarning(file, line, program, "environment", "supervisord reads "
                        + tokens.get(i) + "='" + value + "' and drops '" + tokens.get(i + 3) + "' after it (a"
                        + " character outside its word characters ends an unquoted value); the import does the same;"
                        + " quote the value if more was meant"));
            }
        }
        return env;
    }

    private static String stripQuotes(String s) {
        int a = 0;
        int z = s.length();
        while (a < z && (s.charAt(a) == '\'' || s.charAt(a) == '"')) {
            a++;
        }
        while (z > a && (s.charAt(z - 1) == '\'' || s.charAt(z - 1) == '"')) {
            z--;
        }
        return s.substring(a, z);
    }

    private static Signal signal(String text) {
        String name = text.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        for (Signal s : Signal.values()) {
            if (s.name().equals(name) || String.valueOf(s.linuxNumber()).equals(name)) {
                return s;
            }
        }
        return null;
    }

    private String word(String file, Map<String, Value> o, String key, String dflt, Set<String> used, String program,
                        String group, List<ImportWarning> warnings) throws ImportException {
        used.add(key);
        Value v = o.get(key);
        return v == null ? dflt
                : expand(file, v, key, baseExpansions(file, v, program, group, null), warnings, program).strip();
    }

    private List<Integer> exitCodes(String file, Map<String, Value> o, Set<String> used, String program,
                                    String group, List<ImportWarning> warnings) throws ImportException {
        String text = word(file, o, "exitcodes", "0,2", used, program, group, warnings);
        List<Integer> codes = new ArrayList<>();
        if (text.isEmpty()) {
            return codes;
        }
        for (String part : text.split(",")) {
            try {
                int code = Integer.parseInt(part.strip());
                if (code < 0 || code > 255) {
                    throw new NumberFormatException();
                }
                codes.add(code);
            } catch (NumberFormatException e) {
                throw new ImportException(file, o.get("exitcodes").line(), "exitcodes='" + text + "' is not a list"
                        + " of exit codes 0..255", "supervisord refuses it too");
            }
        }
        return codes;
    }

    private int integer(String file, Map<String, Value> o, String key, int dflt, Set<String> used)
            throws ImportException {
        used.add(key);
        Value v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.text().strip());
        } catch (NumberFormatException e) {
            throw new ImportException(file, v.line(), key + "='" + v.text() + "' is not a whole number",
                    "supervisord refuses it too");
        }
    }

    private static boolean bool(String file, Map<String, Value> o, String key, boolean dflt, Set<String> used)
            throws ImportException {
        used.add(key);
        Value v = o.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.text().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ImportException(file, v.line(), key + "='" + v.text() + "' is not a boolean",
                    "supervisord refuses it too; write true or false");
        };
    }

    /** supervisord's byte_size: a number with an optional KB, MB or GB (powers of 1024). */
    private long bytes(String file, Map<String, Value> o, String key, String program, String group, Set<String> used,
                       List<ImportWarning> warnings) throws ImportException {
        used.add(key);
        Value v = o.get(key);
        if (v == null) {
            return DEFAULT_MAXBYTES;
        }
        String text = v.text().strip().toUpperCase(Locale.ROOT);
        long mult = 1;
        for (String[] unit : new String[][] {{"KB", "10"}, {"MB", "20"}, {"GB", "30"}}) {
            if (text.endsWith(unit[0])) {
                mult = 1L << Integer.parseInt(unit[1]);
                text = text.substring(0, text.length() - 2);
                break;
            }
        }
        try {
            return Long.parseLong(text.strip()) * mult;
        } catch (NumberFormatException e) {
            throw new ImportException(file, v.line(), key + "='" + v.text() + "' is not a size",
                    "write a number with KB, MB or GB");
        }
    }
}
