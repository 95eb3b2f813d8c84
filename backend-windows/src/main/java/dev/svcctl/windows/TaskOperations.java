package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.install.Existing;
import dev.svcctl.install.EnablementChoice;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.InstalledFiles;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.install.ServicePlan;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.tasks.RegisteredTask;
import dev.svcctl.windows.tasks.TaskException;
import dev.svcctl.windows.tasks.TaskScheduler;
import dev.svcctl.windows.tasks.TaskXmlFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    private final InstallEngine engine;
    private final ScmOperations.Sleeper sleeper;

    TaskOperations(TaskScheduler tasks, InstallEngine engine, ScmOperations.Sleeper sleeper) {
        this.tasks = tasks;
        this.engine = engine;
        this.sleeper = sleeper;
    }

    static String taskName(String service) {
        return ScheduledTaskRenderer.TASK_FOLDER + service;
    }

    static String specPath(String service) {
        return ScheduledTaskRenderer.USER_SPEC_INSTALL_DIR + service + ".yaml";
    }

    static String taskXmlPath(String service) {
        return ScheduledTaskRenderer.USER_TASK_INSTALL_DIR + service + ".xml";
    }

    /** Where install --force keeps the XML of a task it took over, which uninstall registers again. */
    static String backupPath(String service) {
        return ScheduledTaskRenderer.USER_SPEC_INSTALL_DIR + "." + service + ".task-backup";
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

    /**
     * What install will do for one task: the engine's plan of its files (task XML and stored spec), the XML to
     * register, and the task as Task Scheduler has it now ({@code found}: the marker in its XML, if svcctl's).
     */
    record Plan(ServiceSpec spec, ServicePlan files, ManagedMarker marker, String registered,
                Optional<RegisteredTask> existing, Optional<ManagedMarker> found) {
        String name() {
            return taskName(spec.name());
        }

        boolean enabled() {
            return TaskXmlFields.enabled(registered);
        }

        boolean owned() {
            return found.isPresent();
        }

        boolean taskChanges() {
            return existing.isEmpty() || !found.equals(Optional.of(marker)) || existing.get().enabled() != enabled();
        }

        boolean changed() {
            return taskChanges() || files.changed();
        }

        InstallResult.Action action() {
            return existing.isEmpty() ? InstallResult.Action.CREATED
                    : changed() ? InstallResult.Action.UPDATED : InstallResult.Action.UNCHANGED;
        }

        /** The registration as canonical text: whose it is (the marker) and whether it is enabled. */
        private static String canonical(Optional<ManagedMarker> marker, boolean enabled) {
            return "source: " + marker.map(ManagedMarker::text).orElse("") + "\nenabled: " + enabled + "\n";
        }

        Optional<String> diff() {
            String registration = !taskChanges() ? "" : RegistrationDiffs.of("scheduled task " + name(),
                    existing.map(t -> canonical(found, t.enabled())), canonical(Optional.of(marker), enabled()));
            String all = files.diff().orElse("") + registration;
            return all.isEmpty() ? Optional.empty() : Optional.of(all);
        }

        Optional<String> note() {
            List<String> notes = new ArrayList<>();
            files.note().ifPresent(notes::add);
            if (existing.isPresent() && !owned()) {
                notes.add("took over scheduled task " + name() + "; its XML is kept in " + backupPath(spec.name())
                        + ", and uninstall registers it again");
            } else if (existing.isPresent() && taskChanges() && !files.changed()) {
                notes.add("repaired scheduled task " + name() + ", changed outside svcctl");
            }
            return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
        }

        InstallResult result(boolean dryRun) {
            return new InstallResult(spec.name(), action(), "scheduled task " + name(), Optional.empty(),
                    dryRun ? diff() : Optional.empty(), note());
        }
    }

    /** Plans one task; a task of that name that svcctl did not create is a problem without --force. */
    Plan plan(ServiceSpec spec, Rendering rendering, boolean force, List<String> problems) throws BackendException {
        ServicePlan files = engine.plan(rendering, List.of(), force, problems);
        ManagedMarker.Located rendered = ManagedMarker.locate(rendering.artifacts().get(0).content())
                .orElseThrow(() -> new IllegalStateException("the rendered task XML has no marker"));
        String registered = withMarker(rendered.body(), rendered.marker().text());
        String name = taskName(spec.name());
        try {
            Optional<RegisteredTask> existing = tasks.query(name);
            Optional<ManagedMarker> found = existing.flatMap(t -> ManagedMarker.find(t.xml()));
            if (existing.isPresent() && found.isEmpty() && !force) {
                problems.add("scheduled task '" + name + "' exists and was not created by svcctl");
            }
            return new Plan(spec, files, rendered.marker(), registered, existing, found);
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    static final String TAKE_OVER_HINT = "svcctl changes only its own tasks; pick another name, or take it over with"
            + " --force (uninstall registers its old XML again)";

    /**
     * Registers the task, then lets the engine write its files, then runs or restarts it. A task created here is
     * deleted again when the files cannot be written.
     */
    InstallResult apply(Plan plan, InstallOptions options) throws BackendException {
        String name = plan.name();
        Optional<Boolean> chosen = plan.owned() ? ScmOperations.chosenEnablement(engine, specPath(plan.spec().name()),
                plan.spec()) : Optional.empty();
        try {
            if (plan.existing().isEmpty()) {
                tasks.create(name, plan.registered(), false);
                try {
                    engine.apply(List.of(plan.files()));
                } catch (BackendException e) {
                    tasks.delete(name);
                    throw e;
                }
                if (!options.noStart() && plan.enabled()) {
                    tasks.run(name);
                }
                return plan.result(false);
            }
            RegisteredTask task = plan.existing().get();
            if (!plan.changed()) {
                if (!options.noStart() && task.enabled() && !task.running()) {
                    tasks.run(name);
                }
                return plan.result(false);
            }
            if (!plan.owned()) {
                keepBackup(plan.spec().name(), task.xml());
            }
            tasks.create(name, plan.registered(), true);
            boolean enabled = plan.enabled();
            if (chosen.isPresent() && chosen.get() != enabled) {
                // what 'svcctl enable/disable' chose outlives a re-install of a spec with the same startup
                tasks.setEnabled(name, chosen.get());
                enabled = chosen.get();
            }
            engine.apply(List.of(plan.files()));
            if (task.running() && !options.noRestart()) {
                endAndWait(name, plan.spec().stop().timeout());
                if (enabled) {
                    tasks.run(name);
                }
            } else if (!task.running() && !options.noStart() && enabled) {
                tasks.run(name);
            }
            return plan.result(false);
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    /**
     * enable or disable of svcctl's own task (schtasks /Change /ENABLE|/DISABLE): a disabled task neither starts at
     * logon nor runs. A task of a {@code startup: manual} spec has no logon trigger, so enabling cannot make it start
     * at logon: refused with the way to get that.
     */
    Enablement enable(String service, boolean on) throws BackendException {
        String name = taskName(service);
        try {
            RegisteredTask task = owned(name);
            if (on && !task.xml().contains("<LogonTrigger>")) {
                throw new BackendException(ExitCode.FAILED, service + " has no logon trigger (startup: manual), so"
                        + " enabling its task would not start it at logon", "set 'startup: auto' in its spec and"
                        + " install it again; 'svcctl start " + service + "' starts it now");
            }
            if (task.enabled() != on) {
                tasks.setEnabled(name, on);
            }
            EnablementChoice.write(engine, specPath(service), on);
            return new Enablement(service, on, task.enabled() != on);
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        }
    }

    /** What is installed for svcctl's task: the task XML file and the stored spec (svcctl's own files only). */
    List<Artifact> installed(String service) throws BackendException {
        try {
            owned(taskName(service));
        } catch (TaskException e) {
            throw TaskErrors.translate(e, taskName(service));
        }
        return InstalledFiles.read(engine, List.of(taskXmlPath(service), specPath(service)));
    }

    /** The first takeover's XML: what uninstall registers again. */
    private void keepBackup(String service, String xml) throws BackendException {
        String backup = backupPath(service);
        if (!engine.read(backup).absent()) {
            return;
        }
        try {
            engine.files().write(backup, xml.getBytes(StandardCharsets.UTF_8), Artifact.MODE_FILE, "backup");
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot keep the XML of scheduled task '" + taskName(service)
                    + "' in " + engine.files().describe(backup) + ": " + e.getMessage(), "nothing was changed", e);
        }
    }

    /**
     * Ends and deletes svcctl's task, or registers again the task that install --force took over. The task XML
     * and the stored spec go, the logs stay. Answers what was put back.
     */
    Optional<String> uninstall(String service, boolean dryRun) throws BackendException {
        String name = taskName(service);
        try {
            RegisteredTask task = owned(name);
            if (dryRun) {
                return Optional.empty();
            }
            if (task.running()) {
                endAndWait(name, storedStopTimeout(service));
            }
            Existing backup = engine.read(backupPath(service));
            if (backup.absent()) {
                tasks.delete(name);
            } else {
                tasks.create(name, backup.text(), true);
            }
            engine.remove(service, List.of(taskXmlPath(service), specPath(service),
                    EnablementChoice.path(specPath(service)), SpecCopy.sourcePath(specPath(service))));
            if (backup.absent()) {
                return Optional.empty();
            }
            engine.files().delete(backupPath(service));
            return Optional.of("scheduled task " + name + " is registered as it was before svcctl took it over");
        } catch (TaskException e) {
            throw TaskErrors.translate(e, name);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot remove " + engine.files().describe(backupPath(service))
                    + ": " + e.getMessage(), null, e);
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
            return toStatus(service, task.get(), ManagedMarker.find(task.get().xml()).isPresent() && drift(service,
                    task.get()));
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
                    out.add(status(name.substring(ScheduledTaskRenderer.TASK_FOLDER.length())));
                }
            }
        } catch (TaskException e) {
            throw TaskErrors.translate(e, ScheduledTaskRenderer.TASK_FOLDER);
        }
        return out;
    }

    /**
     * Whether the task's files were edited by hand, or the task was enabled or disabled outside svcctl. Task
     * Scheduler rewrites the XML it stores, so the rest of the registration is not compared.
     */
    private boolean drift(String service, RegisteredTask task) throws BackendException {
        if (engine.drift(List.of(taskXmlPath(service), specPath(service)))) {
            return true;
        }
        Existing xml = engine.read(taskXmlPath(service));
        return xml.absent() || TaskXmlFields.enabled(xml.text()) != task.enabled();
    }

    static ServiceStatus toStatus(String service, RegisteredTask task, boolean drift) {
        ServiceState state = task.running() ? ServiceState.RUNNING
                : task.lastRunFailed() ? ServiceState.FAILED : ServiceState.STOPPED;
        Optional<ServiceStatus.LastExit> lastExit = task.lastRunFailed()
                ? Optional.of(new ServiceStatus.LastExit(OptionalInt.of((int) task.lastResult().getAsLong()),
                        Optional.empty()))
                : Optional.empty();
        return new ServiceStatus(service, WindowsBackend.ID, state, OptionalLong.empty(), Optional.<Instant>empty(),
                OptionalInt.empty(), lastExit, Optional.of(task.enabled()), OptionalLong.empty(), drift);
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
            Existing stored = engine.read(specPath(service));
            if (!stored.absent()) {
                return SpecLoader.parse(specPath(service), stored.text()).spec().stop().timeout();
            }
        } catch (BackendException | InvalidSpecException unreadable) {
            // fall through to the default
        }
        return dev.svcctl.spec.StopSpec.DEFAULT.timeout();
    }
}
