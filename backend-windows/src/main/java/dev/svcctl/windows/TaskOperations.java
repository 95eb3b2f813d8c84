package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.tasks.RegisteredTask;
import dev.svcctl.windows.tasks.TaskException;
import dev.svcctl.windows.tasks.TaskScheduler;
import dev.svcctl.windows.tasks.TaskXmlFields;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code scope: user}: install, uninstall, start, stop, restart, status and list of at-logon tasks under
 * {@code \svcctl\} through the {@link TaskScheduler} port. Ownership: svcctl only changes, runs, ends or deletes a
 * task whose registered XML carries its marker in RegistrationInfo/Source.
 */
final class TaskOperations {
    private final TaskScheduler tasks;
    private final FileStore files;
    private final ScmOperations.Sleeper sleeper;

    TaskOperations(TaskScheduler tasks, FileStore files, ScmOperations.Sleeper sleeper) {
        this.tasks = tasks;
        this.files = files;
        this.sleeper = sleeper;
    }

    static String taskName(String service) {
        return ScheduledTaskRenderer.TASK_FOLDER + service;
    }

    static String specPath(String service) {
        return ScheduledTaskRenderer.USER_SPEC_INSTALL_DIR + service + ".yaml";
    }

    static String backupPath(String service) {
        return "~/AppData/Local/svcctl/backups/" + service + ".xml";
    }

    /** The rendered task XML with svcctl's marker added as RegistrationInfo/Source (the rendering has none). */
    static String withMarker(String taskXml, String marker) {
        String open = "<RegistrationInfo>";
        int at = taskXml.indexOf(open);
        if (at < 0) {
            throw new IllegalArgumentException("the task XML has no RegistrationInfo");
        }
        int end = at + open.length();
        return taskXml.substring(0, end) + "\n    <Source>" + marker + "</Source>" + taskXml.substring(end);
    }

