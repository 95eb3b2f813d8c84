package dev.svcctl.systemd;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.EnvironmentFile;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.host.HostPaths;
import dev.svcctl.install.InstalledFiles;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.logs.LogStream;
import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.Paths;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SupervisorMode;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** systemd: one unit file per service, driven with systemctl. */
public final class SystemdBackend implements Backend {
    public static final String ID = "systemd";
    static final String SYSTEM_UNIT_DIR = "/etc/systemd/system/";
    static final String USER_UNIT_DIR = "~/.config/systemd/user/";

    /** Linux's MAX_ARG_STRLEN: execve fails with E2BIG for a longer argument or environment entry. */
    static final int MAX_ARG_BYTES = 128 * 1024 - 1;
    /** systemd refuses to load a unit with a longer line; argv and environment together stay well below ARG_MAX. */
    static final int MAX_TOTAL_BYTES = 1024 * 1024 - 4096;

    /** Directives svcctl writes from spec keys; the escape hatch may not set them behind the spec's back. */
    private static final Map<String, String> GENERATED = Map.ofEntries(
            Map.entry("Description", "description"), Map.entry("Requires", "dependsOn"),
            Map.entry("StartLimitIntervalSec", "restart.window"), Map.entry("StartLimitBurst", "restart.burst"),
            Map.entry("Type", "readiness"), Map.entry("ExecStart", "exec and args"), Map.entry("ExecReload", "reload"),
            Map.entry("Restart", "restart.policy"), Map.entry("RestartSec", "restart.delay"),
            Map.entry("SuccessExitStatus", "restart.successExitCodes"), Map.entry("User", "user"),
            Map.entry("Group", "group"), Map.entry("WorkingDirectory", "workingDirectory"),
            Map.entry("Environment", "env"), Map.entry("EnvironmentFile", "envFile"),
            Map.entry("KillSignal", "stop.signal"), Map.entry("KillMode", "stop.mode"),
            Map.entry("TimeoutStopSec", "stop.timeout"), Map.entry("LimitNOFILE", "limits.openFiles"),
            Map.entry("LimitNPROC", "limits.processes"), Map.entry("MemoryMax", "limits.memory"),
            Map.entry("CPUQuota", "limits.cpu"), Map.entry("Nice", "priority"),
            Map.entry("StandardOutput", "logs.stdout"), Map.entry("StandardError", "logs.stderr"),
            Map.entry("WantedBy", "startup and scope"));

    private SystemdHost host;

    /** Cheap: the host's ports are only built when an operation needs them. */
    public SystemdBackend() {
    }

    SystemdBackend(SystemdHost host) {
        this.host = host;
    }

