package dev.svcctl.windows.tasks;

import java.util.List;
import java.util.Optional;

/**
 * The port to Windows Task Scheduler, narrowed to the calls svcctl makes for {@code scope: user}. Task names are full
 * paths such as {@code \svcctl\web}. {@code SchtasksTaskScheduler} drives schtasks.exe; tests use an in-memory model
 * whose answers TaskSchedulerConformanceTest compares with Wine's schtasks.exe.
 */
public interface TaskScheduler {

    /**
     * Registers a task from Task Scheduler XML. Without {@code replace} an existing task is an error
     * ({@link TaskException#ERROR_ALREADY_EXISTS}); with it the task is replaced (schtasks /Create /F).
     */
    void create(String taskName, String xml, boolean replace) throws TaskException;

    /** The registered task, or empty when there is none by that name. */
    Optional<RegisteredTask> query(String taskName) throws TaskException;

    /** Starts the task now (schtasks /Run); a running task with MultipleInstancesPolicy IgnoreNew keeps running. */
    void run(String taskName) throws TaskException;

    /** Ends every running instance (schtasks /End); a task that is not running is not an error. */
    void end(String taskName) throws TaskException;

    void delete(String taskName) throws TaskException;

    /** Enables or disables the task (schtasks /Change /ENABLE|/DISABLE): a disabled task neither triggers nor runs. */
    void setEnabled(String taskName, boolean enabled) throws TaskException;

    /** The full names of the tasks directly in {@code folder} (e.g. {@code \svcctl\}). */
    List<String> list(String folder) throws TaskException;
}
