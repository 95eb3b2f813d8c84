package dev.svcctl.windows;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.windows.scm.ScmException;

/** Win32 errors from SCM calls as the one-line messages, hints and exit codes users see. */
final class ScmErrors {
    private ScmErrors() {
    }

    static BackendException translate(ScmException e, String service) {
        return switch (e.code()) {
            case ScmException.ERROR_SERVICE_DOES_NOT_EXIST -> new BackendException(ExitCode.NOT_INSTALLED,
                    "service '" + service + "' is not installed", "'svcctl list' shows the services svcctl installed",
                    e);
            case ScmException.ERROR_ACCESS_DENIED -> new BackendException(ExitCode.PERMISSION_DENIED,
                    "access to the Service Control Manager was denied for '" + service + "'",
                    "run from an elevated prompt (Run as administrator)", e);
            case ScmException.ERROR_SERVICE_MARKED_FOR_DELETE -> new BackendException(ExitCode.FAILED,
                    "service '" + service + "' is marked for deletion and cannot be changed",
                    "close every program that holds it open (services.msc, Task Manager) and retry, or reboot", e);
            case ScmException.ERROR_SERVICE_EXISTS -> new BackendException(ExitCode.FAILED,
                    "a service named '" + service + "' already exists", "pick another name", e);
            case ScmException.ERROR_SERVICE_NOT_IN_EXE -> new BackendException(ExitCode.FAILED,
                    "service '" + service + "' was installed after the host process of its service group started,"
                            + " so that host cannot run it (1083, ERROR_SERVICE_NOT_IN_EXE)",
                    "stop the running services of its group and start them again with it; a new host then runs them"
                            + " all", e);
            case ScmException.ERROR_SERVICE_DISABLED -> new BackendException(ExitCode.FAILED,
                    "service '" + service + "' is disabled", "set startup to auto or manual and install again", e);
            case ScmException.ERROR_SERVICE_REQUEST_TIMEOUT -> new BackendException(ExitCode.FAILED,
                    "service '" + service + "' did not respond in time", "see the Windows Event Log for svcctl", e);
            case ScmException.ERROR_PRIVILEGE_NOT_HELD -> new BackendException(ExitCode.PERMISSION_DENIED,
                    "registering a reboot failure action for '" + service + "' needs "
                            + ScmRegistration.REBOOT_PRIVILEGE + ", which this account does not hold",
                    "run as an administrator (who holds it), or leave reboot out of failureActions", e);
            default -> new BackendException(ExitCode.FAILED, e.getMessage() + " for service '" + service + "'",
                    null, e);
        };
    }
}