    private synchronized SystemdHost host() {
        if (host == null) {
            host = SystemdHost.current();
        }
        return host;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean detect(Host host) {
        return host.exists("/run/systemd/system");
    }

    @Override
    public List<SpecProblem> check(ServiceSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (HostPaths.reserved(spec.name())) {
            problems.add(new SpecProblem("name", "'" + spec.name() + "' is taken by the units of svcctl's shared"
                    + " host (svcctl-host, svcctl-log-*)", "choose another name"));
        }
        if (Paths.isWindowsAbsolute(spec.exec())) {
            problems.add(new SpecProblem("exec", "'" + spec.exec() + "' is a Windows path", "give a POSIX path"));
        } else if (hasExecUnsafeCharacter(spec.exec())) {
            problems.add(new SpecProblem("exec", "systemd refuses executable paths with quotes, backslashes or"
                    + " control characters", "move or link the program to a plain path"));
        }
        if (!spec.exec().isEmpty() && "@-:+!".indexOf(spec.exec().charAt(0)) >= 0) {
            problems.add(new SpecProblem("exec", "systemd reads a leading '" + spec.exec().charAt(0) + "' as an"
                    + " ExecStart= prefix", "give the absolute path of the program"));
        }
        if (!spec.reloadExec().isEmpty() && !spec.reloadExec().get(0).isEmpty()
                && "@-:+!".indexOf(spec.reloadExec().get(0).charAt(0)) >= 0) {
            problems.add(new SpecProblem("reload.exec[0]", "systemd reads a leading '"
                    + spec.reloadExec().get(0).charAt(0) + "' as an ExecReload= prefix",
                    "give the absolute path of the program"));
        }
        if (spec.hooks().isPresent()) {
            hookProgram(problems, "hooks.preStart", spec.hooks().get().preStart());
            hookProgram(problems, "hooks.postStop", spec.hooks().get().postStop());
        }
        checkNoncharacters(spec, problems);
        checkSizes(spec, problems);
        posixPath(problems, "workingDirectory", spec.workingDirectory());
        for (int i = 0; i < spec.envFiles().size(); i++) {
            posixPath(problems, "envFile[" + i + "]", Optional.of(spec.envFiles().get(i).path()));
        }
        posixPath(problems, "logs.dir", spec.logs().dir());
        if (spec.readiness().isPresent() && spec.readiness().get().kind() == ReadinessSpec.Kind.PID_FILE) {
            posixPath(problems, "readiness.pidFile", Optional.of(spec.readiness().get().target()));
        }
        plainValue(problems, spec.description().isPresent() ? "description" : "displayName",
                spec.description().orElse(spec.displayName()));
        if (!spec.restart().successExitCodes().contains(0)) {
            problems.add(new SpecProblem("restart.successExitCodes",
                    "systemd always counts exit code 0 as clean", "include 0 in the list"));
        }
        if (spec.supervisor() == SupervisorMode.NATIVE) {
            problems.addAll(Supervision.needs(spec));
        }
        if (spec.hardening() != Hardening.NONE && spec.scope() == Scope.USER) {
            problems.add(new SpecProblem("hardening", "a systemd user manager cannot apply the sandboxing of "
                    + "hardening: " + spec.hardening().name().toLowerCase(Locale.ROOT) + " (it has no privileges "
                    + "to set up the namespaces)", "use hardening: none, or scope: system"));
        }
        Map<String, String> conditional = UnitRenderer.conditionalDirectives(spec, Supervision.bySvcctl(spec));
        var escapeHatch = spec.platform().systemd();
        for (var section : List.of(Map.entry("unit", escapeHatch.unit()), Map.entry("service", escapeHatch.service()),
                Map.entry("install", escapeHatch.install()))) {
            for (Map.Entry<String, List<String>> directive : section.getValue().entrySet()) {
                String keyPath = "platform.systemd." + section.getKey() + "." + directive.getKey();
                String key = GENERATED.getOrDefault(directive.getKey(), conditional.get(directive.getKey()));
                if (key != null) {
                    problems.add(new SpecProblem(keyPath, directive.getKey() + "= is written from the spec",
                            "set " + key + " instead"));
                }
                List<String> values = directive.getValue();
                for (int i = 0; i < values.size(); i++) {
                    plainValue(problems, values.size() == 1 ? keyPath : keyPath + "[" + i + "]", values.get(i));
                }
            }
        }
        return problems;
    }

    /** A hook's program, as ExecStartPre=/ExecStopPost= (or svcctl run) will execute it. */
    private static void hookProgram(List<SpecProblem> problems, String key, List<String> command) {
        if (command.isEmpty()) {
            return;
        }
        String program = command.get(0);
        if (Paths.isWindowsAbsolute(program)) {
            problems.add(new SpecProblem(key + "[0]", "'" + program + "' is a Windows path", "give a POSIX path"));
        } else if (hasExecUnsafeCharacter(program)) {
            problems.add(new SpecProblem(key + "[0]", "systemd refuses executable paths with quotes, backslashes or"
                    + " control characters", "move or link the program to a plain path"));
        } else if (!program.isEmpty() && "@-:+!".indexOf(program.charAt(0)) >= 0) {
            problems.add(new SpecProblem(key + "[0]", "systemd reads a leading '" + program.charAt(0) + "' as a"
                    + " command prefix", "give the absolute path of the program"));
        }
    }

    private static void checkSizes(ServiceSpec spec, List<SpecProblem> problems) {
        long total = 0;
        for (int i = 0; i < spec.args().size(); i++) {
            int bytes = utf8Length(spec.args().get(i));
            total += bytes + 1;
            if (bytes > MAX_ARG_BYTES) {
                problems.add(new SpecProblem("args[" + i + "]", "is " + bytes + " bytes; Linux passes at most "
                        + MAX_ARG_BYTES + " bytes per argument", "pass large data in a file"));
            }
        }
        for (var e : spec.env().entrySet()) {
            int bytes = utf8Length(e.getKey()) + 1 + utf8Length(e.getValue());
            total += bytes + 1;
            if (bytes > MAX_ARG_BYTES) {
                problems.add(new SpecProblem("env." + e.getKey(), "is " + bytes + " bytes; Linux passes at most "
                        + MAX_ARG_BYTES + " bytes per environment entry", "pass large data in a file"));
            }
        }
        if (total > MAX_TOTAL_BYTES) {
            problems.add(new SpecProblem("args", "args and env add up to " + total + " bytes; systemd and Linux"
                    + " take at most " + MAX_TOTAL_BYTES, "pass large data in a file"));
        }
    }

    /**
     * systemd drops any assignment that is "not UTF-8 clean" in its sense, which also excludes the Unicode
     * noncharacters (U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF), even as escapes.
     */
    private static void checkNoncharacters(ServiceSpec spec, List<SpecProblem> problems) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("exec", spec.exec());
        for (int i = 0; i < spec.args().size(); i++) {
            values.put("args[" + i + "]", spec.args().get(i));
        }
        for (Map.Entry<String, String> variable : spec.env().entrySet()) {
            values.put("env." + variable.getKey(), variable.getValue());
        }
        values.put("displayName", spec.displayName());
        putIfPresent(values, "description", spec.description());
        putIfPresent(values, "workingDirectory", spec.workingDirectory());
        for (int i = 0; i < spec.envFiles().size(); i++) {
            values.put("envFile[" + i + "]", spec.envFiles().get(i).path());
        }
        putIfPresent(values, "logs.dir", spec.logs().dir());
        if (spec.readiness().isPresent() && spec.readiness().get().kind() == ReadinessSpec.Kind.PID_FILE) {
            values.put("readiness.pidFile", spec.readiness().get().target());
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            int noncharacter = firstNoncharacter(entry.getValue());
            if (noncharacter >= 0) {
                problems.add(new SpecProblem(entry.getKey(), String.format("contains U+%04X, a Unicode"
                        + " noncharacter, which systemd refuses as not UTF-8 clean", noncharacter), (String) null));
            }
        }
    }

