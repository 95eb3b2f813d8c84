package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.scm.ScmException;
import dev.svcctl.windows.scm.ServiceConfig;
import dev.svcctl.windows.scm.ServiceHandle;
import dev.svcctl.windows.scm.ServiceManager;
import dev.svcctl.windows.scm.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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
    private final FileStore files;
    private final Function<String, String> environment;
    private final Sleeper sleeper;

    ScmOperations(Scm scm, FileStore files, Function<String, String> environment, Sleeper sleeper) {
        this.scm = scm;
        this.files = files;
        this.environment = environment;
        this.sleeper = sleeper;
    }

    InstallResult install(ServiceSpec spec, ScmRegistration registration, Artifact specFile, InstallOptions options)
            throws BackendException {
        ServiceConfig desired = ServiceConfig.of(registration);
        String marker = ManagedMarker.of(spec.fingerprint(), String.valueOf(registration.toMap())).text();
        String location = "SCM service " + spec.name();
        try (ServiceManager manager = scm.connect(Scm.Access.ALL)) {
            Optional<ServiceHandle> existing = openIfExists(manager, spec.name(), Scm.Access.ALL);
            if (existing.isEmpty()) {
                if (!options.dryRun()) {
                    create(manager, desired, registration, marker, specFile);
                    if (!options.noStart()) {
                        try (ServiceHandle h = manager.open(spec.name(), Scm.Access.ALL)) {
                            h.start();
                        }
                    }
                }
                return new InstallResult(spec.name(), InstallResult.Action.CREATED, location, Optional.empty(),
                        Optional.empty());
            }
            try (ServiceHandle h = existing.get()) {
                boolean owned = manager.readMarker(spec.name()).isPresent();
                if (!owned && !options.force()) {
                    throw new BackendException(ExitCode.FAILED, "service '" + spec.name() + "' exists and was not"
                            + " created by svcctl", "svcctl changes only its own services; pick another name, or"
                            + " take it over with --force (its old configuration is kept in a backup)");
                }
                ServiceConfig actual = h.queryConfig();
                boolean sameFile = files.read(specFile.installPath()).map(specFile.content()::equals).orElse(false);
                List<String> changed = differences(desired, actual);
                if (owned && changed.isEmpty() && sameFile) {
                    if (!options.dryRun() && !options.noStart() && h.query().state() == ServiceState.State.STOPPED) {
                        h.start();
                    }
                    return new InstallResult(spec.name(), InstallResult.Action.UNCHANGED, location,
                            Optional.empty(), Optional.empty());
                }
                if (!sameFile) {
                    changed.add("stored spec");
                }
                if (!options.dryRun()) {
                    if (!owned) {
                        files.write(backupPath(spec.name()), actual.toString() + "\n");
                    }
                    withPassword(registration, password -> h.changeConfig(desired, password));
                    grantLogonRight(manager, registration);
                    manager.writeMarker(spec.name(), marker);
                    applyEventSource(manager, registration);
                    files.write(specFile.installPath(), specFile.content());
                    boolean running = h.query().state() != ServiceState.State.STOPPED;
                    if (running && !options.noRestart()) {
                        stopAndWait(h, spec.stop().timeout());
                        h.start();
                    } else if (!running && !options.noStart()) {
                        h.start();
                    }
                }
                return new InstallResult(spec.name(), InstallResult.Action.UPDATED, location, Optional.empty(),
                        Optional.of(String.join(", ", changed)));
            }
        } catch (ScmException e) {
            throw ScmErrors.translate(e, spec.name());
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot write the stored spec of '" + spec.name() + "': "
                    + e.getMessage(), null, e);
        }
    }

    /**
     * CreateService, then the marker; if marking fails the new service is deleted again, so no unmarked service
     * that svcctl created is left behind.
     */
    private void create(ServiceManager manager, ServiceConfig desired, ScmRegistration registration, String marker,
                        Artifact specFile) throws ScmException, BackendException, IOException {
        ServiceHandle[] created = new ServiceHandle[1];
        withPassword(registration, password -> created[0] = manager.create(desired, password));
        try (ServiceHandle h = created[0]) {
            try {
                manager.writeMarker(desired.name(), marker);
                grantLogonRight(manager, registration);
                applyEventSource(manager, registration);
                files.write(specFile.installPath(), specFile.content());
            } catch (ScmException | IOException e) {
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
        if (registration.account().needsPassword()) {
            manager.grantServiceLogonRight(registration.account().startName());
        }
    }

    static String backupPath(String name) {
        return WindowsPaths.PROGRAM_DATA + "\\backups\\" + name + ".txt";
    }

    static List<String> differences(ServiceConfig desired, ServiceConfig actual) {
        List<String> changed = new ArrayList<>();
        if (!desired.displayName().equals(actual.displayName())) changed.add("displayName");
        if (!desired.binaryPath().equals(actual.binaryPath())) changed.add("binaryPath");
        if (desired.startType() != actual.startType()) changed.add("startType");
        if (desired.delayedAutoStart() != actual.delayedAutoStart()) changed.add("delayedAutoStart");
        if (!desired.account().equalsIgnoreCase(actual.account())) changed.add("account");
        if (!desired.dependencies().equals(actual.dependencies())) changed.add("dependencies");
        if (!desired.description().equals(actual.description())) changed.add("description");
        if (!desired.failureActions().equals(actual.failureActions())) changed.add("failureActions");
        if (desired.preshutdownTimeoutMs().isPresent()
                && !desired.preshutdownTimeoutMs().equals(actual.preshutdownTimeoutMs())) {
            changed.add("preshutdownTimeout");
        }
        if (desired.sidTypeUnrestricted() != actual.sidTypeUnrestricted()) changed.add("serviceSidType");
        return changed;
    }

    /** The service's Event Log source follows platform.windows.eventLog (see ScmRegistration.EVENT_SOURCE_KEY). */
    private static void applyEventSource(ServiceManager manager, ScmRegistration registration) throws ScmException {
        if (registration.eventLog()) {
            manager.registerEventSource(registration.serviceName(), ScmRegistration.EVENT_MESSAGE_FILE);
        } else {
            manager.removeEventSource(registration.serviceName());
        }
    }

    void uninstall(String name, boolean dryRun) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL)) {
            try (ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
                requireOwned(manager, name);
                if (dryRun) {
                    return;
                }
                if (h.query().state() != ServiceState.State.STOPPED) {
                    stopAndWait(h, storedStopTimeout(name));
                }
                h.delete();
            }
            manager.removeEventSource(name);
            // Logs under %ProgramData%\svcctl\logs stay; only the stored spec goes.
            files.delete(WindowsPaths.specFile(name));
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot remove the stored spec of '" + name + "': "
                    + e.getMessage(), null, e);
        }
    }

    void start(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            h.start();
        } catch (ScmException e) {
            if (e.code() != ScmException.ERROR_SERVICE_ALREADY_RUNNING) {
                throw ScmErrors.translate(e, name);
            }
        }
    }

    void stop(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            stopAndWait(h, storedStopTimeout(name));
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
        }
    }

    void restart(String name) throws BackendException {
        try (ServiceManager manager = scm.connect(Scm.Access.ALL);
             ServiceHandle h = manager.open(name, Scm.Access.ALL)) {
            requireOwned(manager, name);
            stopAndWait(h, storedStopTimeout(name));
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
                return toStatus(name, handle.query());
            }
        } catch (ScmException e) {
            throw ScmErrors.translate(e, name);
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

    static ServiceStatus toStatus(String name, ServiceState s) {
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
                OptionalInt.empty(), lastExit, Optional.empty(), OptionalLong.empty(), false);
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

    /** The stop timeout of the stored spec, or the spec default when it cannot be read. */
    private Duration storedStopTimeout(String name) {
        try {
            Optional<String> text = files.read(WindowsPaths.specFile(name));
            if (text.isPresent()) {
                return SpecLoader.parse(WindowsPaths.specFile(name), text.get()).spec().stop().timeout();
            }
        } catch (IOException | InvalidSpecException unreadable) {
            // fall through to the default
        }
        return dev.svcctl.spec.StopSpec.DEFAULT.timeout();
    }

    /** Asks the service to stop (the host stops the program) and waits up to its stop timeout plus a margin. */
    private void stopAndWait(ServiceHandle h, Duration timeout) throws ScmException, BackendException {
        try {
            h.stop();
        } catch (ScmException e) {
            if (e.code() != ScmException.ERROR_SERVICE_NOT_ACTIVE) {
                throw e;
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
}
