package dev.svcctl.importer;

import dev.svcctl.importer.NssmService.Entry;
import dev.svcctl.importer.NssmService.Setting;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.windows.WindowsCommandLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NSSM services, from {@code nssm dump NAME} output (the {@code nssm install} and {@code nssm set} lines NSSM 2.24-101
 * and later print, quoted for cmd.exe) or from a {@code reg export} of the service's key with its Parameters subkey.
 * The program's argv is what its C runtime parses from the line NSSM builds, {@code "Application" AppParameters}.
 * docs/import.md has the table of settings.
 */
public final class NssmImporter implements Importer {
    private static final Pattern DUMP_LINE =
            Pattern.compile("(?im)^\\s*(\\^?\"?)[^\\r\\n]*?nssm(\\.exe)?(\\^?\")?\\s+(install|set)\\s");
    private static final Pattern SERVICE_KEY = Pattern.compile(
            "(?i)(?:HKEY_LOCAL_MACHINE|HKLM)\\\\SYSTEM\\\\(?:CurrentControlSet|ControlSet\\d{3})\\\\Services\\\\([^\\\\]+)"
                    + "(\\\\.*)?");
    /** Settings whose {@code nssm set} takes a subparameter before the value. */
    private static final List<String> WITH_SUBPARAMETER = List.of("appexit", "appevents");
    /** Settings whose values are lists (REG_MULTI_SZ): {@code nssm set} joins its arguments with line breaks. */
    private static final List<String> LISTS =
            List.of("appenvironment", "appenvironmentextra", "dependonservice", "dependongroup", "environment");

    @Override
    public String id() {
        return "nssm";
    }

    @Override
    public boolean recognizes(SourceFile source) {
        String text = clean(source.text());
        if (RegFile.looksLikeRegFile(text)) {
            return SERVICE_KEY.matcher(text).find();
        }
        return DUMP_LINE.matcher(text).find();
    }

    @Override
    public ImportResult read(SourceFile source) throws ImportException {
        Findings findings = new Findings(source.path());
        String text = source.text();
        if (text.indexOf('\0') >= 0) {
            // UTF-16 bytes read as a single-byte or UTF-8 text: what is ASCII survives without the NULs.
            findings.warn(1, "encoding", "the file looks like UTF-16 read as another encoding; characters outside"
                    + " ASCII may be wrong (read it with SourceFile.decode, which follows the byte order mark)");
        }
        text = clean(text);
        List<NssmService> services = RegFile.looksLikeRegFile(text) ? readRegistry(text, findings)
                : readDump(text, findings);
        if (services.isEmpty()) {
            throw findings.error(1, "no NSSM service in this file",
                    "give `nssm dump NAME` output or a `reg export` of HKLM\\SYSTEM\\CurrentControlSet\\Services\\NAME");
        }
        List<ServiceSpec> specs = new ArrayList<>();
        for (NssmService service : services) {
            specs.add(map(service, findings));
        }
        return new ImportResult(specs, findings.warnings());
    }

    /** The command line NSSM hands to CreateProcess for each service of {@code source}: for the Wine oracle test. */
    static List<String> programLines(SourceFile source) throws ImportException {
        Findings findings = new Findings(source.path());
        String text = clean(source.text());
        List<NssmService> services = RegFile.looksLikeRegFile(text) ? readRegistry(text, findings)
                : readDump(text, findings);
        List<String> lines = new ArrayList<>();
        for (NssmService s : services) {
            Setting parameters = s.settings.get("appparameters");
            lines.add(WindowsProgramLine.of(s.settings.get("application").asText(),
                    parameters == null ? "" : parameters.asText()));
        }
        return lines;
    }

    private static String clean(String text) {
        String t = text.replace("\0", "");
        while (t.startsWith("\uFEFF") || t.startsWith("\uFFFD") || t.startsWith("\u00FF\u00FE")
                || t.startsWith("\u00FE\u00FF")) {
            t = t.substring(t.startsWith("\u00FF\u00FE") || t.startsWith("\u00FE\u00FF") ? 2 : 1);
        }
        return t;
    }

    // ---- nssm dump ------------------------------------------------------------------------------------------