    private static void putIfPresent(Map<String, String> values, String key, Optional<String> value) {
        if (value.isPresent()) {
            values.put(key, value.get());
        }
    }

    // Loops rather than streams and lambdas in the checks: they run in every short 'svcctl render', 'validate
    // --backend' and 'install', and linking each lambda costs such a run ~0.3 ms.
    private static boolean hasExecUnsafeCharacter(String exec) {
        for (int i = 0; i < exec.length(); i++) {
            char c = exec.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static int firstNoncharacter(String value) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (isNoncharacter(codePoint)) {
                return codePoint;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    static boolean isNoncharacter(int codePoint) {
        return codePoint >= 0xFDD0 && codePoint <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static void posixPath(List<SpecProblem> problems, String key, Optional<String> path) {
        if (path.isEmpty()) {
            return;
        }
        if (!Paths.isPosixAbsolute(path.get())) {
            problems.add(new SpecProblem(key, "'" + path.get() + "' is not an absolute POSIX path", (String) null));
        } else {
            plainValue(problems, key, path.get());
        }
    }

    /** Settings that take the rest of the line as it is cannot carry what systemd's line parser eats. */
    private static void plainValue(List<SpecProblem> problems, String key, String value) {
        if (!value.equals(value.strip())) {
            problems.add(new SpecProblem(key, "systemd strips leading and trailing white space from this setting",
                    "remove it"));
        }
        if (value.endsWith("\\")) {
            problems.add(new SpecProblem(key, "a trailing backslash would continue the unit file line",
                    "remove the backslash"));
        }
        if (hasControlCharacter(value)) {
            problems.add(new SpecProblem(key, "systemd cannot carry control characters in this setting", (String) null));
        }
    }

    @Override
    public Rendering render(ServiceSpec spec, RenderOptions options) throws UnsupportedSpecException {
        List<SpecProblem> problems = check(spec);
        if (!problems.isEmpty()) {
            throw new UnsupportedSpecException(problems);
        }
        boolean user = spec.scope() == Scope.USER;
        Artifact unit = new Artifact(UnitFiles.unitPath(spec.name(), user), UnitRenderer.render(spec, options),
                Artifact.MODE_FILE);
        if (Supervision.hosted(spec)) {
            // Natively run, served by the shared host, which reads the spec copy as root (or as the user of a user
            // manager): the copy first, then the program's files, its FIFOs' socket units and the shared host unit.
            List<Artifact> artifacts = new ArrayList<>();
            artifacts.add(SpecCopy.of(spec, UnitFiles.specPath(spec.name(), user), Optional.empty()));
            if (!spec.env().isEmpty()) {
                artifacts.add(environmentFile(spec, user));
            }
            artifacts.add(unit);
            for (HostPaths.Stream stream : HostUnits.routedStreams(spec)) {
                artifacts.add(HostUnits.socketUnit(spec, stream));
            }
            if (!HostUnits.routedStreams(spec).isEmpty()) {
                artifacts.add(HostUnits.wakeUnit(spec));
            }
            artifacts.add(HostUnits.hostUnit(options.svcctlCommand(), user));
            return new Rendering(ID, spec.name(), artifacts);
        }
        if (!Supervision.bySvcctl(spec)) {
            if (spec.env().isEmpty()) {
                return new Rendering(ID, spec.name(), List.of(unit));
            }
            // The environment file goes first, as the unit that loads it must never find it missing.
            return new Rendering(ID, spec.name(), List.of(environmentFile(spec, user), unit));
        }
        // The copy goes first: a unit that runs 'svcctl run --name' must never find its spec missing. svcctl run
        // reads it as the unit's User=, so a system service's copy belongs to that account (and to no one else).
        Optional<String> reader = user ? Optional.empty() : spec.user();
        return new Rendering(ID, spec.name(), List.of(SpecCopy.of(spec, UnitFiles.specPath(spec.name(), user),
                reader), unit));
    }

    /**
     * The values of {@code env}, for systemd to read (as root, or as the user for a user unit) before it starts the
     * program: a file only its owner can read.
     */
    private static Artifact environmentFile(ServiceSpec spec, boolean user) {
        String marker = ManagedMarker.of(spec.fingerprint(), EnvironmentFile.assignments(spec.env())).text()
                + " -- the env of " + spec.name() + ", written by svcctl; edits are overwritten";
        return new Artifact(UnitFiles.envPath(spec.name(), user), EnvironmentFile.text(marker, spec.env()),
                Artifact.MODE_PRIVATE);
    }

    @Override
    public List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        return new Installer(this, host()).install(specs, options);
    }

    @Override
    public List<String> uninstall(List<String> names, InstallOptions options) throws BackendException {
        return new Uninstaller(host()).uninstall(names, options);
    }

    @Override
    public void start(List<String> names, boolean user) throws BackendException {
        new Control(host(), user).start(names);
    }

    @Override
    public void stop(List<String> names, boolean user) throws BackendException {
        new Control(host(), user).stop(names);
    }

    @Override
    public void restart(List<String> names, boolean user) throws BackendException {
        new Control(host(), user).restart(names);
    }

    @Override
    public void reload(List<String> names, boolean user) throws BackendException {
        new Control(host(), user).reload(names);
    }

    @Override
    public List<Enablement> enable(List<String> names, boolean user) throws BackendException {
        return new Control(host(), user).enable(names, true);
    }

    @Override
    public List<Enablement> disable(List<String> names, boolean user) throws BackendException {
        return new Control(host(), user).enable(names, false);
    }

    @Override
    public List<Artifact> installedFiles(String name, boolean user) throws BackendException {
        ServiceNames.check(List.of(name));
        SystemdHost host = host();
        Systemctl systemctl = new Systemctl(host.runner(), user);
        Preconditions.systemdRunning(host);
        new ManagedUnits(host, user).requireManaged(List.of(name), systemctl.show(List.of(UnitFiles.unitName(name))));
        List<String> paths = new ArrayList<>(List.of(UnitFiles.unitPath(name, user), UnitFiles.envPath(name, user),
                UnitFiles.specPath(name, user)));
        paths.addAll(HostUnits.logUnitPaths(name, user));
        return InstalledFiles.read(host.engine(), paths);
    }

    @Override
    public List<ServiceStatus> status(List<String> names, boolean user) throws BackendException {
        return new StatusReader(host(), user).status(names);
    }

    @Override
    public List<ServiceStatus> list(boolean user) throws BackendException {
        return new StatusReader(host(), user).list();
    }

    @Override
    public void logs(String name, LogStream stream, int lines, boolean follow, boolean user, OutputStream out)
            throws BackendException {
        new LogsReader(host(), user).show(name, stream, lines, follow, out);
    }
}
