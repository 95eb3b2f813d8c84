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
import dev.svcctl.spec.SpecWriter;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.tasks.SchtasksTaskScheduler;
import dev.svcctl.windows.tasks.TaskScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Function<Optional<Path>, FileStore> files;
    private final Function<String, String> environment;
    private final ScmOperations.Sleeper sleeper;

    public WindowsBackend() {
        this(DEFAULT_SCM, FileStore::host, System::getenv, d -> Thread.sleep(d.toMillis()));
    }

    WindowsBackend(Supplier<Scm> scm, Function<Optional<Path>, FileStore> files,
                   Function<String, String> environment, ScmOperations.Sleeper sleeper) {
        this(scm, DEFAULT_TASKS, files, environment, sleeper);
    }

    WindowsBackend(Supplier<Scm> scm, Supplier<TaskScheduler> tasks, Function<Optional<Path>, FileStore> files,
                   Function<String, String> environment, ScmOperations.Sleeper sleeper) {
        this.scm = scm;
        this.tasks = tasks;
        this.files = files;
        this.environment = environment;
        this.sleeper = sleeper;
    }

    private static Scm jnaScm() {
        try {
            return (Scm) Class.forName(JNA_SCM).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Windows SCM binding: " + e, e);
        }
    }

    /** schtasks.exe from System32, with the XML it registers kept under %LOCALAPPDATA%\svcctl\tasks. */
    private static TaskScheduler schtasks() {
        String systemRoot = Optional.ofNullable(System.getenv("SystemRoot")).orElse("C:\\Windows");
        String localAppData = Optional.ofNullable(System.getenv("LOCALAPPDATA"))
                .orElse(System.getProperty("user.home") + "\\AppData\\Local");
        return new SchtasksTaskScheduler(new CommonsExecProcessRunner(), systemRoot + "\\System32\\schtasks.exe",
                Path.of(localAppData, "svcctl", "tasks"), Path::toString);
    }

    private TaskOperations taskOperations(Optional<Path> root) throws BackendException {
        if (tasks == DEFAULT_TASKS && !detect(Host.CURRENT)) {
            throw unavailable();
        }
        return new TaskOperations(tasks.get(), files.apply(root), sleeper);
    }

    private BackendException unavailable() {
        return new BackendException(ExitCode.UNAVAILABLE, "the Windows backend can only act on a Windows host"
                + " (this is " + Host.CURRENT.osName() + ")", "'svcctl render --backend windows' works anywhere");
    }

    private ScmOperations operations(Optional<Path> root) throws BackendException {
        if (scm == DEFAULT_SCM && !detect(Host.CURRENT)) {
            throw unavailable();
        }
        return new ScmOperations(scm.get(), files.apply(root), environment, sleeper);
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
        WindowsLaunch launch = launch(options);
        if (spec.scope() == Scope.USER) {
            return renderUserTask(spec, launch);
        }
        ScmRegistration registration = RegistrationRenderer.render(spec, launch);
        return new Rendering(ID, spec.name(), List.of(specArtifact(spec)), registration.toMap());
    }

    /** scope: user: the task XML and the spec under the user's profile; registration says how the task runs. */
    private static Rendering renderUserTask(ServiceSpec spec, WindowsLaunch launch) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("kind", "scheduled-task");
        registration.put("taskName", ScheduledTaskRenderer.taskName(spec));
        registration.put("trigger", spec.startup() == Startup.MANUAL ? "none" : "logon");
        if (spec.startup() == Startup.DELAYED) {
            registration.put("logonDelay", ScheduledTaskRenderer.DELAYED_LOGON);
        }
        registration.put("enabled", spec.startup() != Startup.DISABLED);
        registration.put("command", launch.javawExe());
        registration.put("arguments", ScheduledTaskRenderer.arguments(spec, launch));
        registration.put("programCommandLine", WindowsCommandLine.of(spec.argv()));
        String body = SpecWriter.write(spec);
        Artifact specFile = new Artifact(ScheduledTaskRenderer.USER_SPEC_INSTALL_DIR + spec.name() + ".yaml",
                "# " + ManagedMarker.of(spec.fingerprint(), body).text() + "\n" + body, Artifact.MODE_FILE);
        Artifact task = new Artifact(ScheduledTaskRenderer.USER_TASK_INSTALL_DIR + spec.name() + ".xml",
                ScheduledTaskRenderer.render(spec, launch), Artifact.MODE_FILE);
        return new Rendering(ID, spec.name(), List.of(task, specFile), registration);
    }

    @Override
    public List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        List<InstallResult> results = new ArrayList<>();
        for (ServiceSpec given : specs) {
            boolean user = options.user() || given.scope() == Scope.USER;
            ServiceSpec spec = user ? userScoped(given) : given;
            Rendering rendering;
            ScmRegistration registration;
            try {
                rendering = render(spec, RenderOptions.DEFAULT);
                registration = user ? null : RegistrationRenderer.render(spec, launch(RenderOptions.DEFAULT));
            } catch (UnsupportedSpecException e) {
                SpecProblem first = e.problems().get(0);
                throw new BackendException(ExitCode.INVALID_SPEC, first.keyPath() + ": " + first.message(),
                        first.hint().orElse(null));
            }
            if (user) {
                results.add(installTask(spec, rendering, options));
                continue;
            }
            Artifact specFile = rendering.artifacts().get(0);
            if (options.root().isPresent()) {
                results.add(writeUnderRoot(spec, specFile, options));
            } else {
                results.add(operations(Optional.empty()).install(spec, registration, specFile, options));
            }
        }
        return results;
    }

    /** scope: user: the at-logon task; with a root only its files are written (task XML and stored spec). */
    private InstallResult installTask(ServiceSpec spec, Rendering rendering, InstallOptions options)
            throws BackendException {
        Artifact taskXml = rendering.artifacts().get(0);
        Artifact specFile = rendering.artifacts().get(1);
        if (options.root().isPresent()) {
            InstallResult result = writeUnderRoot(spec, specFile, options);
            writeUnderRoot(spec, taskXml, options);
            return result;
        }
        return taskOperations(Optional.empty()).install(spec, taskXml, specFile, options);
    }

    /** The spec with scope: user, for --user with a spec that does not say so. */
    static ServiceSpec userScoped(ServiceSpec s) {
        if (s.scope() == Scope.USER) {
            return s;
        }
        return new ServiceSpec(s.name(), s.displayName(), s.description(), s.exec(), s.args(), s.workingDirectory(),
                s.user(), s.group(), s.env(), s.envFile(), Scope.USER, s.startup(), s.dependsOn(), s.after(),
                s.restart(), s.stop(), s.reloadSignal(), s.logs(), s.limits(), s.priority(), s.healthCheck(),
                s.supervisor(), s.platform());
    }

    /** Packaging: the stored spec goes under the root and nothing is registered. */
    private InstallResult writeUnderRoot(ServiceSpec spec, Artifact specFile, InstallOptions options)
            throws BackendException {
        FileStore store = files.apply(options.root());
        try {
            Optional<String> before = store.read(specFile.installPath());
            InstallResult.Action action = before.isEmpty() ? InstallResult.Action.CREATED
                    : before.get().equals(specFile.content()) ? InstallResult.Action.UNCHANGED
                    : InstallResult.Action.UPDATED;
            if (!options.dryRun() && action != InstallResult.Action.UNCHANGED) {
                store.write(specFile.installPath(), specFile.content());
            }
            return new InstallResult(spec.name(), action, specFile.installPath(), Optional.empty(), Optional.empty());
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot write " + specFile.installPath() + ": "
                    + e.getMessage(), null, e);
        }
    }

    @Override
    public void uninstall(List<String> names, InstallOptions options) throws BackendException {
        if (options.user()) {
            TaskOperations operations = taskOperations(options.root());
            for (String name : names) {
                operations.uninstall(name, options.dryRun());
            }
            return;
        }
        ScmOperations operations = operations(options.root());
        for (String name : names) {
            operations.uninstall(name, options.dryRun());
        }
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
            TaskOperations operations = taskOperations(Optional.empty());
            for (String name : names) {
                taskAction.apply(operations, name);
            }
            return;
        }
        ScmOperations operations = operations(Optional.empty());
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
            TaskOperations operations = taskOperations(Optional.empty());
            for (String name : names) {
                out.add(operations.status(name));
            }
            return out;
        }
        ScmOperations operations = operations(Optional.empty());
        for (String name : names) {
            out.add(operations.status(name));
        }
        return out;
    }

    @Override
    public List<ServiceStatus> list(boolean user) throws BackendException {
        return user ? taskOperations(Optional.empty()).list() : operations(Optional.empty()).list();
    }

    /**
     * How the service or task starts svcctl ({@link WindowsLaunch}). {@code --svcctl-path} names a launcher script,
     * which Windows cannot use as a service binary: it is refused in favour of --svcctl-home and --java-home.
     */
    static WindowsLaunch launch(RenderOptions options) throws UnsupportedSpecException {
        String command = options.svcctlCommand();
        if (command != null && !command.equals(RenderOptions.DEFAULT_SVCCTL)) {
            throw new UnsupportedSpecException(List.of(new SpecProblem("--svcctl-path", "the Windows backend runs"
                    + " svcctl's Java directly (the SCM cannot run bin\\svcctl.cmd), so it takes no launcher path",
                    "use --svcctl-home DIR (default " + WindowsLaunch.DEFAULT_HOME + ") and --java-home DIR")));
        }
        WindowsLaunch launch = WindowsLaunch.of(options, Host.CURRENT, System::getProperty);
        Optional<String> problem = launch.problem();
        if (problem.isPresent()) {
            throw new UnsupportedSpecException(List.of(new SpecProblem(problem.get().startsWith("--java")
                    ? "--java-home" : "--svcctl-home", problem.get(), WindowsLaunch.DEFAULT_HOME)));
        }
        return launch;
    }

    /** The spec as the service host reads it, with the ownership marker line every svcctl artifact carries. */
    static Artifact specArtifact(ServiceSpec spec) {
        String body = SpecWriter.write(spec);
        String marker = ManagedMarker.of(spec.fingerprint(), body).text();
        return new Artifact(WindowsPaths.specFile(spec.name()), "# " + marker + "\n" + body, Artifact.MODE_FILE);
    }
}
