package dev.svcctl.launchd;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.Startup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * launchd (macOS): one plist per service, driven with launchctl's modern verbs in the {@code system} domain
 * (LaunchDaemons) or the {@code gui/UID} domain (LaunchAgents). Construction does nothing: the ports are created,
 * launchctl is looked up and the user is read only when an operation needs them.
 */
public final class LaunchdBackend implements Backend {
    public static final String ID = "launchd";
    static final String LAUNCHCTL = "launchctl";
    static final String DEFAULT_LAUNCHCTL = "/bin/launchctl";
    private static final Pattern EXIT_TIMEOUT = Pattern.compile("<key>ExitTimeOut</key>\\s*<integer>(\\d+)</integer>");
    private static final Pattern DISABLED_KEY = Pattern.compile("<key>Disabled</key>\\s*<true/>");
    private static final Duration DEFAULT_STOP_WAIT = Duration.ofSeconds(60);

    private final ProcessRunner runner;
    private final PlistFiles files;
    private final LaunchdHost host;
    private Launchctl launchctl;

    public LaunchdBackend() {
        this(new CommonsExecProcessRunner(), new LocalPlistFiles(), LaunchdHost.CURRENT);
    }

    LaunchdBackend(ProcessRunner runner, PlistFiles files, LaunchdHost host) {
        this.runner = runner;
        this.files = files;
        this.host = host;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean detect(Host host) {
        return host.osName().startsWith("Mac");
    }

    @Override
    public List<SpecProblem> check(ServiceSpec spec) {
        return LaunchdCheck.problems(spec, spec.scope());
    }

    @Override
    public Rendering render(ServiceSpec spec, RenderOptions options) throws UnsupportedSpecException {
        Scope scope = scope(spec, options.user());
        List<SpecProblem> problems = LaunchdCheck.problems(spec, scope);
        if (!problems.isEmpty()) {
            throw new UnsupportedSpecException(problems);
        }
        String home = scope == Scope.USER ? host.home() : "";
        String label = LaunchdLayout.label(spec);
        return new Rendering(ID, spec.name(), List.of(new Artifact(LaunchdLayout.installPath(label, scope),
                PlistRenderer.render(spec, scope, options.svcctlCommand(), home), Artifact.MODE_FILE)));
    }

    private static Scope scope(ServiceSpec spec, boolean user) {
        return user || spec.scope() == Scope.USER ? Scope.USER : Scope.SYSTEM;
    }

    // ---- install ----

    @Override
    public List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        List<InstallResult> results = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            results.add(installOne(spec, options));
        }
        return results;
    }

    private InstallResult installOne(ServiceSpec original, InstallOptions options) throws BackendException {
        Scope scope = scope(original, options.user());
        boolean callsLaunchctl = options.root().isEmpty() && !options.dryRun();
        if (callsLaunchctl) {
            requirePrivilege(scope);
        }
        List<SpecProblem> problems = LaunchdCheck.problems(original, scope);
        if (!problems.isEmpty()) {
            SpecProblem first = problems.get(0);
            throw new BackendException(ExitCode.INVALID_SPEC, original.name() + ": " + first.keyPath() + ": "
                    + first.message(), first.hint().orElse("'svcctl validate --backend launchd' lists every problem"));
        }
        ServiceSpec spec = withResolvedExec(original, options.root().isPresent());
        String label = LaunchdLayout.label(spec);
        String home = scope == Scope.USER ? host.home() : "";
        String content = PlistRenderer.render(spec, scope, svcctlCommand(), home);
        Path path = placed(options, LaunchdLayout.installPath(label, scope), LaunchdLayout.hostPath(label, scope, home));
        Optional<String> existing = read(path);
        Optional<ManagedPlist> previous = existing.map(ManagedPlist::parse);
        if (previous.isPresent() && !previous.get().owned() && !options.force()) {
            throw new BackendException(ExitCode.FAILED, path + " exists and was not written by svcctl",
                    "svcctl leaves it alone; 'install --force' takes it over, keeping a backup next to it");
        }
        InstallResult.Action action = existing.isEmpty() ? InstallResult.Action.CREATED
                : existing.get().equals(content) ? InstallResult.Action.UNCHANGED : InstallResult.Action.UPDATED;
        Optional<String> diff = action == InstallResult.Action.UNCHANGED ? Optional.empty()
                : Optional.of(LineDiff.unified(existing.isPresent() ? path.toString() : "/dev/null",
                existing.orElse(""), path.toString(), content));
        if (options.dryRun()) {
            return new InstallResult(spec.name(), action, path.toString(), Optional.empty(), diff);
        }

        String domain = domain(scope);
        String target = domain + "/" + label;
        boolean loaded = callsLaunchctl && launchctl().print(target).isPresent();
        if (action != InstallResult.Action.UNCHANGED) {
            if (previous.isPresent() && !previous.get().owned()) {
                if (loaded) {
                    launchctl().bootout(target, spec.stop().timeout());
                    loaded = false;
                }
                copy(path, path.resolveSibling(path.getFileName() + ".svcctl-backup"));
            }
            if (PlistRenderer.usesFiles(spec.logs()) || Supervision.bySvcctl(spec)) {
                Path logDir = placed(options, LaunchdLayout.logDir(spec, scope, "~"),
                        LaunchdLayout.logDir(spec, scope, home));
                createDirectories(logDir);
                if (scope == Scope.SYSTEM && options.root().isEmpty()
                        && (spec.user().isPresent() || spec.group().isPresent())) {
                    setOwner(logDir, spec.user(), spec.group());
                }
            }
            createDirectories(path.getParent());
            write(path, content);
        }
        if (!callsLaunchctl) {
            return new InstallResult(spec.name(), action, path.toString(), Optional.empty(), diff);
        }
        boolean changed = action != InstallResult.Action.UNCHANGED;
        boolean reload = loaded && changed && !options.noRestart();
        switch (spec.startup()) {
            case DISABLED -> {
                if (loaded) {
                    launchctl().bootout(target, spec.stop().timeout());
                }
                launchctl().disable(target);
            }
            case MANUAL -> {
                if (reload) {
                    launchctl().bootout(target, spec.stop().timeout());
                    launchctl().bootstrap(domain, path.toString());
                } else if (!loaded) {
                    launchctl().disable(target);
                }
            }
            case AUTO, DELAYED -> {
                launchctl().enable(target);
                if (reload) {
                    // launchd reads a plist only when it loads the job: reloading is how an update takes effect.
                    launchctl().bootout(target, spec.stop().timeout());
                    launchctl().bootstrap(domain, path.toString());
                } else if (!loaded && !options.noStart()) {
                    launchctl().bootstrap(domain, path.toString());
                }
            }
        }
        return new InstallResult(spec.name(), action, path.toString(), Optional.of(stateOf(target)), diff);
    }

    /** A bare command name becomes the absolute path found on PATH now, as launchd's own PATH is minimal. */
    private ServiceSpec withResolvedExec(ServiceSpec spec, boolean packageBuild) throws BackendException {
        if (spec.exec().startsWith("/") || Supervision.bySvcctl(spec)) {
            return spec;
        }
        for (String dir : host.path().split(":")) {
            if (!dir.isEmpty() && files.isExecutable(Path.of(dir, spec.exec()))) {
                return new ServiceSpec(spec.name(), spec.displayName(), spec.description(),
                        Path.of(dir, spec.exec()).toString(), spec.args(), spec.workingDirectory(), spec.user(),
                        spec.group(), spec.env(), spec.envFile(), spec.scope(), spec.startup(), spec.dependsOn(),
                        spec.after(), spec.restart(), spec.stop(), spec.reloadSignal(), spec.logs(), spec.limits(),
                        spec.priority(), spec.healthCheck(), spec.supervisor(), spec.platform());
            }
        }
        if (packageBuild) {
            return spec;
        }
        throw new BackendException(ExitCode.INVALID_SPEC, spec.name() + ": exec '" + spec.exec()
                + "' is not found on PATH", "give an absolute path");
    }

    private String svcctlCommand() {
        for (String dir : host.path().split(":")) {
            if (!dir.isEmpty() && files.isExecutable(Path.of(dir, "svcctl"))) {
                return Path.of(dir, "svcctl").toString();
            }
        }
        return RenderOptions.DEFAULT_SVCCTL;
    }

    /** The file for an artifact path: under {@code --root} (which stands for / and for the home), else on the host. */
    private static Path placed(InstallOptions options, String artifactPath, String hostPath) {
        return options.root().map(r -> r.resolve(new Artifact(artifactPath, "", 0).relativePath()))
                .orElse(Path.of(hostPath));
    }

    // ---- uninstall and the verbs ----

    @Override
    public void uninstall(List<String> names, InstallOptions options) throws BackendException {
        Scope scope = options.user() ? Scope.USER : Scope.SYSTEM;
        for (String name : names) {
            if (options.root().isPresent()) {
                Path dir = options.root().get().resolve(
                        new Artifact(LaunchdLayout.installPath("x", scope), "", 0).relativePath()).getParent();
                Installed installed = owned(findIn(dir, name).orElseThrow(() -> notInstalled(name)));
                delete(installed.path());
                continue;
            }
            requirePrivilege(scope);
            Installed installed = owned(find(name, scope).orElseThrow(() -> notInstalled(name)));
            String target = domain(scope) + "/" + installed.label();
            if (launchctl().print(target).isPresent()) {
                launchctl().bootout(target, installed.stopTimeout());
            }
            delete(installed.path());
        }
    }

    @Override
    public void start(List<String> names, boolean user) throws BackendException {
        for (String name : names) {
            Installed installed = operable(name, user);
            String target = domain(installed.scope()) + "/" + installed.label();
            if (launchctl().print(target).isEmpty()) {
                load(installed);
            }
            launchctl().kickstart(target, false, installed.stopTimeout());
        }
    }

    @Override
    public void stop(List<String> names, boolean user) throws BackendException {
        for (String name : names) {
            Installed installed = operable(name, user);
            String target = domain(installed.scope()) + "/" + installed.label();
            if (launchctl().print(target).isPresent()) {
                // KeepAlive would respawn a killed job: unloading is launchd's way to stop one.
                launchctl().bootout(target, installed.stopTimeout());
            }
            if (installed.startup() == Startup.MANUAL) {
                launchctl().disable(target);
            }
        }
    }

    @Override
    public void restart(List<String> names, boolean user) throws BackendException {
        for (String name : names) {
            Installed installed = operable(name, user);
            String target = domain(installed.scope()) + "/" + installed.label();
            if (launchctl().print(target).isPresent()) {
                launchctl().kickstart(target, true, installed.stopTimeout());
            } else {
                load(installed);
                launchctl().kickstart(target, false, installed.stopTimeout());
            }
        }
    }

    /** bootstrap, after enabling a manual service (kept disabled while stopped so that boot does not start it). */
    private void load(Installed installed) throws BackendException {
        String domain = domain(installed.scope());
        String target = domain + "/" + installed.label();
        if (installed.startup() == Startup.DISABLED) {
            throw new BackendException(ExitCode.FAILED, installed.name() + " is disabled (startup: disabled)",
                    "install it with startup: manual or auto to start it");
        }
        if (installed.startup() == Startup.MANUAL) {
            launchctl().enable(target);
        }
        launchctl().bootstrap(domain, installed.path().toString());
    }

    @Override
    public void reload(List<String> names, boolean user) throws BackendException {
        for (String name : names) {
            Installed installed = operable(name, user);
            var signal = installed.plist().info().flatMap(PlistInfo::reload).orElseThrow(() -> new BackendException(
                    ExitCode.FAILED, "the spec of " + name + " has no reload.signal", "add reload: {signal: HUP}"));
            String target = domain(installed.scope()) + "/" + installed.label();
            Optional<String> printed = launchctl().print(target);
            if (printed.isEmpty() || LaunchctlPrint.service(printed.get()).pid().isEmpty()) {
                throw new BackendException(ExitCode.NOT_RUNNING, name + " is not running", "svcctl start " + name);
            }
            launchctl().kill(signal, target);
        }
    }

    @Override
    public List<ServiceStatus> status(List<String> names, boolean user) throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        Map<String, Boolean> overrides = launchctl().print(domain(scope))
                .map(LaunchctlPrint::disabledServices).orElse(Map.of());
        List<ServiceStatus> statuses = new ArrayList<>();
        for (String name : names) {
            Optional<Installed> found = find(name, scope).filter(i -> i.plist().owned());
            if (found.isEmpty()) {
                statuses.add(ServiceStatus.notInstalled(name, ID));
                continue;
            }
            statuses.add(status(found.get(), overrides));
        }
        return statuses;
    }

    @Override
    public List<ServiceStatus> list(boolean user) throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        List<String> names = new ArrayList<>();
        for (Path file : listPlists(Path.of(LaunchdLayout.directory(scope, home(scope))))) {
            read(file).map(ManagedPlist::parse).filter(ManagedPlist::owned).flatMap(ManagedPlist::info)
                    .ifPresent(info -> names.add(info.name()));
        }
        return names.isEmpty() ? List.of() : status(names, user);
    }

    private ServiceStatus status(Installed installed, Map<String, Boolean> overrides) throws BackendException {
        String label = installed.label();
        boolean enabled = !overrides.getOrDefault(label, DISABLED_KEY.matcher(installed.plist().text()).find());
        boolean drift = installed.plist().drifted();
        Optional<String> printed = launchctl().print(domain(installed.scope()) + "/" + label);
        if (printed.isEmpty()) {
            return new ServiceStatus(installed.name(), ID, ServiceState.STOPPED, OptionalLong.empty(), Optional.empty(),
                    OptionalInt.empty(), Optional.empty(), Optional.of(enabled), OptionalLong.empty(), drift);
        }
        LaunchctlPrint.Service service = LaunchctlPrint.service(printed.get());
        Optional<ServiceStatus.LastExit> lastExit = service.lastSignal().isPresent()
                ? Optional.of(new ServiceStatus.LastExit(OptionalInt.empty(), service.lastSignal()))
                : service.lastExitCode().isPresent()
                ? Optional.of(new ServiceStatus.LastExit(service.lastExitCode(), Optional.empty()))
                : Optional.empty();
        OptionalInt restarts = service.runs().isPresent() && service.runs().getAsInt() > 0
                ? OptionalInt.of(service.runs().getAsInt() - 1) : OptionalInt.empty();
        return new ServiceStatus(installed.name(), ID, state(service), service.pid(), Optional.empty(), restarts,
                lastExit, Optional.of(enabled), OptionalLong.empty(), drift);
    }

    static ServiceState state(LaunchctlPrint.Service service) {
        String state = service.state();
        if (state.equals("running")) {
            return ServiceState.RUNNING;
        }
        if (state.contains("spawn") || state.equals("xpcproxy")) {
            return ServiceState.STARTING;
        }
        if (state.contains("stopping") || state.contains("exiting")) {
            return ServiceState.STOPPING;
        }
        boolean crashed = service.lastSignal().filter(s -> !s.equals("SIGTERM")).isPresent();
        boolean failed = service.lastExitCode().orElse(0) != 0;
        return crashed || failed ? ServiceState.FAILED : ServiceState.STOPPED;
    }

    private ServiceState stateOf(String target) throws BackendException {
        return launchctl().print(target).map(out -> state(LaunchctlPrint.service(out))).orElse(ServiceState.STOPPED);
    }

    // ---- finding installed plists ----

    /** An installed plist of a service. */
    private record Installed(String name, String label, Scope scope, Path path, ManagedPlist plist) {
        Startup startup() {
            return plist.info().map(PlistInfo::startup).orElse(Startup.AUTO);
        }

        Duration stopTimeout() {
            Matcher m = EXIT_TIMEOUT.matcher(plist.text());
            return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : DEFAULT_STOP_WAIT;
        }
    }

    private Installed operable(String name, boolean user) throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        requirePrivilege(scope);
        return owned(find(name, scope).orElseThrow(() -> notInstalled(name)));
    }

    private static Installed owned(Installed installed) throws BackendException {
        if (!installed.plist().owned()) {
            throw new BackendException(ExitCode.FAILED, installed.path() + " was not written by svcctl",
                    "svcctl never stops, changes or removes a plist without its marker; use launchctl directly");
        }
        return installed;
    }

    private Optional<Installed> find(String name, Scope scope) throws BackendException {
        Optional<Installed> found = findIn(Path.of(LaunchdLayout.directory(scope, home(scope))), name);
        return found.map(i -> new Installed(i.name(), i.label(), scope, i.path(), i.plist()));
    }

    /** NAME.plist when its label is the name (the default), else the managed plist whose info names the service. */
    private Optional<Installed> findIn(Path dir, String name) throws BackendException {
        Path direct = dir.resolve(name + ".plist");
        Optional<String> text = read(direct);
        if (text.isPresent()) {
            ManagedPlist plist = ManagedPlist.parse(text.get());
            if (!plist.owned() || plist.info().map(PlistInfo::name).orElse(name).equals(name)) {
                return Optional.of(new Installed(name, name, Scope.SYSTEM, direct, plist));
            }
        }
        for (Path file : listPlists(dir)) {
            Optional<ManagedPlist> plist = read(file).map(ManagedPlist::parse);
            if (plist.isPresent() && plist.get().owned()
                    && plist.get().info().map(PlistInfo::name).filter(name::equals).isPresent()) {
                String fileName = file.getFileName().toString();
                return Optional.of(new Installed(name, fileName.substring(0, fileName.length() - ".plist".length()),
                        Scope.SYSTEM, file, plist.get()));
            }
        }
        return Optional.empty();
    }

    private static BackendException notInstalled(String name) {
        return new BackendException(ExitCode.NOT_INSTALLED, name + " is not installed",
                "'svcctl list' shows the installed services; --user for LaunchAgents");
    }

    // ---- the host ----

    private void requirePrivilege(Scope scope) throws BackendException {
        if (scope == Scope.SYSTEM && !host.isRoot()) {
            throw new BackendException(ExitCode.PERMISSION_DENIED,
                    "the launchd system domain (LaunchDaemons) needs root",
                    "use sudo, or --user (scope: user) for a LaunchAgent");
        }
    }

    private String home(Scope scope) {
        return scope == Scope.USER ? host.home() : "";
    }

    private String domain(Scope scope) {
        return scope == Scope.USER ? "gui/" + host.uid() : "system";
    }

    /** launchctl on PATH (tests put a fake there), else where macOS keeps it. */
    Launchctl launchctl() {
        if (launchctl == null) {
            String command = DEFAULT_LAUNCHCTL;
            for (String dir : host.path().split(":")) {
                if (!dir.isEmpty() && files.isExecutable(Path.of(dir, LAUNCHCTL))) {
                    command = Path.of(dir, LAUNCHCTL).toString();
                    break;
                }
            }
            launchctl = new Launchctl(runner, command);
        }
        return launchctl;
    }

    private Optional<String> read(Path file) throws BackendException {
        try {
            return files.read(file);
        } catch (IOException e) {
            throw ioFailure("cannot read " + file, e);
        }
    }

    private List<Path> listPlists(Path dir) throws BackendException {
        try {
            return files.list(dir, ".plist");
        } catch (IOException e) {
            throw ioFailure("cannot list " + dir, e);
        }
    }

    private void write(Path file, String content) throws BackendException {
        try {
            files.writeAtomically(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), Artifact.MODE_FILE);
        } catch (IOException e) {
            throw ioFailure("cannot write " + file, e);
        }
    }

    private void copy(Path from, Path to) throws BackendException {
        try {
            files.copy(from, to);
        } catch (IOException e) {
            throw ioFailure("cannot back up " + from, e);
        }
    }

    private void delete(Path file) throws BackendException {
        try {
            files.delete(file);
        } catch (IOException e) {
            throw ioFailure("cannot remove " + file, e);
        }
    }

    private void createDirectories(Path dir) throws BackendException {
        try {
            files.createDirectories(dir);
        } catch (IOException e) {
            throw ioFailure("cannot create " + dir, e);
        }
    }

    private void setOwner(Path dir, Optional<String> user, Optional<String> group) throws BackendException {
        try {
            files.setOwner(dir, user, group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new BackendException(ExitCode.INVALID_SPEC, "the account '" + e.getName() + "' does not exist",
                    "create it first, or change user/group in the spec");
        } catch (IOException e) {
            throw ioFailure("cannot give " + dir + " to " + user.orElse("") + ":" + group.orElse(""), e);
        }
    }

    private static BackendException ioFailure(String what, IOException e) {
        boolean denied = e instanceof java.nio.file.AccessDeniedException;
        return new BackendException(denied ? ExitCode.PERMISSION_DENIED : ExitCode.FAILED, what + ": "
                + e.getMessage(), denied ? "use sudo, or --user for a LaunchAgent" : null, e);
    }
}
