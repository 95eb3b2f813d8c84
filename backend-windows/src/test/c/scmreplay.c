/*
 * Replays a call sequence through advapi32's Service Control Manager API and prints each call's result, so that the
 * in-memory SCM model of svcctl's tests can be compared with a real SCM (Wine's services.exe).
 *
 * Usage: scmreplay.exe            reads the sequence from standard input, one call per line
 *        scmreplay.exe service    runs as the service program the sequence registers (reports RUNNING, stops on
 *                                 SERVICE_CONTROL_STOP)
 *        scmreplay.exe service-slow   the same after 4 s of START_PENDING
 *
 * Calls (S is a handle slot 0-9, NAME a service name):
 *   connect all|read      OpenSCManager with all access, or only connect + enumerate (what a non-elevated user gets)
 *   create S NAME         CreateService with config A (see apply_config_a)
 *   createslow S NAME     the same, but its service program stays START_PENDING (accepting no control) for 4 s
 *                         before it reports RUNNING, as svcctl's host does while it waits for readiness
 *   open S NAME | openro S NAME   OpenService with all access | with SERVICE_QUERY_STATUS only
 *   config S              ChangeServiceConfig to config B (auto start, LocalService, display "Replay B", RpcSs)
 *   config2 S LEVEL       ChangeServiceConfig2, LEVEL: description|preshutdown|delayed|failure|flag|sid (restricted)|
 *                         privileges (SeChangeNotifyPrivilege, SeCreateGlobalPrivilege)
 *   qconfig S             QueryServiceConfig, description and preshutdown timeout
 *   qconfig2 S            the delayed flag, failure actions and failure-actions flag
 *   qdeps S               the dependencies
 *   qsid S                the service SID type and the required privileges
 *   start S | stop S | delete S | close S | query S
 *   wait S running|stopped   poll the status until that state (10 s at most) and print the state reached
 *   waitgone NAME         poll OpenService until the service no longer exists (10 s at most): gone|present
 *   mark S TEXT | readmark S  write | read the REG_SZ SvcctlManaged under the service's registry key
 *   unmark S              delete that value (uninstall handing a taken-over service back)
 * Output: one line per call: "<line number> <call> -> ok|error <win32 code>|<value>".
 * Built with: x86_64-w64-mingw32-gcc -municode -o scmreplay.exe scmreplay.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static SERVICE_STATUS_HANDLE statusHandle;
static SERVICE_STATUS serviceStatus;
static HANDLE stopEvent;

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
    if (control == SERVICE_CONTROL_STOP) {
        serviceStatus.dwCurrentState = SERVICE_STOP_PENDING;
        serviceStatus.dwWaitHint = 2000;
        SetServiceStatus(statusHandle, &serviceStatus);
        SetEvent(stopEvent);
        return NO_ERROR;
    }
    if (control == SERVICE_CONTROL_INTERROGATE) {
        return NO_ERROR;
    }
    return ERROR_CALL_NOT_IMPLEMENTED;
}

static BOOL slowStart;

static void WINAPI service_main(DWORD argc, LPWSTR *argv) {
    stopEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    statusHandle = RegisterServiceCtrlHandlerExW(L"", handler, NULL);
    serviceStatus.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    if (slowStart) {
        serviceStatus.dwCurrentState = SERVICE_START_PENDING;
        serviceStatus.dwControlsAccepted = 0;
        serviceStatus.dwCheckPoint = 1;
        serviceStatus.dwWaitHint = 10000;
        SetServiceStatus(statusHandle, &serviceStatus);
        Sleep(4000);
        serviceStatus.dwCheckPoint = 0;
        serviceStatus.dwWaitHint = 0;
    }
    serviceStatus.dwCurrentState = SERVICE_RUNNING;
    serviceStatus.dwControlsAccepted = SERVICE_ACCEPT_STOP;
    SetServiceStatus(statusHandle, &serviceStatus);
    WaitForSingleObject(stopEvent, INFINITE);
    serviceStatus.dwCurrentState = SERVICE_STOPPED;
    serviceStatus.dwControlsAccepted = 0;
    SetServiceStatus(statusHandle, &serviceStatus);
}

static int run_service(void) {
    SERVICE_TABLE_ENTRYW table[] = {{L"", service_main}, {NULL, NULL}};
    return StartServiceCtrlDispatcherW(table) ? 0 : (int) GetLastError();
}

static SC_HANDLE manager;
static SC_HANDLE slots[10];
static wchar_t slotNames[10][260];
static wchar_t binaryPath[MAX_PATH + 20];

static void result(BOOL ok) {
    if (ok) {
        printf("ok\n");
    } else {
        printf("error %lu\n", GetLastError());
    }
}

static const char *state_name(DWORD state) {
    switch (state) {
        case SERVICE_STOPPED: return "stopped";
        case SERVICE_START_PENDING: return "start-pending";
        case SERVICE_STOP_PENDING: return "stop-pending";
        case SERVICE_RUNNING: return "running";
        case SERVICE_CONTINUE_PENDING: return "continue-pending";
        case SERVICE_PAUSE_PENDING: return "pause-pending";
        case SERVICE_PAUSED: return "paused";
        default: return "unknown";
    }
}

/* Config B: what an update changes with ChangeServiceConfig. */
static BOOL apply_config_b(SC_HANDLE h) {
    return ChangeServiceConfigW(h, SERVICE_NO_CHANGE, SERVICE_AUTO_START, SERVICE_NO_CHANGE, NULL, NULL, NULL,
            L"RpcSs\0\0", L"NT AUTHORITY\\LocalService", L"", L"Replay B");
}

