package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.NotInstalledException;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.Existing;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.InstalledFiles;
import dev.svcctl.install.ServicePlan;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.state.SupervisedStatus;
import java.util.OptionalInt;
import java.util.OptionalLong;
import dev.svcctl.backend.Secrets;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.install.StepPauses;
import dev.svcctl.logs.LogStream;
import dev.svcctl.logs.ServiceLogFiles;
import dev.svcctl.logs.ServiceLogs;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.host.WindowsServiceHost;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.tasks.SchtasksTaskScheduler;
import dev.svcctl.windows.tasks.TaskScheduler;
import dev.svcctl.windows.runkey.RunKeyAutostart;
import dev.svcctl.windows.runkey.UserRegistry;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Windows: one SCM service per spec whose binary path runs {@code svcctl host --name NAME}, plus the spec stored under
 * %ProgramData%\svcctl\services for that host. Construction, {@link #detect}, {@link #check} and {@link #render} never
 * load JNA: the CLI starts fast and renders on any host.
 */
public final class WindowsBackend implements Backend {
    public static final String ID = "windows";
    /** Loaded by name so that no JNA class is touched before an operation needs the real SCM. */
    static final String JNA_SCM = "dev.svcctl.windows.jna.JnaScm";

    private static final Supplier<Scm> DEFAULT_SCM = WindowsBackend::jnaScm;
    private static final Supplier<TaskScheduler> DEFAULT_TASKS = WindowsBackend::schtasks;
    private final Supplier<Scm> scm;
    private final Supplier<TaskScheduler> tasks;
    private final Function<Optional<Path>, ArtifactFiles> files;
    private final Function<String, String> environment;
    private final ScmOperations.Sleeper sleeper;
    private final Supplier<UserRegistry> registry;
    static final String JNA_REGISTRY = "dev.svcctl.windows.jna.JnaUserRegistry";
    private static final Supplier<UserRegistry> DEFAULT_REGISTRY = WindowsBackend::jnaRegistry;

    public WindowsBackend() {
        this(DEFAULT_SCM, WindowsBackend::hostFiles, System::getenv, d -> Thread.sleep(d.toMillis()));
    }

    WindowsBackend(Supplier<Scm> scm, Function<Optional<Path>, ArtifactFiles> files,
                   Function<String, String> environment, ScmOperations.Sleeper sleeper) {
        this(scm, DEFAULT_TASKS, files, environment, sleeper);
    }

    WindowsBackend(Supplier<Scm> scm, Supplier<TaskScheduler> tasks, Function<Optional<Path>, ArtifactFiles> files,
                   Function<String, String> environment, ScmOperations.Sleeper sleeper) {
        this(scm, tasks, DEFAULT_REGISTRY, files, environment, sleeper);
    }

    WindowsBackend(Supplier<Scm> scm, Supplier<TaskScheduler> tasks, Supplier<UserRegistry> registry,
                   Function<Optional<Path>, ArtifactFiles> files, Function<String, String> environment,
                   ScmOperations.Sleeper sleeper) {
        this.scm = scm;
        this.tasks = tasks;
        this.registry = registry;
        this.files = files;
        this.environment = environment;
        this.sleeper = sleeper;
    }

    private static UserRegistry jnaRegistry() {
        try {
            return (UserRegistry) Class.forName(JNA_REGISTRY).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Windows registry binding: " + e, e);
        }
    }

    private RunKeyAutostart runKey() throws BackendException {
        if (registry == DEFAULT_REGISTRY && !detect(Host.CURRENT)) {
            throw unavailable();
        }
        return new RunKeyAutostart(registry.get());
    }

    /** Whether svcctl installed {@code name} as a Run-key autostart (user scope), rather than as a task. */
    private boolean inRunKey(String name) throws BackendException {
        if (registry == DEFAULT_REGISTRY && !detect(Host.CURRENT)) {
            return false; // no registry here: the task path answers (a model's, or "unavailable")
        }
        try {
            return runKey().installed(name);
        } catch (UserRegistry.RegistryException e) {
            throw registryFailed(e, name);
        }
    }

    /** start, stop, restart, enable and disable act on tasks; a Run value only starts the program at logon. */
    private void refuseRunKey(String name) throws BackendException {
        if (inRunKey(name)) {
            throw new BackendException(ExitCode.FAILED, "'" + name + "' starts at logon from the Run key, which"
                    + " svcctl cannot start, stop, enable or disable", "'svcctl run --name " + name + "' runs it now"
                    + " (Ctrl-C stops it); use userAutostart: task for a service svcctl controls");
        }
    }

    private static BackendException registryFailed(UserRegistry.RegistryException e, String name) {
        return new BackendException(ExitCode.FAILED, e.getMessage() + " for '" + name + "'",
                "check that HKCU\\" + RunKeyAutostart.RUN_KEY + " is writable for you", e);
    }

    private static Scm jnaScm() {
        try {
            return (Scm) Class.forName(JNA_SCM).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Windows SCM binding: " + e, e);
        }
    }

    /** The host's files as Windows places them (see WindowsPaths#onHost), or everything under --root. */
    private static ArtifactFiles hostFiles(Optional<Path> root) {
        StepPauses pauses = StepPauses.fromEnvironment();
        return root.isPresent() ? LocalArtifactFiles.under(root.get(), pauses)
                : LocalArtifactFiles.mapped(path -> WindowsPaths.onHost(path, System::getenv), pauses);
    }

    /**
     * schtasks.exe from System32. The UTF-16 copy of the XML it is handed goes to a directory of its own: the task
     * XML under svcctl\tasks is the one install writes through the engine.
     */
    private static TaskScheduler schtasks() {
        String systemRoot = Optional.ofNullable(System.getenv("SystemRoot")).orElse("C:\\Windows");
        String localAppData = Optional.ofNullable(System.getenv("LOCALAPPDATA"))
                .orElse(System.getProperty("user.home") + "\\AppData\\Local");
        return new SchtasksTaskScheduler(new CommonsExecProcessRunner(), systemRoot + "\\System32\\schtasks.exe",
                Path.of(localAppData, "svcctl", "schtasks"), Path::toString);
    }

    private TaskOperations taskOperations(InstallEngine engine) throws BackendException {
        if (tasks == DEFAULT_TASKS && !detect(Host.CURRENT)) {
            throw unavailable();
        }
        return new TaskOperations(tasks.get(), engine, sleeper);
    }

    private BackendException unavailable() {
        return new BackendException(ExitCode.UNAVAILABLE, "the Windows backend can only act on a Windows host"
                + " (this is " + Host.CURRENT.osName() + ")", "'svcctl render --backend windows' works anywhere");
    }

    private ScmOperations operations(InstallEngine engine) throws BackendException {
        if (scm == DEFAULT_SCM && !detect(Host.CURRENT)) {
            throw unavailable();
        }
        return new ScmOperations(scm.get(), engine, environment, sleeper);
    }

    private InstallEngine engine(Optional<Path> root) {
        return new InstallEngine(files.apply(root));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean detect(Host host) {
        return host.osName().startsWith("Windows");
    }

    @Override
    public List<SpecProblem> check(ServiceSpec spec) {
        return WindowsSpecCheck.check(spec);
    }

    @Override
    public Rendering render(ServiceSpec spec, RenderOptions options) throws UnsupportedSpecException {
        List<SpecProblem> problems = check(spec);
        if (!problems.isEmpty()) {
            throw new UnsupportedSpecException(problems);
        }
        WindowsLaunch launch = launch(options, spec.scope() == Scope.SYSTEM);
        if (spec.scope() == Scope.USER) {
            return spec.platform().windows().userAutostart() == PlatformSpec.UserAutostart.RUN_KEY
                    ? renderRunKey(spec, launch) : renderUserTask(spec, launch);
        }
        ScmRegistration registration = RegistrationRenderer.render(spec, launch);
        return new Rendering(ID, spec.name(), List.of(SpecCopy.of(spec, WindowsPaths.specFile(spec.name()))),
                registration.toMap());
    }

    /** scope: user: the task XML and the spec under the user's profile; registration says how the task runs. */
    private Rendering renderUserTask(ServiceSpec spec, WindowsLaunch launch) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("kind", "scheduled-task");
        registration.put("taskName", ScheduledTaskRenderer.taskName(spec));
        registration.put("trigger", spec.startup() == Startup.MANUAL ? "none" : "logon");
        if (spec.startup() == Startup.DELAYED) {
            registration.put("logonDelay", ScheduledTaskRenderer.DELAYED_LOGON);
        }
        String logonUser = ScheduledTaskRenderer.logonUser(environment);
        if (spec.startup() != Startup.MANUAL) {
            registration.put("logonUser", logonUser);
        }
        registration.put("enabled", spec.startup() != Startup.DISABLED);
        registration.put("priority", ScheduledTaskRenderer.PRIORITY);
        registration.put("command", launch.javawExe());
        registration.put("arguments", ScheduledTaskRenderer.arguments(spec, launch));
        registration.put("programCommandLine", WindowsCommandLine.of(spec.argv()));
        hostSettings(spec, registration);
        String taskXml = ScheduledTaskRenderer.render(spec, launch, logonUser);
        Artifact task = new Artifact(TaskOperations.taskXmlPath(spec.name()), ScheduledTaskRenderer.withMarkerComment(
                taskXml, ManagedMarker.of(spec.fingerprint(), taskXml)), Artifact.MODE_FILE);
        return new Rendering(ID, spec.name(), List.of(task, SpecCopy.of(spec, TaskOperations.specPath(spec.name()))),
                registration);
    }

    /**
     * scope: user with userAutostart: runKey: the spec under the user's profile and a REG_SZ value NAME under
     * HKCU\...\Run holding javaw's command line (%LOCALAPPDATA% expanded when known: a REG_SZ is not expanded).
     */
    private Rendering renderRunKey(ServiceSpec spec, WindowsLaunch launch) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("kind", "run-key");
        registration.put("runKey", "HKCU\\" + RunKeyAutostart.RUN_KEY);
        registration.put("valueName", spec.name());
        registration.put("valueType", "REG_SZ");
        registration.put("command", runKeyCommand(spec, launch));
        registration.put("programCommandLine", WindowsCommandLine.of(spec.argv()));
        registration.put("ownershipMarker", "HKCU\\" + RunKeyAutostart.MARKER_KEY + "\\" + spec.name());
        hostSettings(spec, registration);
        return new Rendering(ID, spec.name(), List.of(SpecCopy.of(spec, TaskOperations.specPath(spec.name()))),
                registration);
    }

    /** What svcctl run applies to the program at logon as the service host does: job limits, stop methods. */
    private static void hostSettings(ServiceSpec spec, Map<String, Object> registration) {
        JobLimits limits = JobLimits.of(spec);
        registration.put("jobLimits", limits.toMap());
        limits.priorityClass().ifPresent(p -> registration.put("priorityClass", p.key()));
        registration.put("stopMethods", dev.svcctl.windows.host.StopPlan.of(spec).methods().stream()
                .map(PlatformSpec.StopMethod::key).toList());
    }

    private String runKeyCommand(ServiceSpec spec, WindowsLaunch launch) {
        String line = WindowsCommandLine.of(List.of(launch.javawExe())) + " "
                + ScheduledTaskRenderer.arguments(spec, launch);
        String localAppData = environment.apply("LOCALAPPDATA");
        return localAppData == null ? line : line.replace("%LOCALAPPDATA%", localAppData);
    }

    /** One service to install: its spec as installed, its rendering, and for the SCM its registration. */
    private record Wanted(ServiceSpec spec, boolean user, Rendering rendering, ScmRegistration registration) {
        String specPath() {
            return user ? TaskOperations.specPath(spec.name()) : WindowsPaths.specFile(spec.name());
        }
    }

    /**
     * Plans every service (the engine for the files, the SCM or Task Scheduler for the registration) and changes
     * nothing while any has a problem; then registers and writes each. With --root only the files are written.
     */
    @Override
    public List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        List<Wanted> wanted = new ArrayList<>();
        // An install --svcctl-path is refused by launch() as render's is.
        RenderOptions renderOptions = new RenderOptions(options.svcctlPath().orElse(RenderOptions.DEFAULT_SVCCTL),
                false);
        for (ServiceSpec given : specs) {
            boolean user = options.user() || given.scope() == Scope.USER;
            ServiceSpec spec = user ? userScoped(given) : given;
            try {
                wanted.add(new Wanted(spec, user, Secrets.render(this, spec, renderOptions),
                        user ? null : RegistrationRenderer.render(spec, launch(renderOptions, true))));
            } catch (UnsupportedSpecException e) {
                SpecProblem first = e.problems().get(0);
                throw new BackendException(ExitCode.INVALID_SPEC, first.keyPath() + ": " + first.message(),
                        first.hint().orElse(null));
            }
        }
        InstallEngine engine = engine(options.root());
        List<String> locks = wanted.stream().map(w -> InstallEngine.lockPath(w.specPath())).toList();
        return engine.whileLocked(locks, !options.dryRun() && options.root().isEmpty(), () -> {
            // where each spec came from: compared with the last install's, recorded once this one is done
            List<Optional<String>> former = new ArrayList<>();
            for (Wanted w : wanted) {
                former.add(SpecCopy.formerSource(engine, w.specPath(), options.source(w.spec().name())));
            }
            List<InstallResult> results = options.root().isPresent() ? installFiles(wanted, engine, options)
                    : installLive(wanted, engine, options);
            List<InstallResult> reported = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (!options.dryRun()) {
                    SpecCopy.recordSource(engine, wanted.get(i).specPath(), options.source(wanted.get(i).spec().name()));
                }
                reported.add(results.get(i).withFormerSource(former.get(i)));
            }
            return reported;
        });
    }

    /** --root (packaging): the files only; nothing is registered. */
    private static List<InstallResult> installFiles(List<Wanted> wanted, InstallEngine engine, InstallOptions options)
            throws BackendException {
        List<ServicePlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Wanted w : wanted) {
            plans.add(engine.plan(w.rendering(), List.of(), options.force(), problems));
        }
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        if (!options.dryRun()) {
            engine.apply(plans);
        }
        return plans.stream().map(p -> new InstallResult(p.service(), p.action(), p.location(), Optional.empty(),
                options.dryRun() ? p.diff() : Optional.empty(), p.note())).toList();
    }

    /**
     * One service planned, and how its activator (SCM or Task Scheduler) carries the plan out: {@code carryOut}
     * registers it and writes its files, and returns what is left to do, its start.
     */
    private interface Planned {
        Started carryOut() throws BackendException;
    }

    /** The second half of a service's install: its start (nothing for a task or a Run value), and its result. */
    private interface Started {
        InstallResult start() throws BackendException;
    }

    private List<InstallResult> installLive(List<Wanted> wanted, InstallEngine engine, InstallOptions options)
            throws BackendException {
        List<Planned> planned = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Wanted w : wanted) {
            if (w.user() && w.spec().platform().windows().userAutostart() == PlatformSpec.UserAutostart.RUN_KEY) {
                planned.add(planRunKey(w, engine, options, problems));
            } else if (w.user()) {
                TaskOperations operations = taskOperations(engine);
                TaskOperations.Plan plan = operations.plan(w.spec(), w.rendering(), options.force(), problems);
                planned.add(() -> done(options.dryRun() ? plan.result(true) : operations.apply(plan, options)));
            } else {
                ScmOperations operations = operations(engine);
                ScmOperations.Plan plan = operations.plan(w.spec(), w.registration(), w.rendering(), options.force(),
                        problems);
                planned.add(() -> options.dryRun() ? done(plan.result(true))
                        : operations.register(plan, options)::start);
            }
        }
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        // every service registered and written before any starts: the first start of a shared group launches its
        // host process, whose dispatcher table holds the group's services installed at that moment
        List<Started> registered = new ArrayList<>();
        for (Planned service : planned) {
            registered.add(service.carryOut());
        }
        List<InstallResult> results = new ArrayList<>();
        for (Started service : registered) {
            results.add(service.start());
        }
        return results;
    }

    /**
     * A Run-key autostart: the spec copy through the engine, the Run value through {@link RunKeyAutostart} (a value
     * svcctl did not write is a problem, reported with the others before anything changes). It starts at the next
     * logon: install does not start it now.
     */
    private Planned planRunKey(Wanted w, InstallEngine engine, InstallOptions options, List<String> problems)
            throws BackendException {
        String name = w.spec().name();
        RunKeyAutostart runKey = runKey();
        ServicePlan files = engine.plan(w.rendering(), List.of(), options.force(), problems);
        String command = (String) w.rendering().registration().get("command");
        try {
            if (runKey.state(name) == RunKeyAutostart.State.FOREIGN && !options.force()) {
                problems.add("the Run value '" + name + "' under HKCU\\" + RunKeyAutostart.RUN_KEY
                        + " was not created by svcctl");
            }
        } catch (UserRegistry.RegistryException e) {
            throw registryFailed(e, name);
        }
        return () -> done(runKeyApplied(w, engine, options, runKey, files, command));
    }

    private static Started done(InstallResult result) {
        return () -> result;
    }

    private static InstallResult runKeyApplied(Wanted w, InstallEngine engine, InstallOptions options,
            RunKeyAutostart runKey, ServicePlan files, String command) throws BackendException {
        String name = w.spec().name();
        try {
            RunKeyAutostart.Outcome outcome = runKey.apply(name, command, w.spec().fingerprint(),
                    options.force(), true);
            if (!options.dryRun()) {
                engine.apply(List.of(files));
                runKey.apply(name, command, w.spec().fingerprint(), options.force(), false);
            }
            InstallResult.Action action = outcome == RunKeyAutostart.Outcome.UNCHANGED
                    && files.action() == InstallResult.Action.UNCHANGED ? InstallResult.Action.UNCHANGED
                    : outcome == RunKeyAutostart.Outcome.CREATED ? InstallResult.Action.CREATED
                    : InstallResult.Action.UPDATED;
            return new InstallResult(name, action, "HKCU\\" + RunKeyAutostart.RUN_KEY + "\\" + name,
                    Optional.empty(), options.dryRun() ? files.diff() : Optional.empty(),
                    Optional.of("starts at your next logon (Run key); 'svcctl run --name " + name
                            + "' runs it now"));
        } catch (UserRegistry.RegistryException e) {
            throw registryFailed(e, name);
        } catch (RunKeyAutostart.ForeignValueException e) {
            throw new BackendException(ExitCode.FAILED, e.getMessage(), RUN_KEY_TAKE_OVER_HINT);
        }
    }

    static final String RUN_KEY_TAKE_OVER_HINT = "svcctl leaves Run values it did not write alone; pick another name,"
            + " or use --force to take it over";

    /** The engine's refusal, with the hint for a service or task that svcctl did not create. */
    private static BackendException refused(List<String> problems) {
        BackendException refused = InstallEngine.refused(problems);
        String problem = String.join("\n", problems);
        if (problem.contains("service '") && problem.contains("not created by svcctl")) {
            return new BackendException(ExitCode.FAILED, refused.getMessage(), ScmOperations.TAKE_OVER_HINT);
        }
        if (problem.contains("the Run value '") && problem.contains("not created by svcctl")) {
            return new BackendException(ExitCode.FAILED, refused.getMessage(), RUN_KEY_TAKE_OVER_HINT);
        }
        if (problem.contains("scheduled task '") && problem.contains("not created by svcctl")) {
            return new BackendException(ExitCode.FAILED, refused.getMessage(), TaskOperations.TAKE_OVER_HINT);
        }
        return refused;
    }

    /** The spec with scope: user, for --user with a spec that does not say so. */
    static ServiceSpec userScoped(ServiceSpec s) {
        if (s.scope() == Scope.USER) {
            return s;
        }
        return s.toBuilder().scope(Scope.USER).build();
    }

    @Override
    public List<Artifact> installedFiles(String name, boolean user) throws BackendException {
        InstallEngine engine = engine(Optional.empty());
        if (user && inRunKey(name)) {
            return InstalledFiles.read(engine, List.of(TaskOperations.specPath(name)));
        }
        return user ? taskOperations(engine).installed(name) : operations(engine).installed(name);
    }

    @Override
    public List<Enablement> enable(List<String> names, boolean user) throws BackendException {
        return setEnabled(names, user, true);
    }

    @Override
    public List<Enablement> disable(List<String> names, boolean user) throws BackendException {
        return setEnabled(names, user, false);
    }

    /** SCM: start type auto (enable) or demand (disable); user scope: the at-logon task enabled or disabled. */
    private List<Enablement> setEnabled(List<String> names, boolean user, boolean on) throws BackendException {
        InstallEngine engine = engine(Optional.empty());
        List<Enablement> results = new ArrayList<>();
        if (user) {
            TaskOperations operations = taskOperations(engine);
            for (String name : names) {
                refuseRunKey(name);
                results.add(operations.enable(name, on));
            }
        } else {
            ScmOperations operations = operations(engine);
            for (String name : names) {
                results.add(operations.enable(name, on));
            }
        }
        return results;
    }

    @Override
    public List<String> uninstall(List<String> names, InstallOptions options) throws BackendException {
        InstallEngine engine = engine(options.root());
        List<String> locks = names.stream().map(name -> InstallEngine.lockPath(options.user()
                ? TaskOperations.specPath(name) : WindowsPaths.specFile(name))).toList();
        return engine.whileLocked(locks, !options.dryRun() && options.root().isEmpty(), () -> {
            List<String> restored = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<BackendException> absent = new ArrayList<>();
            if (options.root().isPresent()) {
                uninstallFiles(names, options, engine);
            } else {
                TaskOperations tasks = options.user() ? taskOperations(engine) : null;
                ScmOperations scm = options.user() ? null : operations(engine);
                for (String name : names) {
                    try {
                        if (tasks != null && inRunKey(name)) {
                            uninstallRunKey(name, options.dryRun(), engine);
                            continue;
                        }
                        (tasks != null ? tasks.uninstall(name, options.dryRun())
                                : scm.uninstall(name, options.dryRun())).ifPresent(restored::add);
                    } catch (BackendException e) {
                        if (e.exitCode() != ExitCode.NOT_INSTALLED) {
                            throw e;
                        }
                        missing.add(name);
                        absent.add(e);
                    }
                }
            }
            if (!missing.isEmpty()) {
                // one name: the SCM's or the task scheduler's own words; several: one line naming them
                throw new NotInstalledException(missing, restored, absent.size() == 1 ? absent.get(0).getMessage()
                        : String.join(", ", missing) + " are not installed", absent.size() == 1
                        ? absent.get(0).hint().orElse(null) : "'svcctl list" + (options.user() ? " --user" : "")
                        + "' shows what is");
            }
            return restored;
        });
    }

    /** A Run-key autostart: the Run value and svcctl's record of it, then the spec copy and its source record. */
    private void uninstallRunKey(String name, boolean dryRun, InstallEngine engine) throws BackendException {
        try {
            runKey().remove(name, dryRun);
        } catch (UserRegistry.RegistryException e) {
            throw registryFailed(e, name);
        } catch (RunKeyAutostart.ForeignValueException e) {
            throw new BackendException(ExitCode.FAILED, e.getMessage(), RUN_KEY_TAKE_OVER_HINT);
        }
        if (!dryRun) {
            engine.remove(name, List.of(TaskOperations.specPath(name)));
            engine.remove(name, List.of(SpecCopy.sourcePath(TaskOperations.specPath(name))));
        }
    }

    /** --root: svcctl's files of each service go; nothing is registered there, so nothing else is done. */
    private static void uninstallFiles(List<String> names, InstallOptions options, InstallEngine engine)
            throws BackendException {
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!engine.owns(name, ownedPaths(name, options.user()), problems)) {
                missing.add(name);
            }
        }
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        if (!options.dryRun()) {
            for (String name : names) {
                if (!missing.contains(name)) {
                    engine.remove(name, ownedPaths(name, options.user()));
                    engine.remove(name, List.of(SpecCopy.sourcePath(options.user() ? TaskOperations.specPath(name)
                            : WindowsPaths.specFile(name))));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new NotInstalledException(missing, List.of(), "not installed under "
                    + options.root().get() + ": " + String.join(", ", missing), "'svcctl list' shows what is");
        }
    }

    private static List<String> ownedPaths(String name, boolean user) {
        return user ? List.of(TaskOperations.taskXmlPath(name), TaskOperations.specPath(name))
                : List.of(WindowsPaths.specFile(name));
    }

    @Override
    public void start(List<String> names, boolean user) throws BackendException {
        forEach(names, user, ScmOperations::start, TaskOperations::start);
    }

    @Override
    public void stop(List<String> names, boolean user) throws BackendException {
        forEach(names, user, ScmOperations::stop, TaskOperations::stop);
    }

    @Override
    public void restart(List<String> names, boolean user) throws BackendException {
        forEach(names, user, ScmOperations::restart, TaskOperations::restart);
    }

    /** One SCM (or, for user scope, Task Scheduler) operation on each named service, in order; the first failure
     * ends the run. */
    private void forEach(List<String> names, boolean user, ServiceAction<ScmOperations> action,
                         ServiceAction<TaskOperations> taskAction) throws BackendException {
        if (user) {
            TaskOperations operations = taskOperations(engine(Optional.empty()));
            for (String name : names) {
                refuseRunKey(name);
                taskAction.apply(operations, name);
            }
            return;
        }
        ScmOperations operations = operations(engine(Optional.empty()));
        for (String name : names) {
            action.apply(operations, name);
        }
    }

    @FunctionalInterface
    private interface ServiceAction<O> {
        void apply(O operations, String name) throws BackendException;
    }

    @Override
    public List<ServiceStatus> status(List<String> names, boolean user) throws BackendException {
        List<ServiceStatus> out = new ArrayList<>();
        if (user) {
            TaskOperations operations = taskOperations(engine(Optional.empty()));
            for (String name : names) {
                out.add(inRunKey(name) ? runKeyStatus(name) : operations.status(name));
            }
            return out;
        }
        ScmOperations operations = operations(engine(Optional.empty()));
        for (String name : names) {
            out.add(operations.status(name));
        }
        return out;
    }

    /**
     * A Run-key autostart: enabled (it starts at logon), drift when the Run value was edited by hand, and whether it
     * runs from the state file of its {@code svcctl run} (stopped without one).
     */
    private ServiceStatus runKeyStatus(String name) throws BackendException {
        try {
            boolean drift = runKey().state(name) != RunKeyAutostart.State.OURS;
            ServiceStatus status = new ServiceStatus(name, ID, ServiceState.STOPPED, OptionalLong.empty(),
                    Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(true), OptionalLong.empty(),
                    drift);
            return SupervisedStatus.merge(status, List.of(SvcctlPaths.current().stateFile(name)));
        } catch (UserRegistry.RegistryException e) {
            throw registryFailed(e, name);
        }
    }

    @Override
    public List<ServiceStatus> list(boolean user) throws BackendException {
        InstallEngine engine = engine(Optional.empty());
        if (!user) {
            return operations(engine).list();
        }
        List<ServiceStatus> out = new ArrayList<>(taskOperations(engine).list());
        if (registry != DEFAULT_REGISTRY || detect(Host.CURRENT)) {
            try {
                for (String name : runKey().installedNames()) {
                    out.add(runKeyStatus(name));
                }
            } catch (UserRegistry.RegistryException e) {
                throw registryFailed(e, "HKCU\\" + RunKeyAutostart.MARKER_KEY);
            }
        }
        return out;
    }

    /**
     * The rotated files the service host (or, for a user task, {@code svcctl run}) writes, located by the same
     * {@link ServiceLogFiles} the writer uses, read with common's one reader. Windows has no journal: a stream that
     * does not go to a file is not kept anywhere svcctl can show.
     */
    @Override
    public void logs(String name, LogStream stream, int lines, boolean follow, boolean user, OutputStream out)
            throws BackendException {
        String specPath = user ? TaskOperations.specPath(name) : WindowsPaths.specFile(name);
        Existing stored = engine(Optional.empty()).read(specPath);
        if (stored.kind() != Existing.Kind.FILE) {
            throw new BackendException(ExitCode.NOT_INSTALLED, name + " is not installed" + (user ? " as a user task"
                    : " as a service") + " (no " + specPath + ")", "'svcctl list" + (user ? " --user" : "")
                    + "' shows what svcctl installed");
        }
        ServiceSpec spec;
        try {
            spec = SpecLoader.parse(specPath, stored.text()).spec();
        } catch (InvalidSpecException e) {
            throw new BackendException(ExitCode.FAILED, "the stored spec of " + name + " (" + specPath
                    + ") cannot be read, so where its logs are is unknown", "install the service again");
        }
        ServiceLogFiles files = user ? ServiceLogFiles.of(spec, SvcctlPaths.current(), LogTarget.FILE)
                : WindowsServiceHost.settings(spec, Map.of()).logFiles(spec.logs());
        if (!files.writesFile(stream)) {
            throw new BackendException(ExitCode.FAILED, "the " + stream.base() + " of " + name
                    + " is not written to a file (" + stream.specKey() + ": "
                    + files.target(stream).name().toLowerCase(Locale.ROOT) + ")",
                    "set " + stream.specKey() + ": file to keep it");
        }
        Path dir = files.dir().orElseThrow();
        ServiceLogs.show(user ? dir : WindowsPaths.onHost(dir.toString(), environment), files.base(stream),
                spec.user(), lines, follow, out);
    }

    /**
     * How the service or task starts svcctl ({@link WindowsLaunch}). {@code --svcctl-path} names a launcher script,
     * which Windows cannot use as a service binary: it is refused in favour of --svcctl-home and --java-home. A
     * service's homes must be readable by its account and last ({@link WindowsLaunch#serviceProblem()}).
     */
    static WindowsLaunch launch(RenderOptions options, boolean service) throws UnsupportedSpecException {
        return launch(options, service, Host.CURRENT, System::getProperty,
                path -> java.nio.file.Files.isRegularFile(Path.of(path)));
    }

    static WindowsLaunch launch(RenderOptions options, boolean service, Host host,
                                java.util.function.UnaryOperator<String> systemProperties,
                                java.util.function.Predicate<String> isFile) throws UnsupportedSpecException {
        String command = options.svcctlCommand();
        if (command != null && !command.equals(RenderOptions.DEFAULT_SVCCTL)) {
            throw new UnsupportedSpecException(List.of(new SpecProblem("--svcctl-path", "the Windows backend runs"
                    + " svcctl's Java directly (the SCM cannot run bin\\svcctl.cmd), so it takes no launcher path",
                    "use --svcctl-home DIR (default " + WindowsLaunch.DEFAULT_HOME + ") and --java-home DIR")));
        }
        WindowsLaunch launch = WindowsLaunch.of(options, host, systemProperties, isFile);
        Optional<String> problem = launch.problem();
        if (problem.isPresent()) {
            throw new UnsupportedSpecException(List.of(new SpecProblem(problem.get().startsWith("--java")
                    ? "--java-home" : "--svcctl-home", problem.get(), WindowsLaunch.DEFAULT_HOME)));
        }
        Optional<String> unreadable = service ? launch.serviceProblem() : Optional.empty();
        if (unreadable.isPresent()) {
            throw new UnsupportedSpecException(List.of(new SpecProblem(unreadable.get().contains("the Java at")
                    ? "--java-home" : "--svcctl-home", unreadable.get(), WindowsLaunch.SERVICE_HINT)));
        }
        return launch;
    }
}
