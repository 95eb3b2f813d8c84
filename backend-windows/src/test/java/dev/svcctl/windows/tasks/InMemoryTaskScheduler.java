package dev.svcctl.windows.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Task Scheduler as svcctl relies on it, in memory. Where Wine's schtasks.exe implements a call, its outcome is
 * checked against Wine by TaskSchedulerConformanceTest; the rest follows Microsoft's documentation (schtasks, the
 * IRegisteredTask methods and MS-TSCH SchRpcRun/SchRpcStop), as noted on each method.
 */
public final class InMemoryTaskScheduler implements TaskScheduler {
    private static final class Task {
        String xml;
        /** What schtasks /Change set, over the XML's Settings/Enabled; null: as the XML says. */
        Boolean enabled;
        boolean running;

        boolean enabled() {
            return enabled != null ? enabled : TaskXmlFields.enabled(xml);
        }
        OptionalLong lastResult = OptionalLong.empty();
    }

    private final Map<String, Task> tasks = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> denied = new HashSet<>();
    private final List<String> calls = new ArrayList<>();

    /** The calls made so far, e.g. "create \svcctl\web", "run \svcctl\web". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Every later call on this task fails with access denied, as for another user's task. */
    public void deny(String taskName) {
        denied.add(taskName);
    }

    /** The running instance ends by itself with this exit code. */
    public void exit(String taskName, int code) {
        Task t = tasks.get(taskName);
        t.running = false;
        t.lastResult = OptionalLong.of(code & 0xFFFFFFFFL);
    }

    public boolean running(String taskName) {
        return tasks.containsKey(taskName) && tasks.get(taskName).running;
    }

    /** The XML as registered, or empty. */
    public Optional<String> xml(String taskName) {
        return Optional.ofNullable(tasks.get(taskName)).map(t -> t.xml);
    }

    private Task existing(String op, String taskName) throws TaskException {
        calls.add(op + " " + taskName);
        if (denied.contains(taskName)) {
            throw new TaskException(TaskException.ERROR_ACCESS_DENIED, "Access is denied.");
        }
        Task t = tasks.get(taskName);
        if (t == null && !op.equals("create") && !op.equals("query")) {
            throw new TaskException(TaskException.ERROR_FILE_NOT_FOUND, "The system cannot find the file specified.");
        }
        return t;
    }

    /** Wine: create, create existing without /F fails, with /F replaces. A running instance keeps running. */
    @Override
    public void create(String taskName, String xml, boolean replace) throws TaskException {
        Task t = existing("create", taskName);
        if (t != null && !replace) {
            throw new TaskException(TaskException.ERROR_ALREADY_EXISTS,
                    "Cannot create a file when that file already exists.");
        }
        if (!xml.contains("<Task")) {
            throw new TaskException(TaskException.UNKNOWN, "The task XML is malformed.");
        }
        if (t == null) {
            t = new Task();
            tasks.put(taskName, t);
        }
        t.xml = xml;
        t.enabled = null;
    }

    @Override
    public Optional<RegisteredTask> query(String taskName) throws TaskException {
        Task t = existing("query", taskName);
        if (t == null) {
            return Optional.empty();
        }
        return Optional.of(new RegisteredTask(taskName, t.xml, t.enabled(), t.running,
                t.running ? OptionalLong.of(RegisteredTask.SCHED_S_TASK_RUNNING) : t.lastResult));
    }

    /**
     * IRegisteredTask::Run: SCHED_E_TASK_DISABLED for a disabled task; the tasks svcctl renders say
     * MultipleInstancesPolicy IgnoreNew, so running a running task changes nothing.
     */
    @Override
    public void run(String taskName) throws TaskException {
        Task t = existing("run", taskName);
        if (!t.enabled()) {
            throw new TaskException(TaskException.SCHED_E_TASK_DISABLED, "The task has been disabled.");
        }
        t.running = true;
    }

    @Override
    public void setEnabled(String taskName, boolean enabled) throws TaskException {
        existing("change", taskName).enabled = enabled;
    }

    /** MS-TSCH SchRpcStop: S_FALSE (a success) when no instance was running. */
    @Override
    public void end(String taskName) throws TaskException {
        Task t = existing("end", taskName);
        if (t.running) {
            t.running = false;
            t.lastResult = OptionalLong.of(RegisteredTask.SCHED_S_TASK_TERMINATED);
        }
    }

    /** Wine: delete, and a second delete fails. */
    @Override
    public void delete(String taskName) throws TaskException {
        existing("delete", taskName);
        tasks.remove(taskName);
    }

    @Override
    public List<String> list(String folder) {
        calls.add("list " + folder);
        return tasks.keySet().stream().filter(n -> n.regionMatches(true, 0, folder, 0, folder.length())
                && n.indexOf('\\', folder.length()) < 0).toList();
    }
}