/* The ChangeServiceConfig2 levels svcctl sets, one per call so that each result shows. */
static BOOL apply_config2(SC_HANDLE h, const char *level) {
    if (strcmp(level, "description") == 0) {
        SERVICE_DESCRIPTIONW description = {L"replayed by svcctl"};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, &description);
    }
    if (strcmp(level, "preshutdown") == 0) {
        SERVICE_PRESHUTDOWN_INFO preshutdown = {120000};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_PRESHUTDOWN_INFO, &preshutdown);
    }
    if (strcmp(level, "delayed") == 0) {
        SERVICE_DELAYED_AUTO_START_INFO delayed = {TRUE};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed);
    }
    if (strcmp(level, "failure") == 0) {
        SC_ACTION actions[2] = {{SC_ACTION_RESTART, 1000}, {SC_ACTION_RESTART, 2000}};
        SERVICE_FAILURE_ACTIONSW failure = {60, NULL, NULL, 2, actions};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, &failure);
    }
    if (strcmp(level, "flag") == 0) {
        SERVICE_FAILURE_ACTIONS_FLAG flag = {TRUE};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag);
    }
    if (strcmp(level, "sid") == 0) {
        SERVICE_SID_INFO sid = {SERVICE_SID_TYPE_RESTRICTED};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_SERVICE_SID_INFO, &sid);
    }
    if (strcmp(level, "privileges") == 0) {
        static wchar_t names[] = L"SeChangeNotifyPrivilege\0SeCreateGlobalPrivilege\0";
        SERVICE_REQUIRED_PRIVILEGES_INFOW privileges = {names};
        return ChangeServiceConfig2W(h, SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO, &privileges);
    }
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
}

static void print_config(SC_HANDLE h) {
    static BYTE buffer[8192];
    DWORD needed = 0;
    if (!QueryServiceConfigW(h, (QUERY_SERVICE_CONFIGW *) buffer, sizeof buffer, &needed)) {
        printf("error %lu\n", GetLastError());
        return;
    }
    QUERY_SERVICE_CONFIGW *c = (QUERY_SERVICE_CONFIGW *) buffer;
    printf("display=%ls start=%lu account=%ls", c->lpDisplayName, c->dwStartType,
           c->lpServiceStartName ? c->lpServiceStartName : L"(null)");
    static BYTE buffer2[8192];
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, buffer2, sizeof buffer2, &needed)) {
        SERVICE_DESCRIPTIONW *d = (SERVICE_DESCRIPTIONW *) buffer2;
        printf(" description=%ls", d->lpDescription ? d->lpDescription : L"(null)");
    } else {
        printf(" description=error-%lu", GetLastError());
    }
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_PRESHUTDOWN_INFO, buffer2, sizeof buffer2, &needed)) {
        printf(" preshutdown=%lu", ((SERVICE_PRESHUTDOWN_INFO *) buffer2)->dwPreshutdownTimeout);
    } else {
        printf(" preshutdown=error-%lu", GetLastError());
    }
    printf("\n");
}

