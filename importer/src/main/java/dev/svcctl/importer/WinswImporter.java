package dev.svcctl.importer;

import dev.svcctl.importer.XmlTree.Element;
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
import dev.svcctl.spec.StopSpec;
import dev.svcctl.windows.WindowsCommandLine;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WinSW v2/v3 XML configuration ({@code <service>}). WinSW starts {@code "executable" arguments} (the arguments
 * text, or the {@code <argument>} elements joined as WinSW 2 joins them) after expanding {@code %NAME%} references;
 * the program's argv is what its C runtime parses from that line. docs/import.md has the table of elements.
 */
public final class WinswImporter implements Importer {
    private static final Pattern ROOT = Pattern.compile("(?s)^\\s*(<\\?xml[^>]*>\\s*)?(<!--.*?-->\\s*)*<service[\\s>]");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)\\s*");
    /** Elements that change nothing svcctl does, reported with what to do instead. */
    private static final Map<String, String> NOT_IMPORTED = Map.ofEntries(
            Map.entry("download", "svcctl does not download files before a start; fetch the file another way"),
            Map.entry("beeponshutdown", "svcctl does not beep at shutdown"),
            Map.entry("interactive", "svcctl services do not interact with the desktop"),
            Map.entry("stopexecutable", "svcctl stops the program with stop.signal; a stop command is not in this"
                    + " version's model"),
            Map.entry("stoparguments", "svcctl stops the program with stop.signal; a stop command is not in this"
                    + " version's model"),
            Map.entry("stopargument", "svcctl stops the program with stop.signal; a stop command is not in this"
                    + " version's model"),
            Map.entry("prestart", "hooks are not in this version's spec model"),
            Map.entry("poststart", "hooks are not in this version's spec model"),
            Map.entry("prestop", "hooks are not in this version's spec model"),
            Map.entry("poststop", "hooks are not in this version's spec model"),
            Map.entry("extensions", "svcctl has no WinSW extensions (shared directory mapping, runaway process"
                    + " killer)"),
            Map.entry("sharedDirectoryMapping", "svcctl does not map network drives"),
            Map.entry("securityDescriptor", "svcctl keeps the SCM's default security descriptor"),
            Map.entry("autoRefresh", "svcctl applies a changed spec at install, not at each start"),
            Map.entry("waithint", "svcctl's service host reports its own wait hints"),
            Map.entry("sleeptime", "svcctl's service host reports its own wait hints"),
            Map.entry("hidewindow", "svcctl starts the program without a window"),
            Map.entry("prompt", "svcctl reads the password from platform.windows.passwordEnv at install"));

    @Override
    public String id() {
        return "winsw";
    }

    @Override
    public boolean recognizes(SourceFile source) {
        String text = source.text().startsWith("\uFEFF") ? source.text().substring(1) : source.text();
        if (!ROOT.matcher(text).find()) {
            return false;
        }
        return text.contains("<executable") || text.contains("<id>") || text.contains("<id ");
    }

    @Override
    public ImportResult read(SourceFile source) throws ImportException {
        Findings f = new Findings(source.path());
        Element root = XmlTree.parse(source.text(), f);
        if (!root.name().equals("service")) {
            throw f.error(root.line(), "the root element is <" + root.name() + ">, not <service>",
                    "is this a WinSW configuration?");
        }
        Element idElement = root.child("id");
        if (idElement == null || idElement.text().isBlank()) {
            throw f.error(root.line(), "no <id>", "WinSW needs <id>, the service name");
        }
        Map<String, String> variables = new HashMap<>();
        Context c = new Context(f, variables);
        String rawId = c.expand(idElement, idElement.text().strip());
        f.service(rawId);
        String name = WindowsServiceValues.specName(rawId, f, idElement.line(), "id");
        Map<String, String> env = environment(root, c);

        Element executable = root.child("executable");
        if (executable == null || executable.text().isBlank()) {
            throw f.error(root.line(), "no <executable>", "WinSW needs <executable>, the program to run");
        }
        String exe = c.expand(executable, executable.text().strip());
        String problem = WindowsCommandLine.problem(List.of(exe));
        if (problem != null) {
            throw f.error(executable.line(), "<executable> '" + exe + "': " + problem, "fix the program path");
        }
        ServiceSpec.Builder b = ServiceSpec.builder(name, exe);
        Parameters parameters = parameters(root, c);
        if (parameters != null) {
            List<String> args = WindowsProgramLine.arguments(exe, parameters.text, f, parameters.line,
                    parameters.setting);
            if (parameters.tokens != null && !args.equals(parameters.tokens)) {
                f.warn(parameters.line, "argument", "WinSW 2 joins the <argument> elements into one line (quotes"
                        + " only around a space, nothing escaped), from which the program parses "
                        + WindowsProgramLine.show(args) + ", not the " + parameters.tokens.size() + " values as"
                        + " written; imported as the program receives them");
            }
            b.args(args);
        }
        b.env(env);
        Element display = root.child("name");
        if (display != null && !display.text().isBlank()) {
            b.displayName(c.expand(display, display.text().strip()));
        } else if (!name.equals(rawId)) {
            b.displayName(rawId);
        }
        Element description = root.child("description");
        if (description != null && !description.text().isBlank()) {
            String d = c.expand(description, description.text().strip());
            if (d.contains("\n")) {
                f.warn(description.line(), "description", "a spec description is one line; line breaks became"
                        + " spaces");
                d = d.replaceAll("\\s*[\\r\\n]+\\s*", " ");
            }
            b.description(d);
        }
        Element workingDirectory = root.child("workingdirectory");
        if (workingDirectory != null && !workingDirectory.text().isBlank()) {
            b.workingDirectory(WindowsServiceValues.absolutePath(c.expand(workingDirectory,
                    workingDirectory.text().strip()), "workingDirectory", f, workingDirectory.line(),
                    "workingdirectory"));
        } else {
            f.warn(root.line(), "workingdirectory", "WinSW starts the program in the directory of the wrapper"
                    + " (%BASE%), which the file does not name; set workingDirectory");
        }
        b.startup(startup(root, f));
        List<String> depends = new ArrayList<>();
        for (Element e : root.children()) {
            if (e.name().equals("depend") && !e.text().isBlank()) {
                depends.add(c.expand(e, e.text().strip()));
            }
        }
        b.dependsOn(depends);
        b.restart(restart(root, c));
        b.stop(stop(root, c));
        b.logs(logs(root, c, rawId));
        Element priority = root.child("priority");
        if (priority != null) {
            OptionalInt nice = WindowsServiceValues.nice(priority.text().strip());
            if (nice == null) {
                f.warn(priority.line(), "priority", "'" + priority.text().strip() + "' is not a priority class;"
                        + " not imported");
            } else if (nice.isPresent()) {
                b.priority(nice.getAsInt());
                f.warn(priority.line(), "priority", priority.text().strip() + " became priority "
                        + nice.getAsInt() + "; the Windows backend refuses `priority` until its service host applies"
                        + " a priority class (docs/windows.md): remove the key to install this spec on Windows");
            }
        }
        b.platform(new PlatformSpec(PlatformSpec.Systemd.NONE, windows(root, c), PlatformSpec.Launchd.DEFAULT));
        reportOthers(root, f);
        return new ImportResult(List.of(b.build()), f.warnings());
    }

    /** Expansion of %NAME% as WinSW does it, with the variables its own env elements set, and a warning per rest. */
    private static final class Context {
        final Findings f;
        final Map<String, String> variables;

        Context(Findings f, Map<String, String> variables) {
            this.f = f;
            this.variables = variables;
        }

        String expand(Element e, String text) {
            return WindowsVariables.expand(text, variables, ref -> f.warn(e.line(), e.name(), "holds " + ref
                    + ", which WinSW expands from its environment when it starts (%BASE% is the wrapper's"
                    + " directory); svcctl takes the text as written: replace it"));
        }
    }

    private static Map<String, String> environment(Element root, Context c) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> upper = new HashMap<>();
        for (Element e : root.children()) {
            if (!e.name().equals("env")) {
                continue;
            }
            String key = e.attributes().get("name");
            String raw = e.attributes().get("value");
            if (key == null || raw == null) {
                c.f.warn(e.line(), "env", "an env element needs name and value attributes; not imported");
                continue;
            }
            // WinSW sets each variable in order, expanded: a later one may use an earlier one.
            String value = c.expand(e, raw);
            c.variables.put(key.toUpperCase(Locale.ROOT), value);
            if (!WindowsServiceValues.validEnvName(key)) {
                c.f.warn(e.line(), "env", "'" + key + "' is not a name a spec's env can hold (letters, digits, '_');"
                        + " not imported");
                continue;
            }
            String former = upper.put(key.toUpperCase(Locale.ROOT), key);
            if (former != null) {
                env.remove(former);
            }
            env.put(key, value);
        }
        return env;
    }

    /** The parameter text WinSW appends to the program, where it comes from, and the argument elements if any. */
    private record Parameters(String text, int line, String setting, List<String> tokens) {
    }

    private static Parameters parameters(Element root, Context c) {
        List<Element> single = new ArrayList<>();
        Element arguments = null;
        Element startArguments = null;
        for (Element e : root.children()) {
            switch (e.name()) {
                case "argument" -> single.add(e);
                case "arguments" -> arguments = e;
                case "startarguments", "startargument" -> startArguments = e;
                default -> { }
            }
        }
        if (startArguments != null) {
            c.f.warn(startArguments.line(), startArguments.name(), "WinSW passes these instead of the arguments"
                    + " only together with a stopexecutable; not imported");
        }
        if (!single.isEmpty()) {
            // WinSW 2 joins <argument> elements: each expanded, quoted when it holds a space unless it already
            // starts and ends with a quote, nothing escaped, each after a space.
            StringBuilder joined = new StringBuilder();
            List<String> tokens = new ArrayList<>();
            for (Element e : single) {
                String token = c.expand(e, e.text());
                tokens.add(token);
                if (!(token.startsWith("\"") && token.endsWith("\"")) && token.contains(" ")) {
                    token = "\"" + token + "\"";
                }
                joined.append(' ').append(token);
            }
            if (arguments != null) {
                c.f.warn(arguments.line(), "arguments", "WinSW 2 uses the <argument> elements and ignores"
                        + " <arguments>; imported the same way");
            }
            return new Parameters(joined.toString(), single.get(0).line(), "argument", tokens);
        }
        if (arguments != null) {
            return new Parameters(c.expand(arguments, arguments.text()), arguments.line(), "arguments", null);
        }
        return null;
    }

    /** The command line WinSW hands to CreateProcess for {@code source}: for the Wine oracle test. */
    static String programLine(SourceFile source) throws ImportException {
        Findings f = new Findings(source.path());
        Element root = XmlTree.parse(source.text(), f);
        Context c = new Context(f, new HashMap<>());
        environment(root, c);
        Element executable = root.child("executable");
        String exe = c.expand(executable, executable.text().strip());
        Parameters parameters = parameters(root, c);
        return WindowsProgramLine.of(exe, parameters == null ? "" : parameters.text);
    }

    private static Startup startup(Element root, Findings f) {
        Element mode = root.child("startmode");
        Element delayed = root.child("delayedAutoStart");
        boolean isDelayed = delayed != null && isTrue(delayed.text());
        Startup startup = Startup.AUTO;
        if (mode != null) {
            switch (mode.text().strip().toLowerCase(Locale.ROOT)) {
                case "automatic" -> startup = Startup.AUTO;
                case "manual" -> startup = Startup.MANUAL;
                case "disabled" -> startup = Startup.DISABLED;
                default -> f.warn(mode.line(), "startmode", "'" + mode.text().strip() + "' is a driver start mode;"
                        + " imported as startup: auto");
            }
        }
        if (isDelayed) {
            if (startup == Startup.AUTO) {
                return Startup.DELAYED;
            }
            f.warn(delayed.line(), "delayedAutoStart", "only an automatic start can be delayed; not imported");
        }
        return startup;
    }

    private static boolean isTrue(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("1") || t.equals("yes");
    }

    /** A WinSW time span: a number and a unit (ms, sec, min, hour, day and their plurals); no unit is ms. */
    static Duration duration(Element e, String text, Duration otherwise, Findings f) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            f.warn(e.line(), e.name(), "'" + text + "' is not a time span WinSW reads; " + otherwise + " used");
            return otherwise;
        }
        double amount = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "ms" -> 1L;
            case "s", "sec", "secs", "second", "seconds" -> 1000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            default -> -1L;
        };
        if (unit < 0) {
            f.warn(e.line(), e.name(), "'" + m.group(2) + "' is not a unit WinSW reads; " + otherwise + " used");
            return otherwise;
        }
        return Duration.ofMillis(Math.round(amount * unit));
    }

    private static RestartSpec restart(Element root, Context c) {
        List<Element> failures = new ArrayList<>();
        for (Element e : root.children()) {
            if (e.name().equals("onfailure")) {
                failures.add(e);
            }
        }
        Element reset = root.child("resetfailure");
        Duration window = reset == null ? Duration.ofDays(1)
                : duration(reset, reset.text(), Duration.ofDays(1), c.f);
        if (window.isZero()) {
            window = Duration.ofDays(1);
        }
        if (failures.isEmpty()) {
            return new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), Optional.empty(), 5,
                    Duration.ofSeconds(60), List.of(0));
        }
        List<Duration> delays = new ArrayList<>();
        boolean endsWithRestart = false;
        for (Element e : failures) {
            String action = e.attributes().getOrDefault("action", "").toLowerCase(Locale.ROOT);
            String delay = e.attributes().get("delay");
            switch (action) {
                case "restart" -> {
                    delays.add(delay == null ? Duration.ZERO : duration(e, delay, Duration.ZERO, c.f));
                    endsWithRestart = true;
                }
                case "none" -> endsWithRestart = false;
                case "reboot" -> {
                    c.f.warn(e.line(), "onfailure", "svcctl does not reboot the machine after a failure (a"
                            + " platform.windows.failureActions list is not in this version's model); read as none");
                    endsWithRestart = false;
                }
                default -> {
                    c.f.warn(e.line(), "onfailure", "'" + action + "' is not a WinSW failure action; read as none");
                    endsWithRestart = false;
                }
            }
            if (!endsWithRestart) {
                break;
            }
        }
        if (delays.isEmpty()) {
            return new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), Optional.empty(), 5,
                    Duration.ofSeconds(60), List.of(0));
        }
        Duration first = delays.get(0);
        Duration longest = delays.stream().max(Duration::compareTo).orElse(first);
        Optional<Duration> maxDelay = Optional.empty();
        if (!longest.equals(first) || delays.stream().anyMatch(d -> !d.equals(first))) {
            maxDelay = Optional.of(longest);
            c.f.warn(failures.get(0).line(), "onfailure", "the SCM waits " + delays + " before the 1st, 2nd ..."
                    + " restart; svcctl starts at restart.delay " + first.toMillis() + "ms and doubles it up to"
                    + " restart.maxDelay " + longest.toMillis() + "ms");
        }
        // SCM failure actions repeat the last one forever; a list that ends with none gives up after its restarts.
        int burst = endsWithRestart ? 10000 : delays.size();
        // WinSW reports a failure, so the SCM acts, only when the program exits with a code other than 0.
        return new RestartSpec(RestartPolicy.ON_FAILURE, first, maxDelay, burst, window, List.of(0));
    }

    private static StopSpec stop(Element root, Context c) {
        Element timeout = root.child("stoptimeout");
        Duration t = timeout == null ? Duration.ofSeconds(15)
                : duration(timeout, timeout.text(), Duration.ofSeconds(15), c.f);
        if (t.isZero()) {
            c.f.warn(timeout.line(), "stoptimeout", "0 is not a stop timeout a spec takes; 1ms used");
            t = Duration.ofMillis(1);
        }
        Element parentFirst = root.child("stopparentprocessfirst");
        if (parentFirst != null) {
            c.f.warn(parentFirst.line(), "stopparentprocessfirst", "svcctl sends Ctrl-C through the program's"
                    + " console (every process attached to it gets it) and ends the whole tree after stop.timeout");
        }
        return new StopSpec(Signal.TERM, t);
    }

    private static LogsSpec logs(Element root, Context c, String id) {
        Element log = root.child("log");
        Element logmode = root.child("logmode");
        String mode = "append";
        int line = root.line();
        if (log != null) {
            mode = log.attributes().getOrDefault("mode", "append");
            line = log.line();
        } else if (logmode != null) {
            mode = logmode.text().strip();
            line = logmode.line();
        }
        mode = mode.toLowerCase(Locale.ROOT);
        Element logpath = root.child("logpath");
        Optional<String> dir = Optional.empty();
        if (logpath != null && !logpath.text().isBlank()) {
            dir = Optional.ofNullable(WindowsServiceValues.absolutePath(c.expand(logpath,
                    logpath.text().strip()), "logs.dir", c.f, logpath.line(), "logpath"));
        }
        if (mode.equals("none")) {
            return new LogsSpec(LogTarget.DISCARD, LogTarget.DISCARD, dir, Optional.empty());
        }
        if (dir.isEmpty() && logpath == null) {
            c.f.warn(line, "logpath", "WinSW writes the logs beside the configuration file, which svcctl cannot"
                    + " know; set logs.dir (svcctl's default is %ProgramData%\\svcctl\\logs\\NAME)");
        }
        c.f.warn(line, "log", "svcctl writes stdout.log and stderr.log in logs.dir, not " + id + ".out.log and "
                + id + ".err.log");
        Optional<RotateSpec> rotate = Optional.empty();
        switch (mode) {
            case "append" -> { }
            case "reset" -> c.f.warn(line, "log", "reset: WinSW empties the logs at each start; svcctl appends");
            case "roll", "rotate", "roll-by-size" -> {
                long kb = number(log, "sizeThreshold", 10240, c.f);
                int keep = (int) number(log, "keepFiles", 8, c.f);
                rotate = Optional.of(new RotateSpec(OptionalLong.of(kb * 1024), RotateEvery.NONE,
                        Math.max(1, Math.min(keep, 10000)), false, OptionalLong.empty()));
            }
            case "roll-by-time" -> rotate = byTime(log, c.f, OptionalLong.empty());
            case "roll-by-size-time" -> {
                long size = sizeWithUnit(log, c.f);
                rotate = byTime(log, c.f, size > 0 ? OptionalLong.of(size) : OptionalLong.empty());
                for (String extra : List.of("autoRollAtTime", "zipOlderThanNumDays", "zipDateFormat")) {
                    Element x = log == null ? null : log.child(extra);
                    if (x != null) {
                        c.f.warn(x.line(), extra, "svcctl rotates by size and period only (compression, when"
                                + " wanted, is logs.rotate.compress); not imported");
                    }
                }
            }
            default -> c.f.warn(line, "log", "'" + mode + "' is not a WinSW log mode; read as append");
        }
        if (log != null) {
            for (Element x : log.children()) {
                if (List.of("outfiledisabled", "errfiledisabled", "outfilepattern", "errfilepattern", "logname",
                        "period").contains(x.name())) {
                    c.f.warn(x.line(), x.name(), "svcctl names and enables its log files itself; not imported");
                }
            }
        }
        return new LogsSpec(LogTarget.FILE, LogTarget.FILE, dir, rotate);
    }

    private static Optional<RotateSpec> byTime(Element log, Findings f, OptionalLong size) {
        Element pattern = log == null ? null : log.child("pattern");
        RotateEvery every = RotateEvery.NONE;
        if (pattern == null) {
            f.warn(log == null ? 1 : log.line(), "pattern", "a time-rolled log needs <pattern>; no period"
                    + " imported");
        } else {
            String p = pattern.text().strip();
            // The finest field of the .NET date pattern is the period WinSW rolls by.
            if (p.contains("mm") || p.contains("ss")) {
                f.warn(pattern.line(), "pattern", "'" + p + "' rolls more often than hourly; imported as hourly");
                every = RotateEvery.HOURLY;
            } else if (p.contains("HH") || p.contains("hh")) {
                every = RotateEvery.HOURLY;
            } else if (p.contains("dd")) {
                every = RotateEvery.DAILY;
            } else {
                f.warn(pattern.line(), "pattern", "'" + p + "' rolls by a period a spec has no name for (hourly,"
                        + " daily, weekly); imported as daily");
                every = RotateEvery.DAILY;
            }
        }
        if (every == RotateEvery.NONE && size.isEmpty()) {
            return Optional.empty();
        }
        // WinSW keeps every time-rolled file: 10000, the most a spec keeps, stands for that.
        return Optional.of(new RotateSpec(size, every, 10000, false, OptionalLong.empty()));
    }

    private static long number(Element log, String child, long otherwise, Findings f) {
        Element e = log == null ? null : log.child(child);
        if (e == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(e.text().strip());
        } catch (NumberFormatException ex) {
            f.warn(e.line(), child, "'" + e.text().strip() + "' is not a number; WinSW's default " + otherwise
                    + " used");
            return otherwise;
        }
    }

    /** roll-by-size-time's sizeThreshold: a number with KB, MB or GB (or bytes without a unit). */
    private static long sizeWithUnit(Element log, Findings f) {
        Element e = log == null ? null : log.child("sizeThreshold");
        if (e == null) {
            return 0;
        }
        Matcher m = Pattern.compile("\\s*(\\d+)\\s*([KMG]?B?)\\s*", Pattern.CASE_INSENSITIVE).matcher(e.text());
        if (!m.matches()) {
            f.warn(e.line(), "sizeThreshold", "'" + e.text().strip() + "' is not a size; not imported");
            return 0;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB", "K" -> n * 1024;
            case "MB", "M" -> n * 1024 * 1024;
            case "GB", "G" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    private static PlatformSpec.Windows windows(Element root, Context c) {
        String account = WindowsServiceValues.LOCAL_SYSTEM;
        Element sa = root.child("serviceaccount");
        if (sa != null) {
            Element user = sa.child("username") != null ? sa.child("username") : sa.child("user");
            Element domain = sa.child("domain");
            Element password = sa.child("password");
            if (user != null && !user.text().isBlank()) {
                String u = c.expand(user, user.text().strip());
                if (domain != null && !domain.text().isBlank() && !u.contains("\\") && !u.contains("@")) {
                    u = c.expand(domain, domain.text().strip()) + "\\" + u;
                }
                String mapped = WindowsServiceValues.account(u);
                if (mapped != null) {
                    account = mapped;
                    if (password != null && !password.text().isEmpty()) {
                        c.f.warn(password.line(), "password", "the password is not imported (a spec never holds"
                                + " one): set platform.windows.passwordEnv to the environment variable that holds"
                                + " it at install");
                    } else if (WindowsServiceValues.needsPassword(mapped)) {
                        c.f.warn(user.line(), "serviceaccount", "'" + mapped + "' needs its password at install:"
                                + " set platform.windows.passwordEnv");
                    }
                }
            }
            for (Element x : sa.children()) {
                switch (x.name()) {
                    case "username", "user", "domain", "password" -> { }
                    case "allowservicelogon" -> { } // svcctl grants the logon right at install anyway
                    default -> c.f.warn(x.line(), x.name(), "not a serviceaccount setting svcctl knows; not"
                            + " imported");
                }
            }
        }
        Optional<Duration> preshutdown = Optional.empty();
        Element pre = root.child("preshutdown");
        Element preTimeout = root.child("preshutdownTimeout");
        if (pre != null && !isTrue(pre.text())) {
            c.f.warn(pre.line(), "preshutdown", "svcctl's service host always takes the pre-shutdown notice");
        }
        if (preTimeout != null) {
            preshutdown = Optional.of(duration(preTimeout, preTimeout.text(), Duration.ofMinutes(3), c.f));
        }
        return new PlatformSpec.Windows(account, Optional.empty(), PlatformSpec.FailureActions.AUTO, preshutdown,
                true, Optional.empty(), Optional.empty());
    }

    private static final Set<String> MAPPED = Set.of("id", "name", "description", "executable", "arguments",
            "argument", "startarguments", "startargument", "env", "workingdirectory", "onfailure", "resetfailure",
            "stoptimeout", "stopparentprocessfirst", "log", "logmode", "logpath", "serviceaccount", "depend",
            "priority", "startmode", "delayedAutoStart", "preshutdown", "preshutdownTimeout");

    private static void reportOthers(Element root, Findings f) {
        for (Element e : root.children()) {
            if (MAPPED.contains(e.name())) {
                continue;
            }
            String why = NOT_IMPORTED.get(e.name());
            if (why != null) {
                f.warn(e.line(), e.name(), why + "; not imported");
            } else if (MAPPED.stream().anyMatch(m -> m.equalsIgnoreCase(e.name()))) {
                f.warn(e.line(), e.name(), "WinSW element names are case-sensitive, so WinSW ignores this one;"
                        + " not imported either");
            } else {
                f.warn(e.line(), e.name(), "not a WinSW element svcctl knows; not imported");
            }
        }
    }
}
