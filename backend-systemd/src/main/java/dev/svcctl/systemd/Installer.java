package dev.svcctl.systemd;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.LauncherPaths;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.Secrets;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.host.HostPaths;
import dev.svcctl.install.ArtifactPlan;
import dev.svcctl.install.EnablementChoice;
import dev.svcctl.install.Existing;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.ServicePlan;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.os.FileRoot;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.Startup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * install: renders every service, lets the install engine plan and write the files (nothing is touched while any
 * service has a problem), then drives systemd once per scope: one reenable or disable (which reload the manager, else
 * one daemon-reload), one start, one restart.
 */
final class Installer {
    private static final String HOST_UNIT_NOTE = "wrote the shared host's unit ";
    private final SystemdBackend backend;
    private final SystemdHost host;
    /**
     * Per scope (user: true), the shared host's unit as this install renders it, planned once for all the services
     * that need it (it belongs to none of them, so no service's plan writes or removes it).
     */
    private final Map<Boolean, Artifact> hostUnits = new LinkedHashMap<>();
    private final Map<Boolean, ServicePlan> hostPlans = new LinkedHashMap<>();

    Installer(SystemdBackend backend, SystemdHost host) {
        this.backend = backend;
        this.host = host;
    }

    /** What install will do for one service: the engine's file plan plus what systemd says about the unit. */
    private record Plan(ServiceSpec spec, boolean user, ServicePlan files, Optional<UnitState> before, Action action,
                        Optional<String> note) {
        String unit() {
            return UnitFiles.unitName(spec.name());
        }

        String unitPath() {
            return UnitFiles.unitPath(spec.name(), user);
        }

        String unitText() {
            return files.artifact(unitPath()).flatMap(ArtifactPlan::wanted).map(a -> a.content()).orElse("");
        }

        boolean changed() {
            return action != Action.UNCHANGED;
        }

        /**
         * Whether install applies the spec's {@code startup} to the unit's enablement: when the unit is new (or not
         * svcctl's yet), or when what the spec says about startup changed (the rendered [Install] section differs).
         * Otherwise the enablement stays as it is, so that 'svcctl disable' outlives a re-install of the same spec.
         */
        boolean startupDecides() {
            Optional<ArtifactPlan> unit = files.artifact(unitPath());
            if (unit.isEmpty() || unit.get().before().kind() != Existing.Kind.FILE
                    || unit.get().change() == ArtifactPlan.Change.TAKE_OVER) {
                return true;
            }
            return UnitRenderer.wantedBy(unit.get().before().text()) != UnitRenderer.wantedBy(unitText());
        }

        /** What 'svcctl enable/disable' chose for this service, if anything since its startup last changed. */
        Optional<Boolean> chosenEnablement(InstallEngine engine) throws BackendException {
            return EnablementChoice.read(engine, UnitFiles.specPath(spec.name(), user));
        }

        /** Whether systemd must load units again: the unit's file or one of its socket units' changes. */
        boolean unitChanges() {
            for (ArtifactPlan artifact : files.artifacts()) {
                if (artifact.changes() && (artifact.path().equals(unitPath()) || logUnit(artifact.path()))) {
                    return true;
                }
            }
            return false;
        }

        boolean hosted() {
            return Supervision.hosted(spec);
        }

        /** The socket units of its FIFOs that this install writes (enabled then: they listen from boot on). */
        List<String> socketsWritten() {
            List<String> written = new ArrayList<>();
            for (ArtifactPlan artifact : files.artifacts()) {
                if (artifact.writes() && artifact.changes() && artifact.path().endsWith(".socket")) {
                    written.add(artifact.path().substring(artifact.path().lastIndexOf('/') + 1));
                }
            }
            return written;
        }

        /** One of the units of its FIFOs: a socket unit or their wake unit. */
        boolean logUnit(String path) {
            return HostUnits.isLogUnit(path, spec.name(), user);
        }

        /**
         * The units of its FIFOs that this install removes (the spec no longer routes that stream; the wake unit
         * with the last one).
         */
        List<String> socketsRemoved() {
            List<String> removed = new ArrayList<>();
            for (ArtifactPlan artifact : files.artifacts()) {
                if (artifact.change() == ArtifactPlan.Change.REMOVE && logUnit(artifact.path())) {
                    removed.add(artifact.path().substring(artifact.path().lastIndexOf('/') + 1));
                }
            }
            return removed;
        }

        /**
         * Whether the shared host served the service until this install (its former spec copy says so; one that
         * cannot be read: maybe), so that a running host must hear that it no longer does.
         */
        boolean wasHosted() {
            Optional<ArtifactPlan> copy = files.artifact(UnitFiles.specPath(spec.name(), user));
            if (copy.isEmpty() || !copy.get().changes() || copy.get().before().kind() != Existing.Kind.FILE) {
                return false;
            }
            try {
                return Supervision.hosted(SpecLoader.parse(copy.get().path(), copy.get().before().text()).spec());
            } catch (InvalidSpecException e) {
                return true;
            }
        }

        boolean wasActive() {
            return before.map(UnitState::active).orElse(false);
        }

        /** Whether the unit has no enablement links: systemd knows no unit file state for it, or says disabled. */
        boolean unlinked() {
            String state = before.map(s -> s.get("UnitFileState")).orElse("");
            return state.isEmpty() || state.equals("disabled");
        }

        /**
         * A change the running program must be restarted for: not one of a file's mode or owner alone, nor the shared
         * host's unit alone.
         */
        boolean needsRestart() {
            return changed() && (!files.changed() || files.textChanges())
                    && !note.filter(n -> n.startsWith(HOST_UNIT_NOTE)).isPresent();
        }
    }