    InstallResult install(ServiceSpec spec, Artifact taskXml, Artifact specFile, InstallOptions options)
            throws BackendException {
        String name = taskName(spec.name());
        ManagedMarker marker = ManagedMarker.of(spec.fingerprint(), taskXml.content());
        String desired = withMarker(taskXml.content(), marker.text());
        boolean enabled = TaskXmlFields.enabled(desired);
        String location = "scheduled task " + name;
        try {
            Optional<RegisteredTask> existing = tasks.query(name);
            if (existing.isEmpty()) {
                if (!options.dryRun()) {
                    boolean hadSpec = files.read(specFile.installPath()).isPresent();
                    files.write(specFile.installPath(), specFile.content());
                    try {
                        tasks.create(name, desired, false);
                    } catch (TaskException e) {
                        if (!hadSpec) {
                            files.delete(specFile.installPath());
                        }
                        throw e;
                    }
                    if (!options.noStart() && enabled) {
                        tasks.run(name);
                    }
                }
                return new InstallResult(spec.name(), InstallResult.Action.CREATED, location, Optional.empty(),
                        Optional.empty());
            }
            RegisteredTask task = existing.get();
            Optional<ManagedMarker> found = ManagedMarker.find(task.xml());
            if (found.isEmpty() && !options.force()) {
                throw new BackendException(ExitCode.FAILED, "scheduled task '" + name + "' exists and was not created"
                        + " by svcctl", "svcctl changes only its own tasks; pick another name, or take it over with"
                        + " --force (its old XML is kept in a backup)");
            }
            List<String> changed = new ArrayList<>();
            if (!found.equals(Optional.of(marker))) {
                changed.add("task");
            } else if (task.enabled() != enabled) {
                changed.add("enabled");
            }
            if (!files.read(specFile.installPath()).map(specFile.content()::equals).orElse(false)) {
                changed.add("stored spec");
            }
            if (changed.isEmpty()) {
                if (!options.dryRun() && !options.noStart() && enabled && !task.running()) {
                    tasks.run(name);
                }
                return new InstallResult(spec.name(), InstallResult.Action.UNCHANGED, location, Optional.empty(),
                        Optional.empty());
            }
            if (!options.dryRun()) {
                if (found.isEmpty()) {
                    files.write(backupPath(spec.name()), task.xml());
                }
                files.write(specFile.installPath(), specFile.content());
                tasks.create(name, desired, true);
                if (task.running() && !options.noRestart()) {
                    endAndWait(name, spec.stop().timeout());
                    if (enabled) {
                        tasks.run(name);
                    }
                } else if (!task.running() && !options.noStart() && enabled) {
                    tasks.run(name);
                }
            }
            return new InstallResult(spec.name(), InstallResult.Action.UPDATED, location, Optional.empty(),
                    Optional.of(String.join(", ", changed)),
                    found.isEmpty() ? Optional.of("taken over; the old task XML is in " + backupPath(spec.name()))
                            : Optional.empty());
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot write the stored spec of '" + spec.name() + "': "
                    + e.getMessage(), null, e);
        }
    }

    void uninstall(String service, boolean dryRun) throws BackendException {
        String name = taskName(service);
        try {
            RegisteredTask task = owned(name);
            if (dryRun) {
                return;
            }
            if (task.running()) {
                endAndWait(name, storedStopTimeout(service));
            }
            tasks.delete(name);
            // The logs stay; the stored spec and the XML that was registered go.
            files.delete(specPath(service));
            files.delete(ScheduledTaskRenderer.USER_TASK_INSTALL_DIR + service + ".xml");
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot remove the stored spec of '" + service + "': "
                    + e.getMessage(), null, e);
        }
    }

    void start(String service) throws BackendException {
        String name = taskName(service);
        try {
            owned(name);
            tasks.run(name);
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    void stop(String service) throws BackendException {
        String name = taskName(service);
        try {
            owned(name);
            endAndWait(name, storedStopTimeout(service));
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    void restart(String service) throws BackendException {
        String name = taskName(service);
        try {
            owned(name);
            endAndWait(name, storedStopTimeout(service));
            tasks.run(name);
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    ServiceStatus status(String service) throws BackendException {
        String name = taskName(service);
        try {
            Optional<RegisteredTask> task = tasks.query(name);
            if (task.isEmpty()) {
                return ServiceStatus.notInstalled(service, WindowsBackend.ID);
            }
            return toStatus(service, task.get());
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    List<ServiceStatus> list() throws BackendException {
        List<ServiceStatus> out = new ArrayList<>();
        try {
            for (String name : tasks.list(ScheduledTaskRenderer.TASK_FOLDER)) {
                Optional<RegisteredTask> task = tasks.query(name);
                if (task.isPresent() && ManagedMarker.find(task.get().xml()).isPresent()) {
                    out.add(toStatus(name.substring(ScheduledTaskRenderer.TASK_FOLDER.length()), task.get()));
                }
            }
        } catch (TaskException e) {
            throw TaskErrors.translate(e, ScheduledTaskRenderer.TASK_FOLDER);
        }
        return out;
    }

    static ServiceStatus toStatus(String service, RegisteredTask task) {
        ServiceState state = task.running() ? ServiceState.RUNNING
                : task.lastRunFailed() ? ServiceState.FAILED : ServiceState.STOPPED;
        Optional<ServiceStatus.LastExit> lastExit = task.lastRunFailed()
                ? Optional.of(new ServiceStatus.LastExit(OptionalInt.of((int) task.lastResult().getAsLong()),
                        Optional.empty()))
                : Optional.empty();
        return new ServiceStatus(service, WindowsBackend.ID, state, OptionalLong.empty(), Optional.<Instant>empty(),
                OptionalInt.empty(), lastExit, Optional.of(task.enabled()), OptionalLong.empty(), false);
    }

    /** The task, which must exist (else exit 4) and carry svcctl's marker (else it is left alone). */
    private RegisteredTask owned(String name) throws TaskException, BackendException {
        Optional<RegisteredTask> task = tasks.query(name);
        if (task.isEmpty()) {
            throw new TaskException(TaskException.ERROR_FILE_NOT_FOUND, "no task " + name);
        }
        if (ManagedMarker.find(task.get().xml()).isEmpty()) {
            throw new BackendException(ExitCode.FAILED, "scheduled task '" + name + "' was not created by svcctl",
                    "svcctl leaves tasks it did not create alone; use Task Scheduler or schtasks");
        }
        return task.get();
    }

    /**
     * schtasks /End, then waits until Task Scheduler no longer reports an instance. End terminates the process the
     * task started (the svcctl run supervisor) at once; see docs/windows.md for what that means for the program.
     */
    private void endAndWait(String name, Duration timeout) throws TaskException, BackendException {
        tasks.end(name);
        Duration limit = timeout.plus(ScmOperations.STOP_MARGIN);
        long polls = limit.toMillis() / ScmOperations.POLL.toMillis();
        for (long i = 0; i <= polls; i++) {
            Optional<RegisteredTask> task = tasks.query(name);
            if (task.isEmpty() || !task.get().running()) {
                return;
            }
            try {
                sleeper.sleep(ScmOperations.POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new BackendException(ExitCode.FAILED, "scheduled task '" + name + "' still runs " + limit.toSeconds()
                + "s after schtasks /End", "see the task's history in Task Scheduler");
    }

    private Duration storedStopTimeout(String service) {
        try {
            Optional<String> text = files.read(specPath(service));
            if (text.isPresent()) {
                return SpecLoader.parse(specPath(service), text.get()).spec().stop().timeout();
            }
        } catch (IOException | InvalidSpecException unreadable) {
            // fall through to the default
        }
        return dev.svcctl.spec.StopSpec.DEFAULT.timeout();
    }
}
