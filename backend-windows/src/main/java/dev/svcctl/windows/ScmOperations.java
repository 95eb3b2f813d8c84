package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.install.Existing;
import dev.svcctl.install.EnablementChoice;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.InstalledFiles;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.install.ServicePlan;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.state.SupervisedStatus;
import dev.svcctl.windows.host.ServiceHostStateMachine;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.scm.ScmException;
import dev.svcctl.windows.scm.ServiceConfig;
import dev.svcctl.windows.scm.ServiceHandle;
import dev.svcctl.windows.scm.ServiceManager;
import dev.svcctl.windows.scm.ServiceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * install, uninstall, start, stop, restart, status and list through the {@link Scm} port. Ownership: svcctl only
 * ever changes or deletes a service whose registry key carries its marker value (see ScmRegistration).
 */
final class ScmOperations {
    static final Duration POLL = Duration.ofMillis(250);
    static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    /** Waits between status polls; tests pass one that does not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Scm scm;
    private final InstallEngine engine;
    private final Function<String, String> environment;
    private final Sleeper sleeper;

    ScmOperations(Scm scm, InstallEngine engine, Function<String, String> environment, Sleeper sleeper) {
        this.scm = scm;
        this.engine = engine;
        this.environment = environment;
        this.sleeper = sleeper;
    }

    /**
     * What install will do for one service: the engine's plan of its stored spec, and the service as SCM has it
     * now ({@code actual} empty when there is none; {@code owned} when it carries svcctl's marker).
     */
    record Plan(ServiceSpec spec, ScmRegistration registration, ServicePlan files, Optional<ServiceConfig> actual,
                boolean owned, boolean running, Optional<Boolean> chosen) {
        Plan(ServiceSpec spec, ScmRegistration registration, ServicePlan files, Optional<ServiceConfig> actual,
             boolean owned, boolean running) {
            this(spec, registration, files, actual, owned, running, Optional.empty());
        }

        /** The rendered registration, with the start type 'svcctl enable/disable' chose while startup is the same. */
        ServiceConfig desired() {
            ServiceConfig rendered = ServiceConfig.of(registration);
            if (chosen.isEmpty() || chosen.get() == (rendered.startType() == ScmRegistration.StartType.AUTO)) {
                return rendered;
            }
            return rendered.withStartType(chosen.get() ? ScmRegistration.StartType.AUTO
                    : ScmRegistration.StartType.DEMAND);
        }

        boolean registrationChanges() {
            return actual.isEmpty() || !owned || !desired().isSatisfiedBy(actual.get());
        }

        boolean changed() {
            return registrationChanges() || files.changed();
        }

        InstallResult.Action action() {
            return actual.isEmpty() ? InstallResult.Action.CREATED
                    : changed() ? InstallResult.Action.UPDATED : InstallResult.Action.UNCHANGED;
        }

        /** The stored spec's diff, then the registration's as canonical text (see ServiceConfig#toText). */
        Optional<String> diff() {
            String registrationDiff = !registrationChanges() ? "" : RegistrationDiffs.of(registryKey(spec.name()),
                    actual.map(ServiceConfig::toText), actual.map(desired()::over).orElse(desired()).toText());
            String all = files.diff().orElse("") + registrationDiff;
            return all.isEmpty() ? Optional.empty() : Optional.of(all);
        }

        Optional<String> note() {
            List<String> notes = new ArrayList<>();
            files.note().ifPresent(notes::add);
            if (actual.isPresent() && !owned) {
                notes.add("took over SCM service " + spec.name() + "; its configuration is kept in "
                        + WindowsPaths.scmBackupFile(spec.name()) + ", and uninstall puts it back");
            } else if (actual.isPresent() && registrationChanges() && !files.changed()) {
                notes.add("repaired SCM service " + spec.name() + ", changed outside svcctl ("
                        + String.join(", ", changedKeys(actual.get().toText(), desired().over(actual.get())
                                .toText())) + ")");
            }
            return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
        }

        InstallResult result(boolean dryRun) {
            return new InstallResult(spec.name(), action(), "SCM service " + spec.name(), Optional.empty(),
                    dryRun ? diff() : Optional.empty(), note());
        }
    }

