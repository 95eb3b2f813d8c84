package dev.svcctl.launchd;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.NotInstalledException;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.LauncherPaths;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.ArtifactPlan;
import dev.svcctl.install.Existing;
import dev.svcctl.install.EnablementChoice;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.InstalledFiles;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.ServicePlan;
import dev.svcctl.backend.Secrets;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.install.StepPauses;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.logs.LogStream;
import dev.svcctl.logs.ServiceLogFiles;
import dev.svcctl.logs.ServiceLogs;
import dev.svcctl.os.FileRoot;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.Startup;
import dev.svcctl.state.SupervisedStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    private ArtifactFiles artifacts;
    private Launchctl launchctl;

    public LaunchdBackend() {
        this(new CommonsExecProcessRunner(), new LocalPlistFiles(), LaunchdHost.CURRENT);
    }

    /** On the host's own files, {@code ~} being the host's home. */
    LaunchdBackend(ProcessRunner runner, PlistFiles files, LaunchdHost host) {
        this(runner, null, files, host);
    }

    /** {@code artifacts} is the install engine's port for plists and spec copies, {@code files} the rest. */
    LaunchdBackend(ProcessRunner runner, ArtifactFiles artifacts, PlistFiles files, LaunchdHost host) {
        this.runner = runner;
        this.artifacts = artifacts;
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
        boolean supervised = Supervision.bySvcctl(spec);
        // A plist that carries env's values (EnvironmentVariables) is readable by its owner only: root's (launchd
        // reads it as root) for a daemon, the user's for an agent.
        Artifact plist = new Artifact(LaunchdLayout.installPath(LaunchdLayout.label(spec), scope),
                PlistRenderer.render(spec, scope, options.svcctlCommand(), home),
                !supervised && !spec.env().isEmpty() ? Artifact.MODE_PRIVATE : Artifact.MODE_FILE);
        if (!supervised) {
            return new Rendering(ID, spec.name(), List.of(plist));
        }
        // The copy goes first: a plist that runs 'svcctl run --name' must never find its spec missing. svcctl run
        // reads it as the daemon's UserName, so the copy belongs to that account.
        return new Rendering(ID, spec.name(), List.of(SpecCopy.of(installed(spec, spec.exec(), scope),
                LaunchdLayout.specPath(spec.name(), scope), scope == Scope.SYSTEM ? spec.user() : Optional.empty()),
                plist));
    }

    private static Scope scope(ServiceSpec spec, boolean user) {
        return user || spec.scope() == Scope.USER ? Scope.USER : Scope.SYSTEM;
    }

    // ---- install ----

    @Override
    public List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        InstallEngine engine = engine(options);
        List<InstallResult> results = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            Scope scope = scope(spec, options.user());
            if (options.root().isEmpty() && !options.dryRun()) {
                requirePrivilege(scope);
            }
            String specPath = LaunchdLayout.specPath(spec.name(), scope);
            results.add(locked(engine, spec.name(), scope, options.dryRun() || options.root().isPresent(), () -> {
                // where the spec came from: compared with the last install's, recorded once this one is done
                Optional<String> former = SpecCopy.formerSource(engine, specPath, options.source(spec.name()));
                InstallResult result = installOne(spec, scope, options, engine);
                if (!options.dryRun()) {
                    SpecCopy.recordSource(engine, specPath, options.source(spec.name()));
                }
                return result.withFormerSource(former);
            }));
        }
        return results;
    }

    /** One service's step, holding its install lock unless {@code unlocked} (a dry run, or --root). */
    private static <T> T locked(InstallEngine engine, String service, Scope scope, boolean unlocked,
                                InstallEngine.LockedStep<T> step) throws BackendException {
        return engine.whileLocked(List.of(InstallEngine.lockPath(LaunchdLayout.specPath(service, scope))), !unlocked,
                step);
    }

    private InstallResult installOne(ServiceSpec original, Scope scope, InstallOptions options, InstallEngine engine)
            throws BackendException {
        boolean callsLaunchctl = options.root().isEmpty() && !options.dryRun();
        List<SpecProblem> invalid = LaunchdCheck.problems(original, scope);
        if (!invalid.isEmpty()) {
            throw invalid(original.name(), invalid);
        }
        ServiceSpec spec = installed(original, resolvedExec(original, options.root().isPresent()), scope);
        String name = spec.name();
        String label = LaunchdLayout.label(spec);
        String path = LaunchdLayout.installPath(label, scope);
        String launcher = options.svcctlPath().orElse(svcctlCommand());
        if (options.svcctlPath().isEmpty() && Supervision.bySvcctl(spec)) {
            Optional<String> why = LauncherPaths.whyNotDurable(launcher, scope == Scope.SYSTEM);
            if (why.isPresent()) {
                throw new BackendException(ExitCode.FAILED, name + ": the plist would run svcctl from " + launcher
                        + ", but " + why.get(), LauncherPaths.HINT);
            }
        }
        Rendering rendering;
        try {
            rendering = Secrets.render(this, spec, new RenderOptions(launcher, scope == Scope.USER));
        } catch (UnsupportedSpecException e) {
            throw invalid(name, e.problems());
        }
        List<String> formerPaths = new ArrayList<>(LaunchdLayout.ownedPaths(name, path, scope));
        Optional<Installed> before = find(engine, name, scope);
        Optional<Installed> relabelled = before.filter(i -> i.owned() && !i.path().equals(path));
        relabelled.ifPresent(i -> formerPaths.add(i.path()));
        List<String> problems = new ArrayList<>();
        ServicePlan plan = engine.plan(rendering, formerPaths, options.force(), problems);
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        String location = engine.files().describe(path);
        if (options.dryRun()) {
            return new InstallResult(name, plan.action(), location, Optional.empty(), plan.diff(), plan.note());
        }

        String domain = domain(scope);
        String target = domain + "/" + label;
        boolean loaded = callsLaunchctl && launchctl().print(target).isPresent();
        if (callsLaunchctl && relabelled.isPresent()) {
            launchctl().bootout(domain + "/" + relabelled.get().label(), relabelled.get().stopTimeout());
        }
        boolean takesOver = plan.artifact(path).filter(a -> a.change() == ArtifactPlan.Change.TAKE_OVER).isPresent();
        boolean bootedOutForeign = false;
        if (callsLaunchctl && takesOver) {
            recordTakeover(engine, name, scope, label, loaded);
            if (loaded) {
                launchctl().bootout(target, spec.stop().timeout());
                loaded = false;
                bootedOutForeign = true;
            }
        }
        boolean changed = plan.changed();
        if (changed && (PlistRenderer.usesFiles(spec.logs()) || Supervision.bySvcctl(spec))) {
            createLogDirectory(engine, spec, scope, options.root().isEmpty());
        }
        try {
            engine.apply(List.of(plan));
        } catch (BackendException e) {
            if (bootedOutForeign) {
                // The engine put the foreign plist back; its job must run again for "nothing was changed" to hold.
                launchctl().bootstrap(domain, located(engine, path));
            }
            throw e;
        }
        if (!callsLaunchctl) {
            return new InstallResult(name, plan.action(), location, Optional.empty(), Optional.empty(), plan.note());
        }
        String plistFile = located(engine, path);
        // A plist or spec copy made private without a change of text is no reason to restart the job.
        boolean reload = loaded && plan.textChanges() && !options.noRestart();
        // What 'svcctl enable/disable' chose stays while the spec's startup is the one installed before.
        Optional<Boolean> chosen = EnablementChoice.kept(engine, LaunchdLayout.specPath(name, scope),
                before.filter(Installed::owned).map(i -> i.startup() == spec.startup()).orElse(false));
        if (chosen.isPresent()) {
            if (chosen.get()) {
                launchctl().enable(target);
                if (reload) {
                    launchctl().bootout(target, spec.stop().timeout());
                    launchctl().bootstrap(domain, plistFile);
                } else if (!loaded && !options.noStart() && spec.startup() != Startup.DISABLED) {
                    launchctl().bootstrap(domain, plistFile);
                }
            } else {
                if (reload) {
                    launchctl().bootout(target, spec.stop().timeout());
                }
                launchctl().disable(target);
            }
            return new InstallResult(name, plan.action(), location, Optional.of(stateOf(target)), Optional.empty(),
                    plan.note());
        }
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
                    launchctl().bootstrap(domain, plistFile);
                } else if (!loaded) {
                    launchctl().disable(target);
                }
            }
            case AUTO, DELAYED -> {
                launchctl().enable(target);
                if (reload) {
                    // launchd reads a plist only when it loads the job: reloading is how an update takes effect.
                    launchctl().bootout(target, spec.stop().timeout());
                    launchctl().bootstrap(domain, plistFile);
                } else if (!loaded && !options.noStart()) {
                    launchctl().bootstrap(domain, plistFile);
                }
            }
        }
        return new InstallResult(name, plan.action(), location, Optional.of(stateOf(target)), Optional.empty(),
                plan.note());
    }

    private static BackendException invalid(String name, List<SpecProblem> problems) {
        SpecProblem first = problems.get(0);
        return new BackendException(ExitCode.INVALID_SPEC, name + ": " + first.keyPath() + ": " + first.message(),
                first.hint().orElse("'svcctl validate --backend launchd' lists every problem"));
    }

    /**
     * How the job taken over was (loaded, disabled), for uninstall to put back; recorded at the first takeover only,
     * as a second install --force would find svcctl's own job.
     */
    private void recordTakeover(InstallEngine engine, String name, Scope scope, String label, boolean loaded)
            throws BackendException {
        String record = LaunchdLayout.takeoverPath(name, scope);
        if (!engine.read(record).absent()) {
            return;
        }
        boolean disabled = launchctl().print(domain(scope)).map(LaunchctlPrint::disabledServices)
                .map(overrides -> overrides.getOrDefault(label, false)).orElse(false);
        try {
            engine.files().write(record, ("loaded=" + loaded + "\ndisabled=" + disabled + "\n")
                    .getBytes(StandardCharsets.UTF_8), Artifact.MODE_FILE, "takeover");
        } catch (IOException e) {
            throw ioFailure("cannot record the state of the job taken over in " + engine.files().describe(record), e);
        }
    }

    private void createLogDirectory(InstallEngine engine, ServiceSpec spec, Scope scope, boolean live)
            throws BackendException {
        Path dir;
        try {
            dir = engine.files().locate(LaunchdLayout.logDir(spec, scope, "~"));
            files.createDirectories(dir);
        } catch (IOException e) {
            throw ioFailure("cannot create the log directory of " + spec.name(), e);
        }
        if (scope == Scope.SYSTEM && live && (spec.user().isPresent() || spec.group().isPresent())) {
            try {
                files.setOwner(dir, spec.user(), spec.group());
            } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
                throw new BackendException(ExitCode.INVALID_SPEC, "the account '" + e.getName() + "' does not exist",
                        "create it first, or change user/group in the spec");
            } catch (IOException e) {
                throw ioFailure("cannot give " + dir + " to " + spec.user().orElse("") + ":"
                        + spec.group().orElse(""), e);
            }
        }
    }

    /**
     * A bare command name becomes the absolute path found on PATH now, as launchd's own PATH is minimal; a package
     * build keeps a name it cannot find. The supervisor resolves its program itself.
     */
    private String resolvedExec(ServiceSpec spec, boolean packageBuild) throws BackendException {
        if (spec.exec().startsWith("/") || Supervision.bySvcctl(spec)) {
            return spec.exec();
        }
        for (String dir : host.path().split(":")) {
            if (!dir.isEmpty() && files.isExecutable(Path.of(dir, spec.exec()))) {
                return Path.of(dir, spec.exec()).toString();
            }
        }
        if (packageBuild) {
            return spec.exec();
        }
        throw new BackendException(ExitCode.INVALID_SPEC, spec.name() + ": exec '" + spec.exec()
                + "' is not found on PATH", "give an absolute path");
    }

    /** The spec as installed: its program as resolved, its scope as installed (what the spec copy says). */
    private static ServiceSpec installed(ServiceSpec s, String exec, Scope scope) {
        if (s.exec().equals(exec) && s.scope() == scope) {
            return s;
        }
        return s.toBuilder().exec(exec).scope(scope).build();
    }

    private String svcctlCommand() {
        for (String dir : host.path().split(":")) {
            if (!dir.isEmpty() && files.isExecutable(Path.of(dir, "svcctl"))) {
                return Path.of(dir, "svcctl").toString();
            }
        }
        return RenderOptions.DEFAULT_SVCCTL;
    }

    // ---- uninstall and the verbs ----

    @Override
    public List<String> uninstall(List<String> names, InstallOptions options) throws BackendException {
        Scope scope = options.user() ? Scope.USER : Scope.SYSTEM;
        boolean live = options.root().isEmpty();
        if (live) {
            requirePrivilege(scope);
        }
        InstallEngine engine = engine(options);
        List<String> restored = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            try {
                restored.addAll(locked(engine, name, scope, !live, () -> uninstallOne(engine, name, scope, live)));
            } catch (NotInstalledException absent) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new NotInstalledException(missing, restored, String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not installed", "'svcctl list' shows what is");
        }
        return restored;
    }

    /** Boots the job out while its plist is still there, then lets the engine remove or restore the files. */
    private List<String> uninstallOne(InstallEngine engine, String name, Scope scope, boolean live)
            throws BackendException {
        Optional<Installed> found = find(engine, name, scope);
        String path = found.map(Installed::path).orElse(LaunchdLayout.installPath(name, scope));
        List<String> owned = LaunchdLayout.ownedPaths(name, path, scope);
        List<String> problems = new ArrayList<>();
        boolean present = engine.owns(name, owned, problems);
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        if (!present) {
            throw new NotInstalledException(List.of(name), List.of(), name + " is not installed", null);
        }
        if (live && found.isPresent()) {
            String target = domain(scope) + "/" + found.get().label();
            if (launchctl().print(target).isPresent()) {
                launchctl().bootout(target, found.get().stopTimeout());
            }
        }
        List<String> said = new ArrayList<>();
        InstallEngine.Removal removal = engine.remove(name, owned);
        EnablementChoice.forget(engine, LaunchdLayout.specPath(name, scope));
        engine.remove(name, List.of(SpecCopy.sourcePath(LaunchdLayout.specPath(name, scope))));
        for (String restored : removal.restored()) {
            said.add(engine.files().describe(restored) + " from its backup");
        }
        String record = LaunchdLayout.takeoverPath(name, scope);
        Existing taken = engine.read(record);
        if (taken.kind() == Existing.Kind.FILE) {
            if (live && found.isPresent() && removal.restored().contains(path)) {
                said.add(restoreTakenOver(found.get(), taken.text(), located(engine, path)));
            }
            try {
                engine.files().delete(record);
            } catch (IOException e) {
                throw ioFailure("cannot remove " + engine.files().describe(record), e);
            }
        }
        return said;
    }

    /** The restored plist's job as it was before svcctl took it over: disabled again, or loaded again. */
    private String restoreTakenOver(Installed taken, String record, String file) throws BackendException {
        String target = domain(taken.scope()) + "/" + taken.label();
        if (record.contains("disabled=true")) {
            launchctl().disable(target);
            return target + " is disabled again, as it was before svcctl took it over";
        }
        if (record.contains("loaded=true")) {
            launchctl().bootstrap(domain(taken.scope()), file);
            return target + " is loaded again from " + file + ", as it was before svcctl took it over";
        }
        return target + " is not loaded, as it was before svcctl took it over";
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
            if (installed.startup() == Startup.MANUAL && !EnablementChoice.read(new InstallEngine(files()),
                    LaunchdLayout.specPath(name, installed.scope())).orElse(false)) {
                launchctl().disable(target);
            }
        }
    }

    @Override
    public List<Artifact> installedFiles(String name, boolean user) throws BackendException {
        Installed installed = operable(name, user);
        return InstalledFiles.read(new InstallEngine(files()), List.of(installed.path(),
                LaunchdLayout.specPath(installed.name(), installed.scope())));
    }

    @Override
    public List<Enablement> enable(List<String> names, boolean user) throws BackendException {
        return setEnabled(names, user, true);
    }

    @Override
    public List<Enablement> disable(List<String> names, boolean user) throws BackendException {
        return setEnabled(names, user, false);
    }

    /**
     * launchctl enable/disable of svcctl's own jobs (the override database; the plist stays as rendered): an enabled
     * job is loaded at boot and, with KeepAlive, started; a disabled one is not, and cannot be bootstrapped until
     * enabled ('svcctl start' of a disabled service fails). Disabling a loaded job leaves it running until stopped.
     */
    private List<Enablement> setEnabled(List<String> names, boolean user, boolean on) throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        List<Installed> installed = new ArrayList<>();
        for (String name : names) {
            installed.add(operable(name, user));
        }
        Map<String, Boolean> overrides = launchctl().print(domain(scope))
                .map(LaunchctlPrint::disabledServices).orElse(Map.of());
        InstallEngine engine = new InstallEngine(files());
        List<Enablement> results = new ArrayList<>();
        for (Installed job : installed) {
            boolean enabled = !overrides.getOrDefault(job.label(), DISABLED_KEY.matcher(job.text()).find());
            String target = domain(scope) + "/" + job.label();
            if (enabled != on) {
                if (on) {
                    launchctl().enable(target);
                } else {
                    launchctl().disable(target);
                }
            }
            EnablementChoice.write(engine, LaunchdLayout.specPath(job.name(), scope), on);
            results.add(new Enablement(job.name(), on, enabled != on));
        }
        return results;
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
        if (!EnablementChoice.read(new InstallEngine(files()), LaunchdLayout.specPath(installed.name(),
                installed.scope())).orElse(true)) {
            throw new BackendException(ExitCode.FAILED, installed.name() + " is disabled ('svcctl disable'), and"
                    + " launchd does not load a disabled job", "'svcctl enable --now " + installed.name()
                    + "' enables and starts it");
        }
        if (installed.startup() == Startup.MANUAL) {
            launchctl().enable(target);
        }
        launchctl().bootstrap(domain, installed.file());
    }

    @Override
    public void reload(List<String> names, boolean user) throws BackendException {
        for (String name : names) {
            Installed installed = operable(name, user);
            var signal = installed.info().flatMap(PlistInfo::reload).orElseThrow(() -> new BackendException(
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
        InstallEngine engine = new InstallEngine(files());
        List<ServiceStatus> statuses = new ArrayList<>();
        for (String name : names) {
            Optional<Installed> found = find(engine, name, scope).filter(Installed::owned);
            if (found.isEmpty()) {
                statuses.add(ServiceStatus.notInstalled(name, ID));
                continue;
            }
            boolean drift = engine.drift(LaunchdLayout.ownedPaths(name, found.get().path(), scope));
            ServiceStatus status = status(found.get(), overrides, drift);
            // A job that runs 'svcctl run --name' has its spec copy installed: the program shows through its state.
            boolean supervised = !engine.read(LaunchdLayout.specPath(name, scope)).absent();
            statuses.add(supervised ? SupervisedStatus.merge(status, host.stateFiles(name, scope)) : status);
        }
        return statuses;
    }

    @Override
    public List<ServiceStatus> list(boolean user) throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        InstallEngine engine = new InstallEngine(files());
        List<String> names = new ArrayList<>();
        for (String label : labels(engine, scope)) {
            Installed plist = installed(engine, label, scope);
            if (plist.owned()) {
                plist.info().ifPresent(info -> names.add(info.name()));
            }
        }
        return names.isEmpty() ? List.of() : status(names, user);
    }

    private ServiceStatus status(Installed installed, Map<String, Boolean> overrides, boolean drift)
            throws BackendException {
        String label = installed.label();
        boolean enabled = !overrides.getOrDefault(label, DISABLED_KEY.matcher(installed.text()).find());
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
        // launchd stops a job with SIGTERM (other stop signals go through svcctl run, which exits 0 after a stop):
        // death by it, or the 143 of a program that catches it (a JVM), is a clean stop, as systemd's
        // SuccessExitStatus makes it there.
        boolean crashed = service.lastSignal().filter(s -> !s.equals(Signal.TERM.sigName())).isPresent();
        int code = service.lastExitCode().orElse(0);
        boolean failed = code != 0 && code != 128 + Signal.TERM.linuxNumber();
        return crashed || failed ? ServiceState.FAILED : ServiceState.STOPPED;
    }

    /**
     * The program's own files: those the supervisor writes for a supervised service (where its spec copy says,
     * decided by {@link ServiceLogFiles} as the supervisor decides it), else the plist's StandardOutPath or
     * StandardErrorPath, read with common's one reader ({@link ServiceLogs}).
     */
    @Override
    public void logs(String name, LogStream stream, int lines, boolean follow, boolean user, OutputStream out)
            throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        InstallEngine engine = new InstallEngine(files());
        Installed installed = find(engine, name, scope).filter(Installed::owned)
                .orElseThrow(() -> notInstalled(name));
        Optional<ServiceSpec> supervised = supervisedSpec(engine, name, scope);
        if (supervised.isPresent()) {
            ServiceSpec spec = supervised.get();
            // svcctl run under launchd has no journal: default streams go to files, in svcctl's default directory.
            SvcctlPaths paths = new SvcctlPaths(System.getenv(), "~", System.getProperty("user.name", "user"),
                    System.getProperty("java.io.tmpdir", "/tmp"), host.isRoot());
            ServiceLogFiles files = ServiceLogFiles.of(spec, paths, LogTarget.FILE);
            if (!files.writesFile(stream)) {
                throw notInAFile(name, stream, files.target(stream).name().toLowerCase(java.util.Locale.ROOT));
            }
            ServiceLogs.show(Path.of(located(engine, files.dir().orElseThrow().toString())), files.base(stream),
                    spec.user(), lines, follow, out);
            return;
        }
        Matcher m = Pattern.compile("<key>" + (stream == LogStream.STDOUT ? "StandardOutPath" : "StandardErrorPath")
                + "</key>\\s*<string>([^<]*)</string>").matcher(installed.text());
        String file = m.find() ? unescape(m.group(1)) : "";
        if (!file.endsWith(".log")) {
            throw notInAFile(name, stream, file.isEmpty() ? "inherit" : file.equals("/dev/null") ? "discard" : file);
        }
        Path path = Path.of(located(engine, file));
        ServiceLogs.show(path.getParent(), path.getFileName().toString().replaceFirst("\\.log$", ""),
                userName(installed.text()), lines, follow, out);
    }

    private static BackendException notInAFile(String name, LogStream stream, String target) {
        return new BackendException(ExitCode.FAILED, "the " + stream.base() + " of " + name
                + " is not written to a file (" + stream.specKey() + ": " + target + ")",
                "set " + stream.specKey() + ": file to keep it");
    }

    private static Optional<String> userName(String plist) {
        Matcher m = Pattern.compile("<key>UserName</key>\\s*<string>([^<]*)</string>").matcher(plist);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    private static String unescape(String xml) {
        return xml.replace("&#13;", "\r").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The installed spec copy, when the service runs under the svcctl supervisor. */
    private static Optional<ServiceSpec> supervisedSpec(InstallEngine engine, String name, Scope scope)
            throws BackendException {
        String specPath = LaunchdLayout.specPath(name, scope);
        try {
            return SpecCopy.read(engine, specPath).filter(Supervision::bySvcctl);
        } catch (InvalidSpecException e) {
            throw new BackendException(ExitCode.FAILED, "the installed spec of " + name + " (" + specPath
                    + ") cannot be read, so where its logs are is unknown", "install the service again");
        }
    }

    private ServiceState stateOf(String target) throws BackendException {
        return launchctl().print(target).map(out -> state(LaunchctlPrint.service(out))).orElse(ServiceState.STOPPED);
    }

    // ---- finding installed plists ----

    /**
     * A plist at a service's path: {@code path} as the engine addresses it, {@code file} where it is on this machine
     * (what launchctl bootstrap is given).
     */
    private record Installed(String name, String label, Scope scope, String path, String file, String text,
                             InstallEngine.Ownership ownership, Optional<PlistInfo> info) {
        boolean owned() {
            return ownership == InstallEngine.Ownership.MANAGED || ownership == InstallEngine.Ownership.DRIFTED;
        }

        Startup startup() {
            return info.map(PlistInfo::startup).orElse(Startup.AUTO);
        }

        Duration stopTimeout() {
            Matcher m = EXIT_TIMEOUT.matcher(text);
            return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : DEFAULT_STOP_WAIT;
        }
    }

    private static Installed installed(InstallEngine engine, String label, Scope scope) throws BackendException {
        String path = LaunchdLayout.installPath(label, scope);
        Existing existing = engine.read(path);
        String text = existing.kind() == Existing.Kind.FILE ? existing.text() : "";
        Optional<PlistInfo> info = PlistInfo.find(text);
        return new Installed(info.map(PlistInfo::name).orElse(label), label, scope, path, located(engine, path), text,
                InstallEngine.ownership(path, existing), info);
    }

    /** The service with its scope, if svcctl installed it; refused when a plist of its name is not svcctl's. */
    private Installed operable(String name, boolean user) throws BackendException {
        Scope scope = user ? Scope.USER : Scope.SYSTEM;
        requirePrivilege(scope);
        InstallEngine engine = new InstallEngine(files());
        Installed installed = find(engine, name, scope).orElseThrow(() -> notInstalled(name));
        if (!installed.owned()) {
            throw new BackendException(ExitCode.FAILED, installed.file() + " was not written by svcctl",
                    "svcctl never stops, changes or removes a plist without its marker; use launchctl directly");
        }
        return installed;
    }

    /** NAME.plist when its label is the name (the default), else the managed plist whose info names the service. */
    private Optional<Installed> find(InstallEngine engine, String name, Scope scope) throws BackendException {
        String direct = LaunchdLayout.installPath(name, scope);
        if (!engine.read(direct).absent()) {
            Installed plist = installed(engine, name, scope);
            if (!plist.owned() || plist.name().equals(name)) {
                return Optional.of(plist);
            }
        }
        for (String label : labels(engine, scope)) {
            Installed plist = installed(engine, label, scope);
            if (plist.owned() && plist.info().map(PlistInfo::name).filter(name::equals).isPresent()) {
                return Optional.of(plist);
            }
        }
        return Optional.empty();
    }

    /** The labels of the plists in a scope's directory. */
    private List<String> labels(InstallEngine engine, Scope scope) throws BackendException {
        Path dir = Path.of(located(engine, LaunchdLayout.directory(scope)));
        try {
            List<String> labels = new ArrayList<>();
            for (Path file : files.list(dir, ".plist")) {
                String fileName = file.getFileName().toString();
                labels.add(fileName.substring(0, fileName.length() - ".plist".length()));
            }
            return labels;
        } catch (IOException e) {
            throw ioFailure("cannot list " + dir, e);
        }
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

    /** The engine over the host's files, or over the --root directory (where links resolve inside it). */
    private InstallEngine engine(InstallOptions options) {
        return new InstallEngine(options.root()
                .<ArtifactFiles>map(dir -> LocalArtifactFiles.under(dir, StepPauses.fromEnvironment()))
                .orElseGet(this::files));
    }

    /** The host's files, {@code ~} being the user's home; built when first needed. */
    private ArtifactFiles files() {
        if (artifacts == null) {
            artifacts = LocalArtifactFiles.host(new FileRoot(Path.of("/"), Path.of(host.home())),
                    StepPauses.fromEnvironment());
        }
        return artifacts;
    }

    /** Where an install path is on this machine (or under --root). */
    private static String located(InstallEngine engine, String installPath) throws BackendException {
        try {
            return engine.files().locate(installPath).toString();
        } catch (IOException e) {
            throw ioFailure("cannot resolve " + installPath, e);
        }
    }

    private static BackendException ioFailure(String what, IOException e) {
        boolean denied = e instanceof java.nio.file.AccessDeniedException;
        return new BackendException(denied ? ExitCode.PERMISSION_DENIED : ExitCode.FAILED, what + ": "
                + e.getMessage(), denied ? "use sudo, or --user for a LaunchAgent" : null, e);
    }
}