/* The levels Wine 8 does not implement (it answers ERROR_INVALID_LEVEL), printed on their own line. */
static void print_config2(SC_HANDLE h) {
    static BYTE buffer2[8192];
    DWORD needed = 0;
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, buffer2, sizeof buffer2, &needed)) {
        printf("delayed=%d", ((SERVICE_DELAYED_AUTO_START_INFO *) buffer2)->fDelayedAutostart ? 1 : 0);
    } else {
        printf("delayed=error-%lu", GetLastError());
    }
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, buffer2, sizeof buffer2, &needed)) {
        SERVICE_FAILURE_ACTIONSW *f = (SERVICE_FAILURE_ACTIONSW *) buffer2;
        printf(" reset=%lu actions=", f->dwResetPeriod);
        for (DWORD i = 0; i < f->cActions; i++) {
            printf("%d/%lu,", (int) f->lpsaActions[i].Type, f->lpsaActions[i].Delay);
        }
    } else {
        printf(" failure=error-%lu", GetLastError());
    }
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, buffer2, sizeof buffer2, &needed)) {
        printf(" flag=%d", ((SERVICE_FAILURE_ACTIONS_FLAG *) buffer2)->fFailureActionsOnNonCrashFailures ? 1 : 0);
    } else {
        printf(" flag=error-%lu", GetLastError());
    }
    printf("\n");
}

/* The SID type and the required privileges (a double-NUL-terminated list), on their own line. */
static void print_sid(SC_HANDLE h) {
    static BYTE buffer2[8192];
    DWORD needed = 0;
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_SERVICE_SID_INFO, buffer2, sizeof buffer2, &needed)) {
        printf("sid=%lu", ((SERVICE_SID_INFO *) buffer2)->dwServiceSidType);
    } else {
        printf("sid=error-%lu", GetLastError());
    }
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO, buffer2, sizeof buffer2, &needed)) {
        wchar_t *p = ((SERVICE_REQUIRED_PRIVILEGES_INFOW *) buffer2)->pmszRequiredPrivileges;
        printf(" privileges=");
        for (; p && *p; p += wcslen(p) + 1) {
            printf("%ls,", p);
        }
    } else {
        printf(" privileges=error-%lu", GetLastError());
    }
    printf("\n");
}

/* Wine 8 neither stores nor returns dependencies, so they are printed on their own line. */
static void print_dependencies(SC_HANDLE h) {
    static BYTE buffer[8192];
    DWORD needed = 0;
    if (!QueryServiceConfigW(h, (QUERY_SERVICE_CONFIGW *) buffer, sizeof buffer, &needed)) {
        printf("error %lu\n", GetLastError());
        return;
    }
    printf("deps=");
    for (wchar_t *d = ((QUERY_SERVICE_CONFIGW *) buffer)->lpDependencies; d && *d; d += wcslen(d) + 1) {
        printf("%ls,", d);
    }
    printf("\n");
}

static void wait_for(SC_HANDLE h, const char *target) {
    SERVICE_STATUS status;
    for (int i = 0; i < 200; i++) {
        if (!QueryServiceStatus(h, &status)) {
            printf("error %lu\n", GetLastError());
            return;
        }
        if (strcmp(state_name(status.dwCurrentState), target) == 0) {
            break;
        }
        Sleep(50);
    }
    printf("%s\n", state_name(status.dwCurrentState));
}

static void registry_key(int slot, wchar_t *key, size_t size) {
    swprintf(key, size, L"SYSTEM\\CurrentControlSet\\Services\\%ls", slotNames[slot]);
}