    static String registryKey(String name) {
        return "HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name;
    }

    /** The keys of the lines that only one of two canonical texts has, those of {@code after} first. */
    static List<String> changedKeys(String before, String after) {
        List<String> old = before.lines().toList();
        List<String> now = after.lines().toList();
        Set<String> keys = new LinkedHashSet<>();
        for (String line : java.util.stream.Stream.concat(now.stream(), old.stream()).toList()) {
            if ((!old.contains(line) || !now.contains(line)) && line.indexOf(": ") > 0) {
                keys.add(line.substring(0, line.indexOf(": ")));
            }
        }
        return List.copyOf(keys);
    }

    /** Plans one service; a service of that name that svcctl did not create is a problem without --force. */
    Plan plan(ServiceSpec spec, ScmRegistration registration, Rendering rendering, boolean force,
              List<String> problems) throws BackendException {
        ServicePlan files = engine.plan(rendering, List.of(), force, problems);
        try (ServiceManager manager = scm.connect(Scm.Access.ALL)) {
            Optional<ServiceHandle> existing = openIfExists(manager, spec.name(), Scm.Access.ALL);
            if (existing.isEmpty()) {
                return new Plan(spec, registration, files, Optional.empty(), false, false);
            }
            try (ServiceHandle h = existing.get()) {
                boolean owned = manager.readMarker(spec.name()).isPresent();
                if (!owned && !force) {
                    problems.add("service '" + spec.name() + "' exists and was not created by svcctl");
                }
                return new Plan(spec, registration, files, Optional.of(h.queryConfig()), owned,
                        h.query().state() != ServiceState.State.STOPPED,
                        owned ? chosenEnablement(engine, WindowsPaths.specFile(spec.name()), spec)
                                : Optional.empty());
            }
        } catch (ScmException e) {
            throw ScmErrors.translate(e, spec.name());
        }
    }

    static final String TAKE_OVER_HINT = "svcctl changes only its own services; pick another name, or take it over"
            + " with --force (uninstall puts its old configuration back)";

    /**
     * Registers the service (create, or change in place), then lets the engine write the stored spec, then starts
     * or restarts it. A service created here is deleted again when the spec cannot be written.
     */
    InstallResult apply(Plan plan, InstallOptions options) throws BackendException {
        return register(plan, options).start();
    }

    /**
     * The first half of {@link #apply}: registers the service and writes its stored spec; what is left (a start, a
     * restart, or nothing) is the returned {@link Registered}. Install registers every service before it starts
     * any: the first start of a shared group launches its host process, whose dispatcher table is fixed then, so
     * a service of the group registered after that start could not run there (1083).
     */
    Registered register(Plan plan, InstallOptions options) throws BackendException {
        ServiceSpec spec = plan.spec();
        ScmRegistration registration = plan.registration();
        String marker = ManagedMarker.of(spec.fingerprint(), String.valueOf(registration.toMap())).text();
        try (ServiceManager manager = scm.connect(Scm.Access.ALL)) {
            if (plan.actual().isEmpty()) {
                create(manager, plan, marker);
                return new Registered(plan, options.noStart() ? Then.NOTHING : Then.START);
            }
            try (ServiceHandle h = manager.open(spec.name(), Scm.Access.ALL)) {
                if (!plan.changed()) {
                    return new Registered(plan, !options.noStart() && h.query().state() == ServiceState.State.STOPPED
                            ? Then.START : Then.NOTHING);
                }
                if (!plan.owned()) {
                    keepBackup(spec.name(), plan.actual().get(), plan.running());
                }
                withPassword(registration, password -> h.changeConfig(plan.desired(), password));
                grantLogonRight(manager, registration);
                manager.writeMarker(spec.name(), marker);
                applyEventSource(manager, registration);
                engine.apply(List.of(plan.files()));
                boolean running = h.query().state() != ServiceState.State.STOPPED;
                Then then = running && !options.noRestart() ? Then.RESTART
                        : !running && !options.noStart() ? Then.START : Then.NOTHING;
                return new Registered(plan, then);
            }
        } catch (ScmException e) {
            throw ScmErrors.translate(e, spec.name());
        }
    }

