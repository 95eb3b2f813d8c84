/*
 * Prints the size and field offsets of every Win32 structure svcctl passes through JNA, as the Windows headers
 * (mingw-w64, x86_64) lay them out: "NAME size=N field=offset ...". StructLayoutTest compares them with the layouts
 * JNA computes for its Structure classes.
 * Built with: x86_64-w64-mingw32-gcc -o layout.exe layout.c
 */
#include <windows.h>
#include <ntsecapi.h>
#include <stddef.h>
#include <stdio.h>

#define START(T) printf("%s size=%u", #T, (unsigned) sizeof(T))
#define FIELD(T, f) printf(" %s=%u", #f, (unsigned) offsetof(T, f))
#define END() printf("\n")

int main(void) {
    START(SERVICE_STATUS); FIELD(SERVICE_STATUS, dwServiceType); FIELD(SERVICE_STATUS, dwCurrentState);
    FIELD(SERVICE_STATUS, dwControlsAccepted); FIELD(SERVICE_STATUS, dwWin32ExitCode);
    FIELD(SERVICE_STATUS, dwServiceSpecificExitCode); FIELD(SERVICE_STATUS, dwCheckPoint);
    FIELD(SERVICE_STATUS, dwWaitHint); END();

    START(SERVICE_STATUS_PROCESS); FIELD(SERVICE_STATUS_PROCESS, dwServiceType);
    FIELD(SERVICE_STATUS_PROCESS, dwCurrentState); FIELD(SERVICE_STATUS_PROCESS, dwControlsAccepted);
    FIELD(SERVICE_STATUS_PROCESS, dwWin32ExitCode); FIELD(SERVICE_STATUS_PROCESS, dwServiceSpecificExitCode);
    FIELD(SERVICE_STATUS_PROCESS, dwCheckPoint); FIELD(SERVICE_STATUS_PROCESS, dwWaitHint);
    FIELD(SERVICE_STATUS_PROCESS, dwProcessId); FIELD(SERVICE_STATUS_PROCESS, dwServiceFlags); END();

    START(ENUM_SERVICE_STATUS_PROCESSW); FIELD(ENUM_SERVICE_STATUS_PROCESSW, lpServiceName);
    FIELD(ENUM_SERVICE_STATUS_PROCESSW, lpDisplayName); FIELD(ENUM_SERVICE_STATUS_PROCESSW, ServiceStatusProcess);
    END();

    START(SC_ACTION); FIELD(SC_ACTION, Type); FIELD(SC_ACTION, Delay); END();

    START(SERVICE_FAILURE_ACTIONSW); FIELD(SERVICE_FAILURE_ACTIONSW, dwResetPeriod);
    FIELD(SERVICE_FAILURE_ACTIONSW, lpRebootMsg); FIELD(SERVICE_FAILURE_ACTIONSW, lpCommand);
    FIELD(SERVICE_FAILURE_ACTIONSW, cActions); FIELD(SERVICE_FAILURE_ACTIONSW, lpsaActions); END();

    START(SERVICE_FAILURE_ACTIONS_FLAG); FIELD(SERVICE_FAILURE_ACTIONS_FLAG, fFailureActionsOnNonCrashFailures);
    END();

    START(SERVICE_DESCRIPTIONW); FIELD(SERVICE_DESCRIPTIONW, lpDescription); END();

    START(SERVICE_DELAYED_AUTO_START_INFO); FIELD(SERVICE_DELAYED_AUTO_START_INFO, fDelayedAutostart); END();

    START(SERVICE_PRESHUTDOWN_INFO); FIELD(SERVICE_PRESHUTDOWN_INFO, dwPreshutdownTimeout); END();

    START(SERVICE_SID_INFO); FIELD(SERVICE_SID_INFO, dwServiceSidType); END();

    START(QUERY_SERVICE_CONFIGW); FIELD(QUERY_SERVICE_CONFIGW, dwServiceType); FIELD(QUERY_SERVICE_CONFIGW, dwStartType);
    FIELD(QUERY_SERVICE_CONFIGW, dwErrorControl); FIELD(QUERY_SERVICE_CONFIGW, lpBinaryPathName);
    FIELD(QUERY_SERVICE_CONFIGW, lpLoadOrderGroup); FIELD(QUERY_SERVICE_CONFIGW, dwTagId);
    FIELD(QUERY_SERVICE_CONFIGW, lpDependencies); FIELD(QUERY_SERVICE_CONFIGW, lpServiceStartName);
    FIELD(QUERY_SERVICE_CONFIGW, lpDisplayName); END();

    START(SERVICE_TABLE_ENTRYW); FIELD(SERVICE_TABLE_ENTRYW, lpServiceName); FIELD(SERVICE_TABLE_ENTRYW, lpServiceProc);
    END();

    START(LSA_UNICODE_STRING); FIELD(LSA_UNICODE_STRING, Length); FIELD(LSA_UNICODE_STRING, MaximumLength);
    FIELD(LSA_UNICODE_STRING, Buffer); END();

    START(LSA_OBJECT_ATTRIBUTES); FIELD(LSA_OBJECT_ATTRIBUTES, Length); FIELD(LSA_OBJECT_ATTRIBUTES, RootDirectory);
    FIELD(LSA_OBJECT_ATTRIBUTES, ObjectName); FIELD(LSA_OBJECT_ATTRIBUTES, Attributes);
    FIELD(LSA_OBJECT_ATTRIBUTES, SecurityDescriptor); FIELD(LSA_OBJECT_ATTRIBUTES, SecurityQualityOfService); END();
    return 0;
}
