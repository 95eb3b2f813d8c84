package dev.svcctl.windows;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.windows.tasks.TaskException;

/** Task Scheduler failures as the one-line messages, hints and exit codes users see. */
final class TaskErrors {
    private TaskErrors() {
    }

    static BackendException translate(TaskException e, String taskName) {
        return switch (e.code()) {
            case TaskException.ERROR_FILE_NOT_FOUND -> new BackendException(ExitCode.NOT_INSTALLED,
                    "scheduled task '" + taskName + "' is not installed",
                    "'svcctl list --user' shows the tasks svcctl installed", e);
            case TaskException.ERROR_ACCESS_DENIED -> new BackendException(ExitCode.PERMISSION_DENIED,
                    "Task Scheduler denied access to '" + taskName + "'",
                    "a user-scope task belongs to the user who installed it; run svcctl as that user", e);
            case TaskException.ERROR_ALREADY_EXISTS -> new BackendException(ExitCode.FAILED,
                    "a scheduled task named '" + taskName + "' already exists", "pick another name", e);
            case TaskException.SCHED_E_TASK_DISABLED -> new BackendException(ExitCode.FAILED,
                    "scheduled task '" + taskName + "' is disabled", "set startup to auto or manual and install again",
                    e);
            default -> new BackendException(ExitCode.FAILED, e.getMessage(), null, e);
        };
    }
}