    private enum Then { NOTHING, START, RESTART }

    /** A service registered and written by {@link #register}; {@link #start} does what install still owes it. */
    final class Registered {
        private final Plan plan;
        private final Then then;

        private Registered(Plan plan, Then then) {
            this.plan = plan;
            this.then = then;
        }

        /** Starts (or stops and starts) the service as install asked; the install result either way. */
        InstallResult start() throws BackendException {
            if (then == Then.NOTHING) {
                return plan.result(false);
            }
            ServiceSpec spec = plan.spec();
            try (ServiceManager manager = scm.connect(Scm.Access.ALL);
                 ServiceHandle h = manager.open(spec.name(), Scm.Access.ALL)) {
                if (then == Then.RESTART) {
                    stopAndWait(h, spec.stop().timeout(), startWait(spec.readiness()));
                }
                return startInGroup(manager, h, plan, plan.result(false));
            } catch (ScmException e) {
                throw ScmErrors.translate(e, spec.name());
            }
        }
    }

    /**
     * Starts the installed service. A shared service (platform.windows.serviceHost: shared) whose group's host
     * process already runs without it in its dispatcher table (it was installed, or moved into the group, after that
     * process started) cannot start there: SCM answers 1083 (ERROR_SERVICE_NOT_IN_EXE). Install never stops the
     * other services of the group to make room; the service stays installed and stopped, and the result says so
     * and how to start it (stop the group's running services, then start them all: a new host process has every
     * installed service of the group in its table).
     */
    private InstallResult startInGroup(ServiceManager manager, ServiceHandle h, Plan plan, InstallResult result)
            throws ScmException {
        try {
            h.start();
            return result;
        } catch (ScmException e) {
            if (e.code() != ScmException.ERROR_SERVICE_NOT_IN_EXE || plan.registration().serviceGroup().isEmpty()) {
                throw e;
            }
        }
        List<String> running = runningInProcessOf(manager, plan.registration().binaryPath(), plan.spec().name());
        String names = running.isEmpty() ? "its other services" : String.join(" ", running);
        String note = plan.spec().name() + " is installed but not started: the host process of its service group "
                + plan.registration().serviceGroup().get() + " runs " + names + " and was started before "
                + plan.spec().name() + " joined the group, so it cannot run it (1083); to start it now: svcctl stop "
                + names + ", then svcctl start " + names + " " + plan.spec().name()
                + " (it also starts with the group's next host process)";
        String all = result.note().map(n -> n + "; " + note).orElse(note);
        return new InstallResult(result.name(), result.action(), result.location(), result.state(), result.diff(),
                Optional.of(all), result.formerSource());
    }

    /** svcctl's services with this binary path (a shared group's) that run now, except {@code except}. */
    private static List<String> runningInProcessOf(ServiceManager manager, String binaryPath, String except)
            throws ScmException {
        List<String> running = new ArrayList<>();
        for (String name : manager.serviceNames()) {
            if (name.equalsIgnoreCase(except) || manager.readMarker(name).isEmpty()) {
                continue;
            }
            try (ServiceHandle other = manager.open(name, Scm.Access.ALL)) {
                if (other.queryConfig().binaryPath().equals(binaryPath)
                        && other.query().state() != ServiceState.State.STOPPED) {
                    running.add(name);
                }
            }
        }
        return running;
    }