    List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        boolean live = options.root().isEmpty();
        SystemdHost target = live ? host : host.withFiles(FileRoot.under(options.root().get()));
        InstallEngine engine = live ? host.engine()
                : new InstallEngine(LocalArtifactFiles.under(options.root().get(), host.pauses()));
        Map<Boolean, List<ServiceSpec>> byScope = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> locks = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            boolean user = options.user() || spec.scope() == Scope.USER;
            if (!seen.add((user ? "user:" : "system:") + spec.name())) {
                throw new BackendException(ExitCode.USAGE, "the service '" + spec.name() + "' is given twice",
                        "install each spec file once");
            }
            byScope.computeIfAbsent(user, u -> new ArrayList<>()).add(spec);
            locks.add(InstallEngine.lockPath(UnitFiles.specPath(spec.name(), user)));
            String hostLock = hostLock(user);
            if (Supervision.hosted(spec) && !locks.contains(hostLock)) {
                locks.add(hostLock);
            }
        }
        if (live) {
            Preconditions.systemdRunning(host);
            if (byScope.containsKey(false) && !options.dryRun()) {
                Preconditions.superuser(host, "installing system services");
            }
        }
        return engine.whileLocked(locks, live && !options.dryRun(),
                () -> installLocked(byScope, options, target, engine, live));
    }

    /**
     * The lock of the shared host's unit in a scope, held by every install of a host-served service and every
     * uninstall, so that an uninstall of the last such service never removes the unit an install just kept.
     */
    static String hostLock(boolean user) {
        return InstallEngine.lockPath(UnitFiles.specPath(HostPaths.HOST_UNIT.replace(".service", ""), user));
    }

    private List<InstallResult> installLocked(Map<Boolean, List<ServiceSpec>> byScope, InstallOptions options,
                                              SystemdHost target, InstallEngine engine, boolean live)
            throws BackendException {
        List<Plan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var entry : byScope.entrySet()) {
            plans.addAll(plan(entry.getValue(), entry.getKey(), options, target, engine, live, problems));
        }
        planHostUnits(plans, engine, problems);
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        plans = withHostUnitNoted(plans);
        Map<String, Optional<String>> formerSources = new LinkedHashMap<>();
        for (Plan p : plans) {
            formerSources.put(key(p), SpecCopy.formerSource(engine, UnitFiles.specPath(p.spec().name(), p.user()),
                    options.source(p.spec().name())));
        }
        if (options.dryRun()) {
            List<InstallResult> results = new ArrayList<>();
            Set<Boolean> hostDiffShown = new HashSet<>();
            for (Plan p : plans) {
                Optional<String> diff = p.files().diff();
                ServicePlan hostPlan = hostPlans.get(p.user());
                if (p.hosted() && hostPlan != null && hostPlan.changed() && hostDiffShown.add(p.user())) {
                    diff = Optional.of(diff.orElse("") + hostPlan.diff().orElse(""));
                }
                results.add(result(p, p.before().map(UnitState::state), diff)
                        .withFormerSource(formerSources.get(key(p))));
            }
            return results;
        }
        for (Plan plan : plans) {
            if (plan.unitChanges()) {
                createLogDirectories(plan, engine);
            }
        }
        List<ServicePlan> files = new ArrayList<>(hostPlans.values());
        files.addAll(plans.stream().map(Plan::files).toList());
        engine.apply(files);
        unlinkRemovedSockets(plans, engine);
        for (Plan p : plans) {
            SpecCopy.recordSource(engine, UnitFiles.specPath(p.spec().name(), p.user()),
                    options.source(p.spec().name()));
        }
        if (live) {
            recordTakeovers(plans, engine);
        }
        if (!live) {
            for (Plan plan : plans) {
                RootEnablement.apply(engine.files(), plan.user(), UnitFiles.unitName(plan.spec().name()),
                        plan.unitPath(), plan.unitText());
                // The socket units listen from boot on (sockets.target), as systemctl enable makes them live.
                for (ArtifactPlan artifact : plan.files().artifacts()) {
                    if (artifact.wanted().isPresent() && artifact.path().endsWith(".socket")) {
                        RootEnablement.apply(engine.files(), plan.user(), Path.of(artifact.path()).getFileName()
                                .toString(), artifact.path(), artifact.wanted().get().content());
                    }
                }
            }
            return plans.stream().map(p -> result(p, Optional.empty(), Optional.empty())
                    .withFormerSource(formerSources.get(key(p)))).toList();
        }
        Map<String, UnitState> after = new LinkedHashMap<>();
        for (boolean user : byScope.keySet()) {
            List<Plan> scoped = plans.stream().filter(p -> p.user() == user).toList();
            after.putAll(apply(scoped, new Systemctl(host.runner(), user), options));
        }
        return plans.stream().map(p -> result(p, Optional.ofNullable(after.get(key(p))).map(UnitState::state),
                Optional.empty()).withFormerSource(formerSources.get(key(p)))).toList();
    }

    /**
     * The sockets.target links of the socket units this install removed (a stream no longer routed): without them the
     * link would dangle, and the uninstall, which asks systemctl to disable only the socket units that are still
     * there, would never see it. Live as under --root the links go from the unit directory, as the uninstall removes
     * a service's links (systemd reads them again at the reload that the changed unit brings); only links by the
     * names of the service's own socket units, which svcctl alone writes.
     */
    private static void unlinkRemovedSockets(List<Plan> plans, InstallEngine engine) throws BackendException {
        for (Plan p : plans) {
            for (String socket : p.socketsRemoved()) {
                if (socket.endsWith(".socket")) {
                    try {
                        RootEnablement.remove(engine.files(), p.user(), socket);
                    } catch (IOException e) {
                        throw Preconditions.ioFailure("cannot remove the enablement links of " + socket, e);
                    }
                }
            }
        }
    }

    private static String key(Plan p) {
        return (p.user() ? "user:" : "system:") + p.unit();
    }

    private List<Plan> plan(List<ServiceSpec> specs, boolean user, InstallOptions options, SystemdHost target,
                            InstallEngine engine, boolean live, List<String> problems) throws BackendException {
        List<ServiceSpec> effective = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            Optional<String> exec = Executables.resolve(spec.exec(), target);
            if (exec.isEmpty()) {
                problems.add(spec.name() + ": exec '" + spec.exec() + "' is not found on PATH ("
                        + target.path() + "); give an absolute path or install the program first");
                continue;
            }
            if (live) {
                checkAccount(spec, problems);
            }
            effective.add(SpecEdits.with(spec, exec.get(), user ? Scope.USER : spec.scope()));
        }
        List<UnitState> states = live
                ? new Systemctl(host.runner(), user).show(effective.stream().map(s -> UnitFiles.unitName(s.name())).toList())
                : List.of();
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < effective.size(); i++) {
            ServiceSpec spec = effective.get(i);
            Optional<UnitState> before = live ? Optional.of(states.get(i)) : Optional.empty();
            String launcher = options.svcctlPath().orElse(host.svcctlCommand());
            if (options.svcctlPath().isEmpty() && Supervision.keepsSpecCopy(spec)) {
                Optional<String> why = LauncherPaths.whyNotDurable(launcher, !user);
                if (why.isPresent()) {
                    problems.add(spec.name() + ": the unit would run svcctl from " + launcher + ", but " + why.get()
                            + " (hint: " + LauncherPaths.HINT + ")");
                    continue;
                }
            }
            Rendering rendering;
            try {
                rendering = Secrets.render(backend, spec, new RenderOptions(launcher, user));
            } catch (UnsupportedSpecException e) {
                problems.add(spec.name() + ": " + e.getMessage());
                continue;
            }
            rendering = withoutHostUnit(rendering, user);
            String unitPath = UnitFiles.unitPath(spec.name(), user);
            UnitFiles.Found found = UnitFiles.read(engine, unitPath);
            if (found.existing().kind() == Existing.Kind.LINK) {
                problems.add(spec.name() + ": " + linkProblem(spec.name(), engine.files().describe(unitPath),
                        found.existing().text(), user));
                continue;
            }
            ServicePlan files = engine.plan(rendering, UnitFiles.ownedPaths(spec.name(), user), options.force(),
                    problems);
            Plan plan = decide(spec, user, files, found, before, options, target, problems);
            if (plan != null) {
                plans.add(plan);
            }
        }
        return plans;
    }

    /** The rendering without the shared host's unit, which is kept aside to be planned once per scope. */
    private Rendering withoutHostUnit(Rendering rendering, boolean user) {
        List<Artifact> own = new ArrayList<>();
        for (Artifact artifact : rendering.artifacts()) {
            if (HostUnits.isHostUnit(artifact.installPath())) {
                hostUnits.putIfAbsent(user, artifact);
            } else {
                own.add(artifact);
            }
        }
        return own.size() == rendering.artifacts().size() ? rendering
                : new Rendering(rendering.backend(), rendering.service(), own, rendering.registration());
    }

    /**
     * Plans the shared host's unit of each scope that a service of this install needs: written when missing,
     * repaired when edited, kept when it is the same; never a file at that path that svcctl did not write, not
     * even with --force (it would become every host-served service's host).
     */
    private void planHostUnits(List<Plan> plans, InstallEngine engine, List<String> problems)
            throws BackendException {
        for (var entry : hostUnits.entrySet()) {
            boolean user = entry.getKey();
            Artifact unit = entry.getValue();
            List<String> names = plans.stream().filter(p -> p.user() == user && p.hosted())
                    .map(p -> p.spec().name()).toList();
            if (names.isEmpty()) {
                continue;
            }
            UnitFiles.Found found = UnitFiles.read(engine, unit.installPath());
            if (found.ownership() == InstallEngine.Ownership.FOREIGN) {
                problems.add(String.join(", ", names) + ": " + engine.files().describe(unit.installPath())
                        + " is someone else's file, and svcctl's shared host must be that unit; move it away");
                continue;
            }
            hostPlans.put(user, engine.plan(new Rendering(SystemdBackend.ID, HostPaths.HOST_UNIT, List.of(unit)),
                    List.of(), false, problems));
        }
    }

    /**
     * A host-served service whose own files are as wanted still counts as updated when the shared host's unit had
     * to be written or repaired for it (the first such service of the scope).
     */
    private List<Plan> withHostUnitNoted(List<Plan> plans) {
        List<Plan> noted = new ArrayList<>();
        Set<Boolean> told = new HashSet<>();
        for (Plan p : plans) {
            ServicePlan hostPlan = hostPlans.get(p.user());
            if (p.hosted() && hostPlan != null && hostPlan.changed() && told.add(p.user())
                    && p.action() == Action.UNCHANGED) {
                p = new Plan(p.spec(), p.user(), p.files(), p.before(), Action.UPDATED,
                        Optional.of(HOST_UNIT_NOTE + hostPlan.location()));
            }
            noted.add(p);
        }
        return noted;
    }

    /** For each unit taken over, how it was before (first takeover only: a re-install keeps the original). */
    private static void recordTakeovers(List<Plan> plans, InstallEngine engine) throws BackendException {
        for (Plan plan : plans) {
            boolean tookOver = plan.files().artifact(plan.unitPath())
                    .map(a -> a.change() == ArtifactPlan.Change.TAKE_OVER).orElse(false)
                    || plan.note().filter(n -> n.startsWith("overrides ")).isPresent();
            String record = UnitFiles.takeoverPath(plan.spec().name(), plan.user());
            if (!tookOver || plan.before().isEmpty() || !engine.read(record).absent()) {
                continue;
            }
            UnitState state = plan.before().get();
            String text = "enabled=" + state.enabled() + "\nactive=" + state.active() + "\n";
            try {
                engine.files().write(record, text.getBytes(StandardCharsets.UTF_8), 0644,
                        "takeover");
            } catch (IOException e) {
                throw Preconditions.ioFailure("cannot record the state of the unit taken over", e);
            }
        }
    }

    /** A link where the unit would go: masked, an alias, or a unit linked in with 'systemctl link'. */
    static String linkProblem(String service, String file, String target, boolean user) {
        String ctl = user ? "systemctl --user " : "systemctl ";
        if (target.equals("/dev/null")) {
            return UnitFiles.unitName(service) + " is masked (" + file + " is a link to /dev/null); '" + ctl
                    + "unmask " + service + "' removes the mask, then install again";
        }
        return file + " is a symbolic link to " + target + " (an alias or a unit added with 'systemctl link');"
                + " svcctl does not write through links: '" + ctl + "disable " + service + "' removes it, or"
                + " choose another name";
    }

    /** Accounts already looked up in this invocation: fifty services of one user cost one getent. */
    private final Map<String, Boolean> accountsSeen = new java.util.HashMap<>();

    private boolean exists(String kind, String name) throws IOException {
        Boolean known = accountsSeen.get(kind + ":" + name);
        if (known == null) {
            known = kind.equals("user") ? host.accounts().userExists(name) : host.accounts().groupExists(name);
            accountsSeen.put(kind + ":" + name, known);
        }
        return known;
    }

    private void checkAccount(ServiceSpec spec, List<String> problems) throws BackendException {
        try {
            if (spec.user().isPresent() && !exists("user", spec.user().get())) {
                problems.add(spec.name() + ": the user '" + spec.user().get() + "' does not exist on this host;"
                        + " create it first (e.g. useradd --system " + spec.user().get() + ")");
            }
            if (spec.group().isPresent() && !exists("group", spec.group().get())) {
                problems.add(spec.name() + ": the group '" + spec.group().get() + "' does not exist on this host;"
                        + " create it first (e.g. groupadd --system " + spec.group().get() + ")");
            }
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot look up accounts: " + e.getMessage(), null, e);
        }
    }

    private static Plan decide(ServiceSpec spec, boolean user, ServicePlan files, UnitFiles.Found found,
                               Optional<UnitState> before, InstallOptions options, SystemdHost target,
                               List<String> problems) {
        String name = spec.name();
        Action action = files.action();
        Optional<String> note = files.note();
        if (found.absent()) {
            String elsewhere = before.filter(UnitState::loaded).map(UnitState::fragmentPath).orElse("");
            Path file = target.files().resolve(UnitFiles.unitPath(name, user));
            if (!elsewhere.isEmpty() && !target.files().resolve(elsewhere).equals(file)) {
                if (!options.force()) {
                    problems.add(name + ": " + UnitFiles.unitName(name) + " is already defined by " + elsewhere
                            + ", which was not written by svcctl");
                    return null;
                }
                note = Optional.of("overrides " + elsewhere + ", which is left as it is");
            }
        } else if (action == Action.UNCHANGED) {
            note = pending(found, before);
            action = note.isPresent() ? Action.UPDATED : Action.UNCHANGED;
        }
        return new Plan(spec, user, files, before, action, note);
    }

    /**
     * Why a unit that already has the wanted text still needs applying: an earlier install was interrupted after
     * writing it, before systemd loaded it or before the running program was restarted with it.
     */
    private static Optional<String> pending(UnitFiles.Found found, Optional<UnitState> before) {
        if (before.isEmpty()) {
            return Optional.empty();
        }
        UnitState state = before.get();
        if (state.needsDaemonReload()) {
            return Optional.of("completed an earlier install: systemd had not loaded this unit yet");
        }
        Optional<Instant> modified = found.existing().modified();
        if (state.active() && state.mainStarted().isPresent() && modified.isPresent()
                && state.mainStarted().get().isBefore(modified.get())) {
            return Optional.of("completed an earlier install: the running program predates this unit");
        }
        return Optional.empty();
    }

    /**
     * systemd opens {@code StandardOutput=append:FILE} before it creates {@code LogsDirectory=} (observed on 252:
     * exit status 209/STDOUT), so the directories of a unit's log files are made here. They are never removed.
     */
    private static void createLogDirectories(Plan plan, InstallEngine engine) throws BackendException {
        for (String file : LogsReader.logFiles(plan.unitText(), plan.user())) {
            try {
                Path dir = engine.files().locate(file).getParent();
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir);
                }
            } catch (IOException e) {
                throw Preconditions.ioFailure("cannot create the log directory of " + file, e);
            }
        }
    }

    /** Drives one scope's manager; answers the states afterwards by unit key. */
    private Map<String, UnitState> apply(List<Plan> plans, Systemctl systemctl, InstallOptions options)
            throws BackendException {
        if (plans.isEmpty()) {
            return Map.of();
        }
        ServicePlan hostPlan = hostPlans.get(systemctl.user());
        boolean hostUnitChanges = hostPlan != null && hostPlan.changed();
        boolean reload = hostUnitChanges || plans.stream().anyMatch(p -> p.unitChanges()
                || p.before().map(UnitState::needsDaemonReload).orElse(false));
        List<String> enable = new ArrayList<>();
        List<String> want = new ArrayList<>();
        List<String> disable = new ArrayList<>();
        for (Plan p : plans) {
            boolean wanted = p.spec().startup() == Startup.AUTO || p.spec().startup() == Startup.DELAYED;
            boolean enabled = p.before().map(UnitState::enabled).orElse(false);
            Optional<Boolean> chosen = p.startupDecides() ? Optional.empty() : p.chosenEnablement(host.engine());
            if (chosen.isPresent()) {
                // Enablement is state: what 'svcctl enable/disable' chose stays until the spec's startup changes.
                wanted = chosen.get();
            }
            if (wanted && (!enabled || p.changed())) {
                (chosen.isPresent() && !UnitRenderer.wantedBy(p.unitText()) ? want : enable).add(p.unit());
            } else if (!wanted && enabled) {
                disable.add(p.unit());
            }
            enable.addAll(p.socketsWritten());
        }
        List<String> start = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (Plan p : plans) {
            if (p.wasActive()) {
                if (p.needsRestart() && !options.noRestart()) {
                    restart.add(p.unit());
                }
            } else if (!options.noStart() && p.spec().startup() != Startup.DISABLED) {
                start.add(p.unit());
            }
        }
        // A first install of services that start and that nothing else must come between (no host-served one,
        // whose FIFOs and host go before its start): one 'enable --now' links them, reloads the manager and starts
        // them, as the direct route does, where reenable and start would take two systemctl calls. For units
        // without links (UnitFileState disabled or none) enable links exactly what reenable would.
        boolean enableStarts = !enable.isEmpty() && enable.equals(start) && want.isEmpty() && disable.isEmpty()
                && plans.stream().noneMatch(Plan::hosted)
                && plans.stream().filter(p -> enable.contains(p.unit())).allMatch(Plan::unlinked);
        Map<String, String> failed = new LinkedHashMap<>();
        BackendException refused = null;
        // systemctl enable, reenable and disable reload the manager themselves once they changed the links (they
        // have no --no-reload here), before the start below: a daemon-reload of ours first would be a second one.
        if (reload && enable.isEmpty() && disable.isEmpty()) {
            systemctl.daemonReload();
        }
        host.pauses().at("daemon-reloaded");
        if (enableStarts) {
            try {
                failed.putAll(systemctl.enableAndStart(enable, jobBound(plans, start, false)));
            } catch (Systemctl.NotEnabled e) {
                // Nothing was linked or started: the install stops here, as it does when reenable fails.
                throw e;
            } catch (BackendException e) {
                refused = onlyIfJobFailed(e);
            }
        } else if (!enable.isEmpty()) {
            // reenable also refreshes the links of an updated unit whose [Install] section changed.
            systemctl.reenable(enable);
        }
        for (Plan p : plans) {
            if (p.startupDecides()) {
                EnablementChoice.forget(host.engine(), UnitFiles.specPath(p.spec().name(), p.user()));
            }
        }
        systemctl.addWants(Control.bootTarget(plans.get(0).user()), want.stream()
                .filter(u -> !enable.contains(u)).toList());
        systemctl.disable(disable);
        host.pauses().at("enabled");
        serveByHost(plans, start, restart, systemctl, hostUnitChanges);
        if (!enableStarts) {
            try {
                failed.putAll(systemctl.start(start, jobBound(plans, start, false)));
            } catch (BackendException e) {
                refused = onlyIfJobFailed(e);
            }
        }
        try {
            failed.putAll(systemctl.restart(restart, jobBound(plans, restart, true)));
        } catch (BackendException e) {
            refused = refused != null ? refused : onlyIfJobFailed(e);
        }
        host.pauses().at("started");
        List<String> sockets = new ArrayList<>();
        for (Plan p : plans) {
            sockets.addAll(p.socketsRemoved());
        }
        // A stream no longer routed: its program runs with the new unit now, so its FIFO's socket unit (and the
        // wake unit, when no stream is routed any more) can go.
        systemctl.stop(sockets, Systemctl.DEFAULT_TIMEOUT);
        List<String> units = plans.stream().map(Plan::unit).toList();
        // Units whose job failed are done: waiting for them would only watch systemd restart them.
        boolean settle = start.stream().anyMatch(u -> !failed.containsKey(u))
                || restart.stream().anyMatch(u -> !failed.containsKey(u));
        SupervisedPrograms programs = new SupervisedPrograms(host, systemctl.user());
        Duration watch = Duration.ZERO;
        Duration poll = Settling.poll(Duration.ofSeconds(1));
        for (Plan p : plans) {
            if ((start.contains(p.unit()) || restart.contains(p.unit())) && !failed.containsKey(p.unit())) {
                // Every readiness makes systemd wait: natively notify and pidFile, supervised any kind.
                Duration own = Settling.watch(p.spec().readiness().isPresent());
                watch = own.compareTo(watch) > 0 ? own : watch;
                Duration often = Settling.poll(p.spec().restart().delay());
                poll = often.compareTo(poll) < 0 ? often : poll;
            }
        }
        List<UnitState> states = settle ? Settling.await(systemctl, units, watch, poll, host.settleBound(),
                (unit, state) -> programs.runKey(UnitFiles.serviceName(unit), state)) : systemctl.show(units);
        if (refused != null) {
            List<String> down = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                String unit = plans.get(i).unit();
                if ((start.contains(unit) || restart.contains(unit)) && !states.get(i).active()) {
                    down.add(plans.get(i).spec().name() + " is " + states.get(i).state().label());
                }
            }
            throw new BackendException(ExitCode.FAILED, "the units are installed, but " + refused.getMessage()
                    + (down.isEmpty() ? "" : " (" + String.join(", ", down) + ")"),
                    "fix the cause and run the same install again; 'svcctl status' shows the states");
        }
        requireReady(plans, states, start, restart, failed, systemctl, programs);
        Map<String, UnitState> byKey = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            byKey.put(key(plans.get(i)), states.get(i));
        }
        return byKey;
    }

    /**
     * Before the programs start: the FIFOs of the host-served ones exist (their socket units are started, which
     * their units also require), and the shared host serves what is installed now, so that it reads their output
     * from the start and no program blocks on a full FIFO while its start waits for readiness. A running host reads
     * the specs again (reload; restart when its own unit changed), a stopped one starts, when a host-served service
     * is started, restarted or changed; a change of a service it no longer serves reaches a running host only.
     */
    private void serveByHost(List<Plan> plans, List<String> start, List<String> restart, Systemctl systemctl,
                             boolean hostUnitChanges) throws BackendException {
        Map<String, List<String>> sockets = new LinkedHashMap<>();
        boolean hostedChanges = false;
        boolean otherChanges = false;
        for (Plan p : plans) {
            // An unchanged service that runs is left alone: a second install of the same spec does nothing.
            boolean runs = start.contains(p.unit()) || restart.contains(p.unit()) || p.changed() && p.wasActive();
            if (p.hosted()) {
                if (runs) {
                    sockets.put(p.spec().name(), HostUnits.socketUnits(p.spec()));
                }
                hostedChanges |= runs || p.changed();
            } else {
                otherChanges |= p.wasHosted();
            }
        }
        startSockets(sockets, systemctl);
        List<String> hostUnit = List.of(HostPaths.HOST_UNIT);
        if (hostedChanges) {
            UnitState state = systemctl.show(hostUnit).get(0);
            if (hostUnitChanges && state.active()) {
                Map<String, String> failed = systemctl.restart(hostUnit, Systemctl.DEFAULT_TIMEOUT);
                if (!failed.isEmpty()) {
                    throw hostFailed(systemctl, failed.get(HostPaths.HOST_UNIT));
                }
            } else {
                systemctl.reloadOrRestart(hostUnit);
            }
        } else if (otherChanges) {
            systemctl.tryReloadOrRestart(hostUnit);
        }
    }

    /**
     * Starts the socket units that do not listen yet (keyed by their service); answers whether it started any, the
     * host then reads the specs again (the caller reloads it). The host may run meanwhile: the sockets' Service= is
     * their service's wake unit, not the host, and systemd refuses a socket's start only while that one is active
     * ("Socket service ... already active, refusing"), so the wake unit of a service with a socket to start is stopped
     * first (stopping it stops nothing else; it only ran /bin/true).
     */
    static boolean startSockets(Map<String, List<String>> socketsByService, Systemctl systemctl)
            throws BackendException {
        List<String> sockets = new ArrayList<>();
        socketsByService.values().forEach(sockets::addAll);
        if (sockets.isEmpty()) {
            return false;
        }
        List<String> services = new ArrayList<>(socketsByService.keySet());
        List<String> units = new ArrayList<>(sockets);
        services.forEach(service -> units.add(HostPaths.logWakeUnit(service)));
        List<UnitState> states = systemctl.show(units);
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            if (!states.get(i).active()) {
                waiting.add(sockets.get(i));
            }
        }
        if (waiting.isEmpty()) {
            return false;
        }
        List<String> wakes = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            UnitState wake = states.get(sockets.size() + i);
            if ((wake.active() || wake.transient_())
                    && socketsByService.get(services.get(i)).stream().anyMatch(waiting::contains)) {
                wakes.add(HostPaths.logWakeUnit(services.get(i)));
            }
        }
        systemctl.stop(wakes, Systemctl.DEFAULT_TIMEOUT);
        Map<String, String> failed;
        try {
            failed = systemctl.start(waiting, Systemctl.DEFAULT_TIMEOUT);
        } catch (BackendException refused) {
            // systemctl says only "Job failed." when systemd refuses the start: which one, show tells.
            List<UnitState> now = systemctl.show(waiting);
            failed = new LinkedHashMap<>();
            for (int i = 0; i < waiting.size(); i++) {
                if (!now.get(i).active()) {
                    failed.put(waiting.get(i), onlyIfJobFailed(refused).getMessage());
                }
            }
        }
        if (!failed.isEmpty()) {
            String first = failed.keySet().iterator().next();
            throw new BackendException(ExitCode.FAILED, "the units are installed, but the log FIFOs of "
                    + String.join(", ", failed.keySet()) + " did not open (" + String.join(", ",
                    new java.util.LinkedHashSet<>(failed.values())) + ")", "'journalctl "
                    + (systemctl.user() ? "--user-unit " : "-u ") + first + "' shows why");
        }
        return true;
    }

    private static BackendException hostFailed(Systemctl systemctl, String result) {
        return new BackendException(ExitCode.FAILED, "the units are installed, but the shared host "
                + HostPaths.HOST_UNIT + " did not start (" + result + ")", "'journalctl "
                + (systemctl.user() ? "--user-unit " : "-u ") + HostPaths.HOST_UNIT + "' shows why");
    }

    /**
     * How long systemctl may take to start or restart these of the plans' units: a unit with readiness (and every
     * supervised one) is started only once it is ready, within readiness.timeout.
     */
    private static Duration jobBound(List<Plan> plans, List<String> units, boolean restart) {
        List<Duration> starts = new ArrayList<>();
        List<Duration> stops = new ArrayList<>();
        for (Plan plan : plans) {
            if (units.contains(plan.unit())) {
                ServiceSpec spec = plan.spec();
                starts.add(spec.readiness().map(ReadinessSpec::timeout).orElse(Systemctl.DEFAULT_TIMEOUT));
                stops.add(!restart ? Duration.ZERO : Supervision.bySvcctl(spec)
                        ? spec.stop().timeout().plus(UnitRenderer.SUPERVISOR_STOP_MARGIN) : spec.stop().timeout());
            }
        }
        return StartFailures.bound(starts, stops);
    }

    /**
     * A started unit that is not running after its job failed, or whose readiness did not come, fails the install
     * with the reason; one that started and then stopped is left to the result's state, as before readiness.
     */
    private void requireReady(List<Plan> plans, List<UnitState> states, List<String> start, List<String> restart,
                              Map<String, String> failed, Systemctl systemctl, SupervisedPrograms programs)
            throws BackendException {
        List<String> failures = new ArrayList<>();
        String first = null;
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            UnitState state = states.get(i);
            boolean started = start.contains(plan.unit()) || restart.contains(plan.unit());
            String name = plan.spec().name();
            if (started && state.state() == ServiceState.RUNNING && Supervision.bySvcctl(plan.spec())) {
                Optional<String> programFailing = StartFailures.programFailing(name, programs.state(name, state));
                if (programFailing.isPresent()) {
                    first = first == null ? name : first;
                    failures.add(StartFailures.withJournal(systemctl, name, programFailing.get()));
                }
                continue;
            }
            if (!started || state.state() == ServiceState.RUNNING) {
                continue;
            }
            StartFailures.Expectation expected = StartFailures.Expectation.of(plan.spec());
            String job = failed.get(plan.unit());
            if (job != null || StartFailures.explain(name, state, null, expected).isPresent()) {
                first = first == null ? name : first;
                failures.add(StartFailures.describe(systemctl, name, state, job, expected,
                        restart.contains(plan.unit()) ? "restart" : "start"));
            }
        }
        if (!failures.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, "the units are installed, but " + String.join("\n", failures),
                    "'svcctl logs " + (systemctl.user() ? "--user " : "") + first + "' shows more of its output");
        }
    }

    /** A systemctl job that failed is reported after the states are known; anything else ends the install. */
    private static BackendException onlyIfJobFailed(BackendException e) throws BackendException {
        if (e.exitCode() != ExitCode.FAILED) {
            throw e;
        }
        return e;
    }

    private static InstallResult result(Plan p, Optional<ServiceState> state, Optional<String> diff) {
        return new InstallResult(p.spec().name(), p.action(), p.unitPath(), state, diff, p.note());
    }
}