int wmain(int argc, wchar_t **argv) {
    if (argc > 1 && (wcscmp(argv[1], L"service") == 0 || wcscmp(argv[1], L"service-slow") == 0)) {
        slowStart = wcscmp(argv[1], L"service-slow") == 0;
        return run_service();
    }
    wchar_t self[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(binaryPath, sizeof binaryPath / sizeof binaryPath[0], L"\"%ls\" service", self);
    static wchar_t slowBinaryPath[MAX_PATH + 20];
    swprintf(slowBinaryPath, sizeof slowBinaryPath / sizeof slowBinaryPath[0], L"\"%ls\" service-slow", self);

    char line[1024];
    int number = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        number++;
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == 0 || line[0] == '#') {
            continue;
        }
        char op[32] = "", arg1[260] = "", arg2[260] = "";
        sscanf(line, "%31s %259s %259s", op, arg1, arg2);
        int s = arg1[0] >= '0' && arg1[0] <= '9' ? arg1[0] - '0' : 0;
        printf("%d %s -> ", number, line);
        fflush(stdout);
        if (strcmp(op, "connect") == 0) {
            if (manager) CloseServiceHandle(manager);
            DWORD access = strcmp(arg1, "all") == 0 ? SC_MANAGER_ALL_ACCESS
                    : SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE;
            manager = OpenSCManagerW(NULL, NULL, access);
            result(manager != NULL);
        } else if (strcmp(op, "create") == 0 || strcmp(op, "createslow") == 0 || strcmp(op, "open") == 0
                || strcmp(op, "openro") == 0) {
            MultiByteToWideChar(CP_UTF8, 0, arg2, -1, slotNames[s], 260);
            if (op[0] == 'c') {
                slots[s] = CreateServiceW(manager, slotNames[s], L"Replay A", SERVICE_ALL_ACCESS,
                        SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                        strcmp(op, "createslow") == 0 ? slowBinaryPath : binaryPath, NULL, NULL, NULL, NULL, NULL);
            } else {
                slots[s] = OpenServiceW(manager, slotNames[s],
                        strcmp(op, "open") == 0 ? SERVICE_ALL_ACCESS : SERVICE_QUERY_STATUS);
            }
            result(slots[s] != NULL);
        } else if (strcmp(op, "config") == 0) {
            result(apply_config_b(slots[s]));
        } else if (strcmp(op, "config2") == 0) {
            result(apply_config2(slots[s], arg2));
        } else if (strcmp(op, "qconfig") == 0) {
            print_config(slots[s]);
        } else if (strcmp(op, "qdeps") == 0) {
            print_dependencies(slots[s]);
        } else if (strcmp(op, "qconfig2") == 0) {
            print_config2(slots[s]);
        } else if (strcmp(op, "qsid") == 0) {
            print_sid(slots[s]);
        } else if (strcmp(op, "start") == 0) {
            result(StartServiceW(slots[s], 0, NULL));
        } else if (strcmp(op, "stop") == 0) {
            SERVICE_STATUS status;
            result(ControlService(slots[s], SERVICE_CONTROL_STOP, &status));
        } else if (strcmp(op, "query") == 0) {
            SERVICE_STATUS_PROCESS status;
            DWORD needed;
            if (QueryServiceStatusEx(slots[s], SC_STATUS_PROCESS_INFO, (BYTE *) &status, sizeof status, &needed)) {
                printf("%s\n", state_name(status.dwCurrentState));
            } else {
                printf("error %lu\n", GetLastError());
            }
        } else if (strcmp(op, "waitgone") == 0) {
            /* Deletion completes asynchronously once the service process has ended: poll for it. */
            wchar_t name[260];
            MultiByteToWideChar(CP_UTF8, 0, arg1, -1, name, 260);
            const char *answer = "present";
            for (int i = 0; i < 200; i++) {
                SC_HANDLE h = OpenServiceW(manager, name, SERVICE_QUERY_STATUS);
                if (h == NULL && GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST) {
                    answer = "gone";
                    break;
                }
                if (h != NULL) CloseServiceHandle(h);
                Sleep(50);
            }
            printf("%s\n", answer);
        } else if (strcmp(op, "wait") == 0) {
            wait_for(slots[s], arg2);
        } else if (strcmp(op, "delete") == 0) {
            result(DeleteService(slots[s]));
        } else if (strcmp(op, "close") == 0) {
            result(CloseServiceHandle(slots[s]));
            slots[s] = NULL;
        } else if (strcmp(op, "mark") == 0) {
            wchar_t key[300], value[260];
            registry_key(s, key, 300);
            MultiByteToWideChar(CP_UTF8, 0, arg2, -1, value, 260);
            LSTATUS status = RegSetKeyValueW(HKEY_LOCAL_MACHINE, key, L"SvcctlManaged", REG_SZ, value,
                    (DWORD) ((wcslen(value) + 1) * sizeof(wchar_t)));
            if (status == ERROR_SUCCESS) printf("ok\n"); else printf("error %ld\n", status);
        } else if (strcmp(op, "unmark") == 0) {
            wchar_t key[300];
            registry_key(s, key, 300);
            LSTATUS status = RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, key, L"SvcctlManaged");
            if (status == ERROR_SUCCESS) printf("ok\n"); else printf("error %ld\n", status);
        } else if (strcmp(op, "readmark") == 0) {
            wchar_t key[300], value[260];
            DWORD size = sizeof value;
            registry_key(s, key, 300);
            LSTATUS status = RegGetValueW(HKEY_LOCAL_MACHINE, key, L"SvcctlManaged", RRF_RT_REG_SZ, NULL, value,
                    &size);
            if (status == ERROR_SUCCESS) printf("%ls\n", value); else printf("error %ld\n", status);
        } else {
            printf("unknown call\n");
        }
        fflush(stdout);
    }
    return 0;
}