    /** The first takeover's configuration, and whether it ran: what uninstall puts back. */
    private void keepBackup(String name, ServiceConfig actual, boolean running) throws BackendException {
        String backup = WindowsPaths.scmBackupFile(name);
        if (!engine.read(backup).absent()) {
            return;
        }
        String text = actual.toText() + RUNNING_KEY + running + "\n";
        try {
            engine.files().write(backup, text.getBytes(StandardCharsets.UTF_8), Artifact.MODE_FILE, "backup");
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot keep the configuration of service '" + name
                    + "' in " + engine.files().describe(backup) + ": " + e.getMessage(), "nothing was changed", e);
        }
    }

    private static final String RUNNING_KEY = "running: ";

    /**
     * CreateService, the marker, then the stored spec; if a later step fails the new service is deleted again, so
     * no service that svcctl created is left behind unmarked or without its spec.
     */
    private void create(ServiceManager manager, Plan plan, String marker) throws ScmException, BackendException {
        ScmRegistration registration = plan.registration();
        ServiceHandle[] created = new ServiceHandle[1];
        withPassword(registration, password -> created[0] = manager.create(plan.desired(), password));
        try (ServiceHandle h = created[0]) {
            try {
                manager.writeMarker(plan.spec().name(), marker);
                grantLogonRight(manager, registration);
                applyEventSource(manager, registration);
                engine.apply(List.of(plan.files()));
            } catch (ScmException | BackendException e) {
                h.delete();
                throw e;
            }
        }
    }

    private interface PasswordUse {
        void accept(Optional<char[]> password) throws ScmException;
    }

    /** The password lives only for the call, from the variable passwordEnv names; it is never stored or printed. */
    private void withPassword(ScmRegistration registration, PasswordUse use) throws ScmException, BackendException {
        Optional<String> variable = registration.account().passwordEnv();
        if (!registration.account().needsPassword() || variable.isEmpty()) {
            use.accept(Optional.empty());
            return;
        }
        String value = environment.apply(variable.get());
        if (value == null) {
            throw new BackendException(ExitCode.FAILED, "the environment variable " + variable.get()
                    + " (platform.windows.passwordEnv) is not set", "set it to the password of "
                    + registration.account().startName() + " for the install command only");
        }
        char[] password = value.toCharArray();
        try {
            use.accept(Optional.of(password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void grantLogonRight(ServiceManager manager, ScmRegistration registration) throws ScmException {
        if (registration.account().needsLogonRight()) {
            manager.grantServiceLogonRight(registration.account().lookupName());
        }
    }

    /** The service's Event Log source follows platform.windows.eventLog (see ScmRegistration.EVENT_SOURCE_KEY). */
    private static void applyEventSource(ServiceManager manager, ScmRegistration registration) throws ScmException {
        if (registration.eventLog()) {
            manager.registerEventSource(registration.serviceName(), ScmRegistration.EVENT_MESSAGE_FILE);
        } else {
            manager.removeEventSource(registration.serviceName());
        }
    }

    /**
     * Stops and deletes svcctl's service, or, for a service that install --force took over, puts its old
     * configuration back (and starts it again if it ran) instead of deleting it. The stored spec goes, the logs
     * stay. Answers what was put back.
     */
    Optional<String> uninstall(String name, boolean dryRun) throws BackendException {
        String backupFile = WindowsPaths.scmBackupFile(name);
        try (ServiceManager manager = scm.connect(Scm.Access.ALL)) {
            Existing backup;
            try (ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
                requireOwned(manager, name);
                backup = engine.read(backupFile);
                Optional<ServiceConfig> kept = backup.absent() ? Optional.empty()
                        : Optional.of(keptConfiguration(backupFile, backup));
                if (dryRun) {
                    return Optional.empty();
                }
                if (h.query().state() != ServiceState.State.STOPPED) {
                    stopAndWait(h, name);
                }
                if (kept.isEmpty()) {
                    h.delete();
                } else {
                    h.changeConfig(kept.get(), Optional.empty());
                    manager.removeMarker(name);
                }
            }
            manager.removeEventSource(name);
            engine.remove(name, List.of(WindowsPaths.specFile(name),
                    EnablementChoice.path(WindowsPaths.specFile(name)),
                    SpecCopy.sourcePath(WindowsPaths.specFile(name))));
            if (backup.absent()) {
                return Optional.empty();
            }
            boolean ran = backup.text().contains("\n" + RUNNING_KEY + "true\n");
            if (ran) {
                try (ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
                    h.start();
                }
            }
            engine.files().delete(backupFile);
            return Optional.of("SCM service " + name + " has its configuration from before svcctl took it over"
                    + (ran ? " and runs again" : ""));
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot remove " + engine.files().describe(backupFile)
                    + ": " + e.getMessage(), null, e);
        }
    }

    private ServiceConfig keptConfiguration(String backupFile, Existing backup) throws BackendException {
        try {
            return ServiceConfig.parse(backup.text());
        } catch (IllegalArgumentException e) {
            throw new BackendException(ExitCode.FAILED, "cannot read the configuration kept in "
                    + engine.files().describe(backupFile) + ": " + e.getMessage(), "put the service back with sc.exe"
                    + " config, then delete that file and uninstall again");
        }
    }

    /**
     * What 'svcctl enable/disable' chose for a service, while the spec being installed has the same startup as the
     * stored one; a choice made under another startup is forgotten (the spec decides again).
     */
    static Optional<Boolean> chosenEnablement(InstallEngine engine, String specPath, ServiceSpec spec)
            throws BackendException {
        if (EnablementChoice.read(engine, specPath).isEmpty()) {
            return Optional.empty();
        }
        Optional<ServiceSpec> stored;
        try {
            stored = SpecCopy.read(engine, specPath);
        } catch (InvalidSpecException unreadable) {
            stored = Optional.empty();
        }
        return EnablementChoice.kept(engine, specPath,
                stored.isPresent() && stored.get().startup() == spec.startup());
    }

    /** enable (start type auto) or disable (demand) of svcctl's own service; says whether it changed. */
    Enablement enable(String name, boolean on) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            ServiceConfig config = h.queryConfig();
            boolean enabled = config.startType() == ScmRegistration.StartType.AUTO;
            if (enabled != on) {
                h.changeConfig(config.withStartType(on ? ScmRegistration.StartType.AUTO
                        : ScmRegistration.StartType.DEMAND), Optional.empty());
            }
            EnablementChoice.write(engine, WindowsPaths.specFile(name), on);
            return new Enablement(name, on, enabled != on);
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        }
    }

    /**
     * What is installed for svcctl's service: its SCM registration as SCM has it (the canonical text install's
     * diff shows, after the registry key), then its stored spec.
     */
    List<Artifact> installed(String name) throws BackendException {
        // QueryServiceConfig needs more than the status read access; the stored spec is the administrators' anyway.
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            List<Artifact> all = new ArrayList<>();
            all.add(new Artifact(registryKey(name), h.queryConfig().toText(), Artifact.MODE_FILE));
            all.addAll(InstalledFiles.read(engine, List.of(WindowsPaths.specFile(name))));
            return all;
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        }
    }

    void start(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            try {
                h.start();
            } catch (ScmException e) {
                if (e.code() != ScmException.ERROR_SERVICE_NOT_IN_EXE) {
                    throw e;
                }
                throw notInHost(e, name, runningInProcessOf(manager, h.queryConfig().binaryPath(), name));
            }
        } catch (ScmException e) {
            if (e.code() != ScmException.ERROR_SERVICE_ALREADY_RUNNING) {
                throw ScmErrors.translate(e, name);
            }
        }
    }

    /** 1083 at start, with the hint naming the running services of the group's host process (status does not). */
    private static BackendException notInHost(ScmException e, String name, List<String> running) {
        BackendException general = ScmErrors.translate(e, name);
        if (running.isEmpty()) {
            return general;
        }
        String names = String.join(" ", running);
        return new BackendException(general.exitCode(), general.getMessage(), "its group's host process runs "
                + names + ": svcctl stop " + names + ", then svcctl start " + names + " " + name
                + " (a new host process runs them all)", e);
    }

    void stop(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            stopAndWait(h, name);
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        }
    }

    void restart(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            stopAndWait(h, name);
            h.start();
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        }
    }

    ServiceStatus status(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.READ)) {
            Optional<ServiceHandle> h = openIfExists(manager, name, Scm.Access.READ);
            if (h.isEmpty()) {
                return ServiceStatus.notInstalled(name, WindowsBackend.ID);
            }
            try (ServiceHandle handle = h.get()) {
                ServiceStatus status = toStatus(name, handle.query(),
                        manager.readMarker(name).isPresent() && drift(manager, name));
                // Every service svcctl installs runs its service host, which keeps the supervisor's state file.
                return SupervisedStatus.merge(status, List.of(WindowsPaths.onHost(WindowsPaths.stateFile(name),
                        environment)));
            }
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        }
    }

    /**
     * Whether the stored spec was edited by hand, or the service was changed outside svcctl (sc.exe config,
     * services.msc) so that it no longer is what the stored spec renders to. Reading the configuration takes
     * rights a user without elevation lacks; then only the stored spec is checked.
     */
    private boolean drift(ServiceManager manager, String name) throws ScmException, BackendException {
        String specFile = WindowsPaths.specFile(name);
        if (engine.drift(List.of(specFile))) {
            return true;
        }
        Existing stored = engine.read(specFile);
        if (stored.absent()) {
            return true;
        }
        ServiceConfig wanted;
        try {
            ServiceSpec spec = SpecLoader.parse(specFile, stored.text()).spec();
            wanted = ServiceConfig.of(RegistrationRenderer.render(spec, WindowsBackend.launch(RenderOptions.DEFAULT, true)));
        } catch (InvalidSpecException | UnsupportedSpecException unreadable) {
            return true;
        }
        try (ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            return !wanted.isSatisfiedBy(h.queryConfig());
        } catch (ScmException e) {
            if (e.code() == ScmException.ERROR_ACCESS_DENIED) {
                return false;
            }
            throw e;
        }
    }

    List<ServiceStatus> list() throws BackendException {
        List<ServiceStatus> out = new ArrayList<>();
        try (ServiceManager manager = scm.connect(Scm.Access.READ)) {
            for (String name : manager.serviceNames()) {
                Optional<String> marker;
                try {
                    marker = manager.readMarker(name);
                } catch (ScmException gone) {
                    continue;
                }
                if (marker.isPresent()) {
                    out.add(status(name));
                }
            }
        } catch (ScmException e) {
            throw ScmErrors.translate(e, "*");
        }
        return out;
    }

    static ServiceStatus toStatus(String name, ServiceState s, boolean drift) {
        dev.svcctl.backend.ServiceState state = switch (s.state()) {
            case RUNNING -> dev.svcctl.backend.ServiceState.RUNNING;
            case START_PENDING, CONTINUE_PENDING -> dev.svcctl.backend.ServiceState.STARTING;
            case STOP_PENDING, PAUSE_PENDING -> dev.svcctl.backend.ServiceState.STOPPING;
            case STOPPED, PAUSED -> s.win32ExitCode() != 0 ? dev.svcctl.backend.ServiceState.FAILED
                    : dev.svcctl.backend.ServiceState.STOPPED;
        };
        Optional<ServiceStatus.LastExit> lastExit = Optional.empty();
        if (s.state() == ServiceState.State.STOPPED && s.win32ExitCode() != 0) {
            int code = s.win32ExitCode() == ERROR_SERVICE_SPECIFIC_ERROR ? s.serviceSpecificExitCode()
                    : s.win32ExitCode();
            lastExit = Optional.of(new ServiceStatus.LastExit(OptionalInt.of(code), Optional.empty()));
        }
        return new ServiceStatus(name, WindowsBackend.ID, state, s.pid(), Optional.<Instant>empty(),
                OptionalInt.empty(), lastExit, Optional.empty(), OptionalLong.empty(), drift);
    }

    /** SCM's "the service ended with its own code", which is then in dwServiceSpecificExitCode. */
    static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

    private static Optional<ServiceHandle> openIfExists(ServiceManager manager, String name, Scm.Access access)
            throws ScmException {
        try {
            return Optional.of(manager.open(name, access));
        } catch (ScmException e) {
            if (e.code() == ScmException.ERROR_SERVICE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void requireOwned(ServiceManager manager, String name) throws ScmException, BackendException {
        if (manager.readMarker(name).isEmpty()) {
            throw new BackendException(ExitCode.FAILED, "service '" + name + "' was not created by svcctl",
                    "svcctl leaves services it did not create alone; use sc.exe or services.msc");
        }
    }

    /** The stored spec of an installed service; empty when it is missing or cannot be read. */
    private Optional<ServiceSpec> storedSpec(String name) {
        try {
            Existing stored = engine.read(WindowsPaths.specFile(name));
            if (!stored.absent()) {
                return Optional.of(SpecLoader.parse(WindowsPaths.specFile(name), stored.text()).spec());
            }
        } catch (BackendException | InvalidSpecException unreadable) {
            // as if there were none
        }
        return Optional.empty();
    }

    /** Stops an installed service with the timeouts of its stored spec, or the spec defaults. */
    private void stopAndWait(ServiceHandle h, String name) throws ScmException, BackendException {
        Optional<ServiceSpec> spec = storedSpec(name);
        stopAndWait(h, spec.map(s -> s.stop().timeout()).orElse(dev.svcctl.spec.StopSpec.DEFAULT.timeout()),
                startWait(spec.flatMap(ServiceSpec::readiness)));
    }

    /**
     * How long a stop waits for a start in progress to settle: the wait hint the host gives SCM while
     * START_PENDING (readiness.timeout + 5 s, or 10 s) plus {@link #STOP_MARGIN}.
     */
    static Duration startWait(Optional<dev.svcctl.spec.ReadinessSpec> readiness) {
        return ServiceHostStateMachine.startWaitHint(readiness).plus(STOP_MARGIN);
    }

    /**
     * Asks the service to stop (the host stops the program) and waits up to its stop timeout plus a margin. SCM
     * refuses the stop with 1061 (ERROR_SERVICE_CANNOT_ACCEPT_CTRL) while the service is START_PENDING (the host
     * accepts no control before the program is ready) or STOP_PENDING: a pending start is waited for first, up to
     * {@code startWait}; a stop already under way is only waited for.
     */
    private void stopAndWait(ServiceHandle h, Duration timeout, Duration startWait)
            throws ScmException, BackendException {
        ServiceState.State state = awaitStartSettled(h, startWait);
        if (state == ServiceState.State.STOPPED) {
            return;
        }
        if (state != ServiceState.State.STOP_PENDING) {
            try {
                h.stop();
            } catch (ScmException e) {
                if (e.code() != ScmException.ERROR_SERVICE_NOT_ACTIVE) {
                    throw e;
                }
            }
        }
        long polls = timeout.plus(STOP_MARGIN).toMillis() / POLL.toMillis();
        for (long i = 0; i <= polls; i++) {
            if (h.query().state() == ServiceState.State.STOPPED) {
                return;
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new BackendException(ExitCode.FAILED, "service '" + h.name() + "' did not stop within "
                + timeout.plus(STOP_MARGIN).toSeconds() + "s", "see the Windows Event Log for svcctl");
    }

    /** Polls while the service is START_PENDING, up to {@code startWait}; answers the state it settled in. */
    private ServiceState.State awaitStartSettled(ServiceHandle h, Duration startWait)
            throws ScmException, BackendException {
        long polls = startWait.toMillis() / POLL.toMillis();
        for (long i = 0; i <= polls; i++) {
            ServiceState.State state = h.query().state();
            if (state != ServiceState.State.START_PENDING) {
                return state;
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new BackendException(ExitCode.FAILED, "service '" + h.name() + "' is still starting after "
                + startWait.toSeconds() + "s, and SCM takes no stop before its start has ended",
                "try again once it runs or has failed; see the Windows Event Log for svcctl");
    }
}