    private static List<NssmService> readDump(String text, Findings findings) throws ImportException {
        Map<String, NssmService> services = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            String lower = line.toLowerCase(Locale.ROOT);
            if (line.isEmpty() || lower.startsWith("rem ") || lower.equals("rem") || lower.startsWith("::")
                    || lower.startsWith("@echo")) {
                continue;
            }
            String unescaped = cmdUnescape(line, lineNumber, findings);
            List<String> argv = WindowsCommandLine.parse(unescaped);
            String program = argv.get(0).toLowerCase(Locale.ROOT);
            if (!(program.endsWith("nssm") || program.endsWith("nssm.exe")) || argv.size() < 3) {
                findings.warn(lineNumber, "line", "not an nssm install/set command; not imported: " + line);
                continue;
            }
            String verb = argv.get(1).toLowerCase(Locale.ROOT);
            String serviceName = argv.get(2);
            NssmService service = services.get(serviceName.toLowerCase(Locale.ROOT));
            switch (verb) {
                case "install" -> {
                    if (service == null) {
                        service = new NssmService(serviceName, lineNumber);
                        services.put(serviceName.toLowerCase(Locale.ROOT), service);
                    }
                    if (argv.size() > 3) {
                        service.put(Setting.text("Application", argv.get(3), lineNumber));
                    }
                    if (argv.size() > 4) {
                        // nssm install NAME APP ARGS...: NSSM joins the arguments with spaces into AppParameters.
                        service.put(Setting.text("AppParameters",
                                String.join(" ", argv.subList(4, argv.size())), lineNumber));
                    }
                }
                case "set", "reset", "unset" -> {
                    if (service == null) {
                        service = new NssmService(serviceName, lineNumber);
                        services.put(serviceName.toLowerCase(Locale.ROOT), service);
                        findings.service(serviceName);
                        findings.warn(lineNumber, "install", "no `nssm install` line for this service before its"
                                + " settings");
                        findings.service(null);
                    }
                    if (argv.size() < 4) {
                        findings.warn(lineNumber, "line", "nssm " + verb + " without a setting; not imported");
                        continue;
                    }
                    applySet(service, verb, argv.subList(3, argv.size()), lineNumber, findings);
                }
                default -> findings.warn(lineNumber, "line",
                        "`nssm " + verb + "` changes no setting; not imported");
            }
        }
        return new ArrayList<>(services.values());
    }

    /**
     * The line nssm.exe receives when cmd.exe runs {@code line}, as NSSM quotes its dump for cmd: outside quotes a
     * caret makes the next character literal (NSSM writes {@code ^"} so that cmd never sees a quote and every
     * {@code & % ^ < > |} is escaped). An unescaped {@code %NAME%} would be expanded by cmd and an unescaped operator
     * would end the command: the first is reported, the second refused.
     */
    static String cmdUnescape(String line, int lineNumber, Findings findings) throws ImportException {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == '^') {
                if (i + 1 < line.length()) {
                    out.append(line.charAt(++i));
                }
            } else if (!quoted && "&|<>".indexOf(c) >= 0) {
                throw findings.error(lineNumber, "an unescaped '" + c + "' outside quotes: cmd.exe would not run"
                        + " this line as one nssm command", "nssm dump escapes it as ^" + c + "; was the line edited?");
            } else {
                out.append(c);
            }
        }
        String unescaped = out.toString();
        String reference = firstUnescapedReference(line);
        if (reference != null) {
            findings.warn(lineNumber, "line", "cmd.exe expands " + reference + " in this line before nssm sees it"
                    + " (nssm dump escapes '%' as ^%); imported as written");
        }
        return unescaped;
    }

    private static String firstUnescapedReference(String line) {
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '^' && i + 1 < line.length()) {
                plain.append('\u0001');
                i++;
            } else {
                plain.append(c);
            }
        }
        return WindowsVariables.firstReference(plain.toString());
    }

    private static void applySet(NssmService service, String verb, List<String> args, int line, Findings findings) {
        String setting = args.get(0);
        String key = setting.toLowerCase(Locale.ROOT);
        boolean reset = !verb.equals("set");
        if (WITH_SUBPARAMETER.contains(key)) {
            if (args.size() < 2) {
                findings.warn(line, setting, "no subparameter; not imported");
                return;
            }
            String sub = args.get(1);
            String value = reset ? null : String.join(" ", args.subList(2, args.size()));
            if (key.equals("appexit")) {
                String code = sub.equalsIgnoreCase("default") ? "default" : sub;
                if (reset) {
                    service.exitActions.remove(code);
                } else {
                    service.exitActions.put(code, Setting.text("AppExit", value, line));
                }
            } else {
                service.hooks.removeIf(h -> h.name().equalsIgnoreCase(sub));
                if (!reset && !value.isEmpty()) {
                    service.hooks.add(new NssmService.Hook(sub, value, line));
                }
            }
            return;
        }
        if (key.equals("objectname") && !reset) {
            // nssm set NAME ObjectName ACCOUNT [PASSWORD]
            service.put(Setting.text("ObjectName", args.size() > 1 ? args.get(1) : "", line));
            if (args.size() > 2 && !String.join(" ", args.subList(2, args.size())).isEmpty()) {
                service.put(Setting.text("ObjectNamePassword", "", line));
            }
            return;
        }
        if (LISTS.contains(key)) {
            List<Entry> list = service.list(setting);
            if (reset) {
                list.clear();
                return;
            }
            applyListOperation(list, String.join("\r\n", args.subList(1, args.size())), line);
            return;
        }
        if (reset) {
            service.take(setting);
        } else {
            service.put(Setting.text(setting, String.join(" ", args.subList(1, args.size())), line));
        }
    }

    /** NSSM's list operations: {@code +VALUE} appends, {@code -VALUE} removes, {@code :VALUE} or VALUE replaces. */
    private static void applyListOperation(List<Entry> list, String value, int line) {
        char op = value.isEmpty() ? 0 : value.charAt(0);
        String rest = op == '+' || op == '-' || op == ':' ? value.substring(1) : value;
        List<String> items = rest.isEmpty() ? List.of() : List.of(rest.split("\r?\n"));
        if (op == '-') {
            for (String item : items) {
                list.removeIf(e -> e.value().equalsIgnoreCase(item) || (item.indexOf('=') < 0
                        && e.value().toLowerCase(Locale.ROOT).startsWith(item.toLowerCase(Locale.ROOT) + "=")));
            }
            return;
        }
        if (op != '+') {
            list.clear();
        }
        for (String item : items) {
            list.add(new Entry(item, line));
        }
    }

    // ---- reg export ----------------------------------------------------------------------------------------

    private static List<NssmService> readRegistry(String text, Findings findings) throws ImportException {
        Map<String, NssmService> services = new LinkedHashMap<>();
        for (RegFile.Key key : RegFile.parse(text, findings)) {
            Matcher m = SERVICE_KEY.matcher(key.path());
            if (!m.matches()) {
                findings.warn(key.line(), key.path(), "not a service key (HKLM\\SYSTEM\\CurrentControlSet\\Services\\"
                        + "NAME); not imported");
                continue;
            }
            String name = m.group(1);
            String sub = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            NssmService service = services.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    k -> new NssmService(name, key.line()));
            if (key.deleted()) {
                findings.warn(key.line(), key.path(), "the export deletes this key; nothing to import");
                continue;
            }
            if (sub.isEmpty() || sub.equals("\\parameters")) {
                for (RegFile.Value v : key.values().values()) {
                    if (v.name().isEmpty()) {
                        continue;
                    }
                    if (LISTS.contains(v.name().toLowerCase(Locale.ROOT))) {
                        List<Entry> list = service.list(v.name());
                        list.clear();
                        v.strings().forEach(s -> list.add(new Entry(s, v.line())));
                    } else if (v.number() != null) {
                        service.put(Setting.number(v.name(), v.number(), v.line()));
                    } else if (v.string() != null) {
                        service.put(Setting.text(v.name(), v.string(), v.line()));
                    } else {
                        service.put(Setting.text(v.name(), "(binary)", v.line()));
                    }
                }
            } else if (sub.equals("\\parameters\\appexit")) {
                for (RegFile.Value v : key.values().values()) {
                    String code = v.name().isEmpty() ? "default" : v.name();
                    service.exitActions.put(code, Setting.text("AppExit", String.valueOf(v.string()), v.line()));
                }
            } else if (sub.startsWith("\\parameters\\appevents\\")) {
                String event = key.path().substring(key.path().lastIndexOf('\\') + 1);
                for (RegFile.Value v : key.values().values()) {
                    if (v.string() != null && !v.string().isEmpty()) {
                        service.hooks.add(new NssmService.Hook(event + "/" + v.name(), v.string(), v.line()));
                    }
                }
            } else if (sub.equals("\\parameters\\appevents")) {
                continue;
            } else {
                findings.service(name);
                findings.warn(key.line(), key.path(), "a subkey svcctl does not read (only Parameters, AppExit and"
                        + " AppEvents are NSSM's); not imported");
                findings.service(null);
            }
        }
        return new ArrayList<>(services.values());
    }

    // ---- mapping ------------------------------------------------------------------------------------------

    private static ServiceSpec map(NssmService s, Findings f) throws ImportException {
        f.service(s.name);
        String name = WindowsServiceValues.specName(s.name, f, s.line, "service name");
        Setting application = s.take("Application");
        if (application == null || application.asText().isEmpty()) {
            throw f.error(s.line, "the NSSM service '" + s.name + "' has no Application",
                    "nssm install NAME PROGRAM sets it; is this an NSSM service?");
        }
        String exe = application.asText();
        expansionWarning(f, application, "NSSM expands it when it starts the program");
        String problem = WindowsCommandLine.problem(List.of(exe));
        if (problem != null) {
            throw f.error(application.line(), "Application '" + exe + "': " + problem, "fix the program path");
        }
        if (!WindowsServiceValues.isAbsolute(exe)) {
            f.warn(application.line(), "Application", "'" + exe + "' is not a full path; NSSM looks for it"
                    + " relative to its own directory, svcctl on PATH; give the full path");
        }
        Setting parameters = s.take("AppParameters");
        String parameterText = parameters == null ? "" : parameters.asText();
        List<String> args = List.of();
        if (parameters != null) {
            expansionWarning(f, parameters, "NSSM expands it before it builds the command line");
            args = WindowsProgramLine.arguments(exe, parameterText, f, parameters.line(), "AppParameters");
        }
        ServiceSpec.Builder b = ServiceSpec.builder(name, exe).args(args);

        Setting dir = s.take("AppDirectory");
        if (dir != null && !dir.asText().isEmpty()) {
            expansionWarning(f, dir, "NSSM expands it");
            b.workingDirectory(WindowsServiceValues.absolutePath(dir.asText(), "workingDirectory", f, dir.line(),
                    "AppDirectory"));
        } else {
            // NSSM starts the program in the Application's directory unless AppDirectory says otherwise.
            int slash = Math.max(exe.lastIndexOf('\\'), exe.lastIndexOf('/'));
            if (slash > 0) {
                b.workingDirectory(exe.charAt(slash - 1) == ':' ? exe.substring(0, slash + 1) : exe.substring(0, slash));
            }
        }

        Setting display = s.take("DisplayName");
        if (display != null && !display.asText().isEmpty()) {
            b.displayName(display.asText());
        } else if (!name.equals(s.name)) {
            b.displayName(s.name);
        }
        Setting description = s.take("Description");
        if (description != null && !description.asText().isEmpty()) {
            String d = description.asText();
            if (d.contains("\n") || d.contains("\r")) {
                f.warn(description.line(), "Description", "a spec description is one line; line breaks became"
                        + " spaces");
                d = d.replaceAll("\\s*[\\r\\n]+\\s*", " ");
            }
            b.description(d);
        }
        b.startup(startup(s, f));
        mapType(s, f);
        PlatformWindows windows = new PlatformWindows();
        mapAccount(s, f, windows);
        mapDependencies(s, f, b);
        b.env(environment(s, f));
        b.restart(restart(s, f));
        b.stop(stop(s, f));
        b.logs(logs(s, f));
        Setting priority = s.take("AppPriority");
        if (priority != null) {
            String cls = priority.number() != null ? WindowsServiceValues.priorityClass(priority.number())
                    : priority.asText();
            OptionalInt nice = cls == null ? null : WindowsServiceValues.nice(cls);
            if (nice == null) {
                f.warn(priority.line(), "AppPriority", "'" + priority.asText() + "' is not a priority class; not"
                        + " imported");
            } else if (nice.isPresent()) {
                b.priority(nice.getAsInt());
                f.warn(priority.line(), "AppPriority", cls + " became priority " + nice.getAsInt()
                        + "; the Windows backend refuses `priority` until its service host applies a priority class"
                        + " (docs/windows.md): remove the key to install this spec on Windows");
            }
        }
        mapServiceKey(s, f, windows);
        b.platform(new PlatformSpec(PlatformSpec.Systemd.NONE, windows.build(), PlatformSpec.Launchd.DEFAULT));
        reportLeftovers(s, f);
        f.service(null);
        return b.build();
    }

    /** Collects platform.windows values while mapping. */
    private static final class PlatformWindows {
        String account = WindowsServiceValues.LOCAL_SYSTEM;
        Optional<Duration> preshutdown = Optional.empty();
        Optional<PlatformSpec.SidType> sidType = Optional.empty();
        Optional<List<String>> privileges = Optional.empty();

        PlatformSpec.Windows build() {
            return new PlatformSpec.Windows(account, Optional.empty(), PlatformSpec.FailureActions.AUTO, preshutdown,
                    true, sidType, privileges);
        }
    }

    private static void expansionWarning(Findings f, Setting setting, String what) {
        String ref = WindowsVariables.firstReference(setting.asText());
        if (ref != null) {
            f.warn(setting.line(), setting.name(), "holds " + ref + ": " + what + " from the service's"
                    + " environment, svcctl passes the text unexpanded");
        }
    }

    private static Startup startup(NssmService s, Findings f) {
        Setting start = s.take("Start");
        Setting delayed = s.take("DelayedAutostart");
        boolean isDelayed = delayed != null && Long.valueOf(1).equals(delayed.asNumber());
        if (start == null) {
            return isDelayed ? Startup.DELAYED : Startup.AUTO;
        }
        Long n = start.asNumber();
        String t = start.asText().toUpperCase(Locale.ROOT);
        if ((n != null && n == 2) || t.equals("SERVICE_AUTO_START")) {
            return isDelayed ? Startup.DELAYED : Startup.AUTO;
        }
        if (t.equals("SERVICE_DELAYED_AUTO_START")) {
            return Startup.DELAYED;
        }
        if ((n != null && n == 3) || t.equals("SERVICE_DEMAND_START")) {
            return Startup.MANUAL;
        }
        if ((n != null && n == 4) || t.equals("SERVICE_DISABLED")) {
            return Startup.DISABLED;
        }
        f.warn(start.line(), "Start", "'" + start.asText() + "' is a driver start type; imported as startup: auto");
        return Startup.AUTO;
    }

    private static void mapType(NssmService s, Findings f) {
        Setting type = s.take("Type");
        if (type == null) {
            return;
        }
        Long n = type.asNumber();
        String t = type.asText().toUpperCase(Locale.ROOT);
        if ((n != null && n == 0x10) || t.equals("SERVICE_WIN32_OWN_PROCESS")) {
            return;
        }
        f.warn(type.line(), "Type", "'" + type.asText() + "': svcctl registers an own-process service that does not"
                + " interact with the desktop (SERVICE_INTERACTIVE_PROCESS is not kept)");
    }

    private static void mapAccount(NssmService s, Findings f, PlatformWindows windows) {
        Setting objectName = s.take("ObjectName");
        Setting password = s.take("ObjectNamePassword");
        if (objectName == null) {
            return;
        }
        String account = WindowsServiceValues.account(objectName.asText());
        if (account == null) {
            return;
        }
        windows.account = account;
        if (password != null) {
            // nssm dump writes "****" for the password it cannot read back; a hand-written line may hold the real one.
            f.warn(password.line(), "ObjectName", "the password is not imported (nssm dump writes ****, and a spec"
                    + " never holds one): set platform.windows.passwordEnv to the environment variable that holds it"
                    + " at install");
        } else if (WindowsServiceValues.needsPassword(account)) {
            f.warn(objectName.line(), "ObjectName", "'" + account + "' needs its password at install, which"
                    + " the source does not hold: set platform.windows.passwordEnv");
        }
    }

    private static void mapDependencies(NssmService s, Findings f, ServiceSpec.Builder b) {
        List<String> depends = new ArrayList<>();
        for (Entry e : s.takeList("DependOnService")) {
            if (!e.value().isEmpty()) {
                depends.add(e.value());
            }
        }
        b.dependsOn(depends);
        for (Entry e : s.takeList("DependOnGroup")) {
            f.warn(e.line(), "DependOnGroup", "the load-order group '" + e.value() + "' cannot be named in a spec"
                    + " (dependsOn names services); not imported");
        }
    }

    private static Map<String, String> environment(NssmService s, Findings f) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> upper = new LinkedHashMap<>();
        addEnvironment(s.takeList("Environment"), "Environment", env, upper, f);
        List<Entry> replacing = s.takeList("AppEnvironment");
        if (!replacing.isEmpty()) {
            f.warn(replacing.get(0).line(), "AppEnvironment", "NSSM gives the program only these variables (srvany"
                    + " style); svcctl adds them to the environment the program inherits");
        }
        addEnvironment(replacing, "AppEnvironment", env, upper, f);
        addEnvironment(s.takeList("AppEnvironmentExtra"), "AppEnvironmentExtra", env, upper, f);
        return env;
    }

    private static void addEnvironment(List<Entry> entries, String setting, Map<String, String> env,
                                       Map<String, String> upper, Findings f) {
        for (Entry e : entries) {
            int eq = e.value().indexOf('=', 1);
            if (eq < 0) {
                f.warn(e.line(), setting, "'" + e.value() + "' is not KEY=VALUE; not imported");
                continue;
            }
            String key = e.value().substring(0, eq);
            String value = e.value().substring(eq + 1);
            if (!WindowsServiceValues.validEnvName(key)) {
                f.warn(e.line(), setting, "'" + key + "' is not a name a spec's env can hold (letters, digits, '_');"
                        + " not imported");
                continue;
            }
            if (WindowsVariables.hasReference(value)) {
                f.warn(e.line(), setting, key + " holds " + WindowsVariables.firstReference(value) + ", which NSSM"
                        + " may expand when it builds the environment; svcctl passes env values exactly (kept as"
                        + " written)");
            }
            // Windows variable names ignore case: a later entry replaces an earlier one whatever its case.
            String former = upper.put(key.toUpperCase(Locale.ROOT), key);
            if (former != null) {
                env.remove(former);
            }
            env.put(key, value);
        }
    }

    private static RestartSpec restart(NssmService s, Findings f) {
        Setting defaultAction = s.exitActions.remove("default");
        String def = defaultAction == null ? "restart" : defaultAction.asText().toLowerCase(Locale.ROOT);
        RestartPolicy policy;
        TreeSet<Integer> success = new TreeSet<>();
        if (def.startsWith("restart")) {
            for (var e : s.exitActions.entrySet()) {
                String action = e.getValue().asText().toLowerCase(Locale.ROOT);
                Integer code = exitCode(e.getKey());
                if (code == null) {
                    f.warn(e.getValue().line(), "AppExit", "'" + e.getKey() + "' is not an exit code; not imported");
                } else if (!action.startsWith("restart")) {
                    success.add(code);
                    exitActionNote(f, e.getValue(), action, "exit code " + code);
                }
            }
            policy = success.isEmpty() ? RestartPolicy.ALWAYS : RestartPolicy.ON_FAILURE;
        } else {
            policy = RestartPolicy.NEVER;
            if (defaultAction != null) {
                exitActionNote(f, defaultAction, def, "any exit");
            }
            for (var e : s.exitActions.entrySet()) {
                if (e.getValue().asText().toLowerCase(Locale.ROOT).startsWith("restart")) {
                    f.warn(e.getValue().line(), "AppExit", "NSSM restarts the program on exit code " + e.getKey()
                            + " only; a spec cannot restart on chosen codes alone (restart.onExit is not in this"
                            + " version's model), so it is never restarted");
                }
            }
        }
        s.exitActions.clear();
        Setting delaySetting = s.take("AppRestartDelay");
        Setting throttleSetting = s.take("AppThrottle");
        long delayMs = number(delaySetting, 0, f);
        long throttleMs = number(throttleSetting, 1500, f);
        Duration delay;
        Optional<Duration> maxDelay;
        Duration window;
        if (throttleMs > 0) {
            // NSSM pauses 1s, 2s, 4s ... 128s after runs shorter than AppThrottle, as svcctl's backoff does after
            // runs shorter than restart.window.
            delay = delayMs > 0 ? Duration.ofMillis(delayMs) : Duration.ofSeconds(1);
            maxDelay = Optional.of(delay.compareTo(Duration.ofSeconds(128)) > 0 ? delay : Duration.ofSeconds(128));
            window = Duration.ofMillis(throttleMs);
            if (delayMs > 0) {
                f.warn(delaySetting.line(), "AppRestartDelay", "NSSM waits the longer of AppRestartDelay and its"
                        + " throttle pause (1s doubling to 128s); svcctl starts at restart.delay " + delayMs
                        + "ms and doubles it up to restart.maxDelay after runs shorter than restart.window");
            }
        } else {
            delay = Duration.ofMillis(delayMs);
            maxDelay = Optional.empty();
            window = Duration.ofSeconds(60);
        }
        List<Integer> codes = policy == RestartPolicy.ON_FAILURE ? List.copyOf(success) : List.of(0);
        // NSSM never gives up restarting: the largest burst a spec allows stands for that.
        return new RestartSpec(policy, delay, maxDelay, 10000, window, codes);
    }

    private static Integer exitCode(String text) {
        try {
            long v = Long.parseLong(text.strip());
            return v >= Integer.MIN_VALUE && v <= 0xFFFFFFFFL ? (int) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void exitActionNote(Findings f, Setting setting, String action, String when) {
        if (action.startsWith("ignore")) {
            f.warn(setting.line(), "AppExit", "Ignore on " + when + ": NSSM leaves the service running without its"
                    + " program; svcctl's service stops");
        } else if (action.startsWith("suicide")) {
            f.warn(setting.line(), "AppExit", "Suicide on " + when + ": NSSM ends without reporting a stop so that"
                    + " the SCM's recovery actions run; svcctl's service stops (its failure actions follow restart)");
        } else if (!action.startsWith("exit")) {
            f.warn(setting.line(), "AppExit", "'" + action + "' is not an NSSM exit action; read as Exit");
        }
    }

    private static long number(Setting setting, long otherwise, Findings f) {
        if (setting == null) {
            return otherwise;
        }
        Long n = setting.asNumber();
        if (n == null) {
            f.warn(setting.line(), setting.name(), "'" + setting.asText() + "' is not a number; NSSM's default "
                    + otherwise + " used");
            return otherwise;
        }
        return n;
    }

    private static StopSpec stop(NssmService s, Findings f) {
        Setting skipSetting = s.take("AppStopMethodSkip");
        long skip = number(skipSetting, 0, f);
        Setting console = s.take("AppStopMethodConsole");
        Setting window = s.take("AppStopMethodWindow");
        Setting threads = s.take("AppStopMethodThreads");
        long consoleMs = number(console, 1500, f);
        Signal signal = Signal.TERM;
        Duration timeout = Duration.ofMillis(consoleMs);
        if ((skip & 1) != 0 || consoleMs == 0) {
            signal = Signal.KILL;
            timeout = Duration.ofMillis(1500);
            f.warn(skipSetting != null && (skip & 1) != 0 ? skipSetting.line() : console.line(), "AppStopMethodSkip",
                    "NSSM does not send Ctrl-C (or does not wait after it); imported as stop.signal KILL, which ends"
                            + " the program at once");
        }
        if ((skip & 1) != 0 && ((skip & 2) == 0 || (skip & 4) == 0)) {
            f.warn(skipSetting.line(), "AppStopMethodSkip", "NSSM would post WM_CLOSE or WM_QUIT to the program's"
                    + " windows or threads; svcctl has no such stop methods");
        }
        for (Setting grace : new Setting[] {window, threads}) {
            if (grace != null && (skip & 1) == 0) {
                f.warn(grace.line(), grace.name(), "svcctl does not post WM_CLOSE/WM_QUIT; after Ctrl-C it waits"
                        + " stop.timeout (AppStopMethodConsole, " + consoleMs + "ms) and then ends the tree");
            }
        }
        if ((skip & 8) != 0) {
            f.warn(skipSetting.line(), "AppStopMethodSkip", "NSSM never terminates the program; svcctl always ends"
                    + " its process tree after stop.timeout");
        }
        StopMode mode = StopMode.GROUP;
        Setting tree = s.take("AppKillProcessTree");
        if (tree != null && Long.valueOf(0).equals(tree.asNumber())) {
            mode = StopMode.PROCESS;
            f.warn(tree.line(), "AppKillProcessTree", "0 became stop.mode: process, which the Windows backend"
                    + " refuses (its service host runs the program in a job that ends with it)");
        }
        return new StopSpec(signal, timeout, mode);
    }

    private static LogsSpec logs(NssmService s, Findings f) {
        Setting out = s.take("AppStdout");
        Setting err = s.take("AppStderr");
        LogTarget stdout = LogTarget.DISCARD;
        LogTarget stderr = LogTarget.DISCARD;
        Optional<String> dir = Optional.empty();
        if (out != null && !out.asText().isEmpty()) {
            stdout = LogTarget.FILE;
            dir = Optional.ofNullable(logDirectory(out, "stdout", f));
        }
        if (err != null && !err.asText().isEmpty()) {
            stderr = LogTarget.FILE;
            String errDir = logDirectory(err, "stderr", f);
            if (dir.isEmpty()) {
                dir = Optional.ofNullable(errDir);
            } else if (errDir != null && !dir.get().equalsIgnoreCase(errDir)) {
                f.warn(err.line(), "AppStderr", "svcctl keeps both streams in one directory, logs.dir "
                        + dir.get() + " (from AppStdout)");
            }
            if (out != null && out.asText().equalsIgnoreCase(err.asText())) {
                f.warn(err.line(), "AppStderr", "NSSM writes both streams into one file; svcctl writes"
                        + " stdout.log and stderr.log");
            }
        }
        for (String stream : List.of("Stdout", "Stderr")) {
            Setting disposition = s.take("App" + stream + "CreationDisposition");
            if (disposition != null && !Long.valueOf(4).equals(disposition.asNumber())) {
                f.warn(disposition.line(), disposition.name(), disposition.asText() + (Long.valueOf(2)
                        .equals(disposition.asNumber()) ? ": NSSM truncates the file at each start" : "")
                        + "; svcctl appends to its log files");
            }
            for (String extra : List.of("ShareMode", "FlagsAndAttributes", "CopyAndTruncate")) {
                Setting x = s.take("App" + stream + extra);
                if (x != null) {
                    f.warn(x.line(), x.name(), "svcctl opens its log files itself; not imported");
                }
            }
        }
        for (String stdin : List.of("AppStdin", "AppStdinShareMode", "AppStdinCreationDisposition",
                "AppStdinFlagsAndAttributes")) {
            Setting x = s.take(stdin);
            if (x != null) {
                f.warn(x.line(), x.name(), "svcctl gives the program no standard input; not imported");
            }
        }
        Setting timestamps = s.take("AppTimestampLog");
        if (timestamps != null && !Long.valueOf(0).equals(timestamps.asNumber())) {
            f.warn(timestamps.line(), "AppTimestampLog", "svcctl writes the program's output as it comes, without"
                    + " time stamps");
        }
        Optional<RotateSpec> rotate = rotation(s, f, stdout == LogTarget.FILE || stderr == LogTarget.FILE);
        return new LogsSpec(stdout, stderr, dir, rotate);
    }

    private static String logDirectory(Setting file, String stream, Findings f) {
        String path = file.asText();
        expansionWarning(f, file, "NSSM expands it");
        int slash = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        String dir = slash > 0 ? (path.charAt(slash - 1) == ':' ? path.substring(0, slash + 1)
                : path.substring(0, slash)) : path;
        String fileName = path.substring(slash + 1);
        if (!fileName.equalsIgnoreCase(stream + ".log")) {
            f.warn(file.line(), file.name(), "svcctl names the file " + stream + ".log in logs.dir " + dir
                    + ", not " + fileName);
        }
        return WindowsServiceValues.absolutePath(dir, "logs.dir", f, file.line(), file.name());
    }

    private static Optional<RotateSpec> rotation(NssmService s, Findings f, boolean files) {
        Setting on = s.take("AppRotateFiles");
        Setting online = s.take("AppRotateOnline");
        Setting seconds = s.take("AppRotateSeconds");
        Setting bytesLow = s.take("AppRotateBytes");
        Setting bytesHigh = s.take("AppRotateBytesHigh");
        Setting delay = s.take("AppRotateDelay");
        if (on == null || Long.valueOf(0).equals(on.asNumber())) {
            for (Setting x : new Setting[] {online, seconds, bytesLow, bytesHigh, delay}) {
                if (x != null) {
                    f.warn(x.line(), x.name(), "AppRotateFiles is off, so NSSM does not use it; not imported");
                }
            }
            return Optional.empty();
        }
        if (!files) {
            f.warn(on.line(), "AppRotateFiles", "no AppStdout or AppStderr file to rotate; not imported");
            return Optional.empty();
        }
        long size = number(bytesLow, 0, f) + (number(bytesHigh, 0, f) << 32);
        long secs = number(seconds, 0, f);
        RotateEvery every = RotateEvery.NONE;
        if (secs > 0) {
            every = secs == 3600 ? RotateEvery.HOURLY : secs == 86400 ? RotateEvery.DAILY
                    : secs == 604800 ? RotateEvery.WEEKLY : null;
            if (every == null) {
                f.warn(seconds.line(), "AppRotateSeconds", secs + "s is not an hour, a day or a week, the periods a"
                        + " spec can rotate by; not imported");
                every = RotateEvery.NONE;
            }
        }
        if (online == null || Long.valueOf(0).equals(online.asNumber())) {
            f.warn(on.line(), "AppRotateOnline", "NSSM rotates only when the service starts; svcctl rotates while"
                    + " the program runs");
        }
        if (delay != null) {
            f.warn(delay.line(), "AppRotateDelay", "svcctl does not pause between rotations; not imported");
        }
        if (size <= 0 && every == RotateEvery.NONE) {
            f.warn(on.line(), "AppRotateFiles", "without a size or a period svcctl has nothing to rotate by; not"
                    + " imported");
            return Optional.empty();
        }
        // NSSM keeps every rotated file: 10000, the most a spec keeps, stands for that.
        return Optional.of(new RotateSpec(size > 0 ? OptionalLong.of(size) : OptionalLong.empty(), every, 10000,
                false, OptionalLong.empty()));
    }

    /** The service key's own values that map to platform.windows or need a word. */
    private static void mapServiceKey(NssmService s, Findings f, PlatformWindows windows) {
        s.take("ImagePath");
        Setting errorControl = s.take("ErrorControl");
        if (errorControl != null && !Long.valueOf(1).equals(errorControl.asNumber())) {
            f.warn(errorControl.line(), "ErrorControl", "svcctl registers SERVICE_ERROR_NORMAL; not imported");
        }
        Setting preshutdown = s.take("PreshutdownTimeout");
        if (preshutdown != null && preshutdown.asNumber() != null) {
            windows.preshutdown = Optional.of(Duration.ofMillis(preshutdown.asNumber()));
        }
        Setting sid = s.take("ServiceSidType");
        if (sid != null && sid.asNumber() != null) {
            long v = sid.asNumber();
            windows.sidType = Optional.of(v == 1 ? PlatformSpec.SidType.UNRESTRICTED
                    : v == 3 ? PlatformSpec.SidType.RESTRICTED : PlatformSpec.SidType.NONE);
        }
        List<Entry> privileges = s.takeList("RequiredPrivileges");
        Setting privilegeText = s.take("RequiredPrivileges");
        if (!privileges.isEmpty() || privilegeText != null) {
            List<String> names = new ArrayList<>();
            privileges.forEach(e -> names.add(e.value()));
            if (privilegeText != null) {
                names.addAll(privilegeText.asList());
            }
            windows.privileges = Optional.of(names);
        }
        for (String failure : List.of("FailureActions", "FailureActionsOnNonCrashFailures", "FailureCommand",
                "RebootMessage")) {
            Setting x = s.take(failure);
            if (x != null) {
                f.warn(x.line(), failure, "svcctl derives the SCM failure actions from restart"
                        + " (platform.windows.failureActions: auto); not imported");
            }
        }
        s.take("WOW64");
    }

    private static void reportLeftovers(NssmService s, Findings f) {
        Setting affinity = s.take("AppAffinity");
        if (affinity != null) {
            f.warn(affinity.line(), "AppAffinity", "CPUs " + affinity.asText() + ": cpuAffinity is not in this"
                    + " version's spec model; not imported");
        }
        Setting noConsole = s.take("AppNoConsole");
        if (noConsole != null && !Long.valueOf(0).equals(noConsole.asNumber())) {
            f.warn(noConsole.line(), "AppNoConsole", "svcctl always gives the program a console, through which it"
                    + " sends Ctrl-C");
        }
        Setting redirectHook = s.take("AppRedirectHook");
        if (redirectHook != null && !Long.valueOf(0).equals(redirectHook.asNumber())) {
            f.warn(redirectHook.line(), "AppRedirectHook", "hooks are not imported (see AppEvents)");
        }
        for (NssmService.Hook hook : s.hooks) {
            f.warn(hook.line(), "AppEvents " + hook.name(), "the hook command " + hook.command() + " is not"
                    + " imported: spec hooks are not in this version's model");
        }
        for (Setting left : s.settings.values()) {
            f.warn(left.line(), left.name(), "not an NSSM or SCM setting svcctl knows; not imported");
        }
        for (var list : s.lists.entrySet()) {
            for (Entry e : list.getValue()) {
                f.warn(e.line(), list.getKey(), "not imported");
            }
        }
    }
}
