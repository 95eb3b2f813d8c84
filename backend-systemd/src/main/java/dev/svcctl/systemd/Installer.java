package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * install: plans every service first (nothing is touched while any of them has a problem), writes the units that
 * changed atomically, then drives systemd once per scope: one daemon-reload, one enable, one start, one restart.
 */
final class Installer {
    private final SystemdBackend backend;
    private final SystemdHost host;

    Installer(SystemdBackend backend, SystemdHost host) {
        this.backend = backend;
        this.host = host;
    }

    /** What install will do for one service. */
    private record Plan(ServiceSpec spec, boolean user, String unitPath, Path file, String content,
                        UnitFiles.Found found, Optional<UnitState> before, Action action, Optional<String> note,
                        SpecCopy.Target copy) {
        String unit() {
            return UnitFiles.unitName(spec.name());
        }

        boolean changed() {
            return action != Action.UNCHANGED;
        }

        boolean wasActive() {
            return before.map(UnitState::active).orElse(false);
        }
    }

    List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        boolean live = options.root().isEmpty();
        SystemdHost target = live ? host : host.withFiles(dev.svcctl.os.FileRoot.under(options.root().get()));
        Map<Boolean, List<ServiceSpec>> byScope = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (ServiceSpec spec : specs) {
            boolean user = options.user() || spec.scope() == Scope.USER;
            if (!seen.add((user ? "user:" : "system:") + spec.name())) {
                throw new BackendException(ExitCode.USAGE, "the service '" + spec.name() + "' is given twice",
                        "install each spec file once");
            }
            byScope.computeIfAbsent(user, u -> new ArrayList<>()).add(spec);
        }
        if (live) {
            Preconditions.systemdRunning(host);
            if (byScope.containsKey(false) && !options.dryRun()) {
                Preconditions.superuser(host, "installing system services");
            }
        }
        List<Plan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var entry : byScope.entrySet()) {
            plans.addAll(plan(entry.getValue(), entry.getKey(), options, target, live, problems));
        }
        if (!problems.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("\n", problems),
                    problems.stream().anyMatch(p -> p.contains("not written by svcctl"))
                            ? "svcctl never overwrites a unit it did not write; 'svcctl install --force' takes it"
                                    + " over and keeps a backup of the old file" : null);
        }
        if (options.dryRun()) {
            return plans.stream().map(p -> result(p, p.before().map(UnitState::state), Optional.of(
                    UnifiedDiff.of(p.found().kind() == UnitFiles.Kind.ABSENT ? "/dev/null" : p.unitPath(),
                            p.found().content(), p.unitPath(), p.content())).filter(d -> !d.isEmpty()))).toList();
        }
        for (Plan plan : plans) {
            write(plan, target);
        }
        if (!live) {
            for (Plan plan : plans) {
                RootEnablement.apply(target.files(), plan.user(), plan.spec().name(), plan.unitPath(), plan.content());
            }
            return plans.stream().map(p -> result(p, Optional.empty(), Optional.empty())).toList();
        }
        Map<String, UnitState> after = new LinkedHashMap<>();
        for (boolean user : byScope.keySet()) {
            List<Plan> scoped = plans.stream().filter(p -> p.user() == user).toList();
            after.putAll(apply(scoped, new Systemctl(host.runner(), user), options));
        }
        return plans.stream().map(p -> result(p, Optional.ofNullable(after.get(key(p))).map(UnitState::state),
                Optional.empty())).toList();
    }

    private static String key(Plan p) {
        return (p.user() ? "user:" : "system:") + p.unit();
    }

    private List<Plan> plan(List<ServiceSpec> specs, boolean user, InstallOptions options, SystemdHost target,
                            boolean live, List<String> problems) throws BackendException {
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
            String unitPath = UnitFiles.unitPath(spec.name(), user);
            Path file = target.files().resolve(unitPath);
            String content;
            try {
                content = backend.render(spec, new RenderOptions(host.svcctlCommand(), user)).artifacts().get(0).content();
            } catch (UnsupportedSpecException e) {
                problems.add(spec.name() + ": " + e.getMessage());
                continue;
            }
            UnitFiles.Found found;
            try {
                found = UnitFiles.read(file);
            } catch (IOException e) {
                problems.add(spec.name() + ": cannot read " + file + ": " + e.getMessage());
                continue;
            }
            SpecCopy.Target copy;
            try {
                copy = SpecCopy.target(spec, target.files().resolve(UnitFiles.specPath(spec.name(), user)));
            } catch (IOException e) {
                problems.add(spec.name() + ": cannot read its spec copy: " + e.getMessage());
                continue;
            }
            Plan plan = decide(spec, user, unitPath, file, content, found, before, options, target, copy, problems);
            if (plan != null) {
                plans.add(plan);
            }
        }
        return plans;
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

    private static Plan decide(ServiceSpec spec, boolean user, String unitPath, Path file, String content,
                               UnitFiles.Found found, Optional<UnitState> before, InstallOptions options,
                               SystemdHost target, SpecCopy.Target copy, List<String> problems) {
        String name = spec.name();
        Optional<String> note = Optional.empty();
        Action action;
        switch (found.kind()) {
            case LINK -> {
                problems.add(name + ": " + file + " is a symbolic link; svcctl does not write through links");
                return null;
            }
            case FOREIGN -> {
                if (!options.force()) {
                    problems.add(name + ": " + file + " was not written by svcctl (it has no svcctl-managed marker)");
                    return null;
                }
                action = Action.UPDATED;
                note = Optional.of("took over the existing unit; the old file is kept as " + backupPath(file));
            }
            case MANAGED -> {
                if (found.content().equals(content)) {
                    Optional<String> pending = pending(found, before);
                    if (pending.isEmpty() && !copy.current()) {
                        // 'svcctl run --name' reads the copy when the service starts: a restart applies it.
                        pending = Optional.of("rewrote the spec copy " + copy.path() + ", which was changed or missing");
                    }
                    action = pending.isPresent() ? Action.UPDATED : Action.UNCHANGED;
                    note = pending;
                } else {
                    action = Action.UPDATED;
                    if (found.drift()) {
                        note = Optional.of("repaired hand edits of " + unitPath);
                    }
                }
            }
            default -> {
                String elsewhere = before.filter(UnitState::loaded).map(UnitState::fragmentPath).orElse("");
                if (!elsewhere.isEmpty() && !target.files().resolve(elsewhere).equals(file)) {
                    if (!options.force()) {
                        problems.add(name + ": " + UnitFiles.unitName(name) + " is already defined by " + elsewhere
                                + ", which was not written by svcctl");
                        return null;
                    }
                    note = Optional.of("overrides " + elsewhere + ", which is left as it is");
                }
                action = Action.CREATED;
            }
        }
        return new Plan(spec, user, unitPath, file, content, found, before, action, note, copy);
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
        if (state.active() && state.mainStarted().isPresent() && found.modified().isPresent()
                && state.mainStarted().get().isBefore(found.modified().get())) {
            return Optional.of("completed an earlier install: the running program predates this unit");
        }
        return Optional.empty();
    }

    static Path backupPath(Path unitFile) {
        return unitFile.resolveSibling(unitFile.getFileName() + UnitFiles.BACKUP_SUFFIX);
    }

    private void write(Plan plan, SystemdHost target) throws BackendException {
        if (!plan.changed()) {
            return;
        }
        try {
            AtomicWriter writer = new AtomicWriter(host.pauses());
            if (!plan.copy().current()) {
                // Before the unit: a unit that runs 'svcctl run --name' must never find its spec missing.
                writer.write(plan.copy().path(), plan.copy().text().getBytes(StandardCharsets.UTF_8), "rw-r--r--",
                        "spec");
            }
            if (plan.found().content().equals(plan.content())) {
                return;
            }
            if (plan.found().kind() == UnitFiles.Kind.FOREIGN) {
                Files.copy(plan.file(), backupPath(plan.file()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            createLogDirectories(plan, target);
            writer.write(plan.file(), plan.content().getBytes(StandardCharsets.UTF_8), "rw-r--r--", "unit");
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot write the files of " + plan.spec().name(), e);
        }
    }

    /**
     * systemd opens {@code StandardOutput=append:FILE} before it creates {@code LogsDirectory=} (observed on 252:
     * exit status 209/STDOUT), so the directories of a unit's log files are made here. They are never removed.
     */
    private static void createLogDirectories(Plan plan, SystemdHost target) throws IOException {
        for (String file : LogsReader.logFiles(plan.content(), plan.user())) {
            Path dir = target.files().resolve(file).getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
        }
    }

    /** Drives one scope's manager; answers the states afterwards by unit key. */
    private Map<String, UnitState> apply(List<Plan> plans, Systemctl systemctl, InstallOptions options)
            throws BackendException {
        if (plans.isEmpty()) {
            return Map.of();
        }
        boolean reload = plans.stream().anyMatch(p -> p.changed() && !p.found().content().equals(p.content())
                || p.before().map(UnitState::needsDaemonReload).orElse(false));
        if (reload) {
            systemctl.daemonReload();
        }
        host.pauses().at("daemon-reloaded");
        List<String> enable = new ArrayList<>();
        List<String> disable = new ArrayList<>();
        for (Plan p : plans) {
            boolean wanted = p.spec().startup() == Startup.AUTO || p.spec().startup() == Startup.DELAYED;
            boolean enabled = p.before().map(UnitState::enabled).orElse(false);
            if (wanted && (!enabled || p.changed())) {
                enable.add(p.unit());
            } else if (!wanted && enabled) {
                disable.add(p.unit());
            }
        }
        if (!enable.isEmpty()) {
            // reenable also refreshes the links of an updated unit whose [Install] section changed.
            systemctl.reenable(enable);
        }
        systemctl.disable(disable);
        host.pauses().at("enabled");
        List<String> start = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (Plan p : plans) {
            if (p.wasActive()) {
                if (p.changed() && !options.noRestart()) {
                    restart.add(p.unit());
                }
            } else if (!options.noStart() && p.spec().startup() != Startup.DISABLED) {
                start.add(p.unit());
            }
        }
        BackendException refused = null;
        try {
            systemctl.start(start);
        } catch (BackendException e) {
            refused = onlyIfJobFailed(e);
        }
        try {
            systemctl.restart(restart);
        } catch (BackendException e) {
            refused = refused != null ? refused : onlyIfJobFailed(e);
        }
        host.pauses().at("started");
        List<String> units = plans.stream().map(Plan::unit).toList();
        List<UnitState> states = start.isEmpty() && restart.isEmpty()
                ? systemctl.show(units) : Settling.await(systemctl, units, host.settleBound());
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
        Map<String, UnitState> byKey = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            byKey.put(key(plans.get(i)), states.get(i));
        }
        return byKey;
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
