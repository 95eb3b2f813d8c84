/*
 * Replays the SCM calls JnaScm makes for a service's failure actions, with the exact structure it hands over, and
 * reads them back the way `sc.exe qfailure` does (QueryServiceConfig2W with SERVICE_CONFIG_FAILURE_ACTIONS), since
 * Wine 8's sc.exe has no qfailure ("command not supported").
 *
 * Input (stdin), one call per line:
 *   create NAME               CreateServiceW (own process, demand start, LocalSystem)
 *   open NAME                 OpenServiceW with all access (a service an earlier run created)
 *   set RESET CMD MSG N T,D.. ChangeServiceConfig2W(SERVICE_CONFIG_FAILURE_ACTIONS) with dwResetPeriod RESET,
 *                             lpCommand and lpRebootMsg as hex of UTF-16 code units ("-" for NULL, "" written as
 *                             "=" for an empty string), cActions N and the N actions TYPE,DELAY (lpsaActions always
 *                             a valid array, also for N = 0, as JnaScm passes it). When an action is SC_ACTION_REBOOT
 *                             the call is made with SeShutdownPrivilege enabled on the thread's token, as JnaScm does.
 *   flag 0|1                  ChangeServiceConfig2W(SERVICE_CONFIG_FAILURE_ACTIONS_FLAG)
 *   query                     QueryServiceConfig2W(SERVICE_CONFIG_FAILURE_ACTIONS) printed as
 *                             "reset=R command=HEX msg=HEX actions=T/D,..." or "error N"
 *   delete                    DeleteService
 * Output: one line per call, "<call> -> ok|error N|<value>"; the privilege step prints its own line.
 * Built with: x86_64-w64-mingw32-gcc -municode -o failureactions.exe failureactions.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static SC_HANDLE manager;
static SC_HANDLE service;

static void print_result(const char *call, BOOL ok) {
    if (ok) {
        printf("%s -> ok\n", call);
    } else {
        printf("%s -> error %lu\n", call, GetLastError());
    }
}

/* "-" is NULL, "=" the empty string, anything else hex of UTF-16 code units. */
static wchar_t *unhex(const char *hex, wchar_t *out, size_t capacity) {
    if (strcmp(hex, "-") == 0) {
        return NULL;
    }
    if (strcmp(hex, "=") == 0) {
        out[0] = 0;
        return out;
    }
    size_t n = strlen(hex) / 4;
    if (n >= capacity) n = capacity - 1;
    for (size_t i = 0; i < n; i++) {
        char part[5] = {hex[4 * i], hex[4 * i + 1], hex[4 * i + 2], hex[4 * i + 3], 0};
        out[i] = (wchar_t) strtoul(part, NULL, 16);
    }
    out[n] = 0;
    return out;
}

static void print_hex(const wchar_t *s) {
    if (s == NULL) {
        printf("-");
        return;
    }
    if (*s == 0) {
        printf("=");
        return;
    }
    for (; *s; s++) printf("%04x", (unsigned) *s);
}

/* SeShutdownPrivilege on this thread's token (impersonating the process), as jna-platform's Privilege does. */
static BOOL enable_shutdown(HANDLE *token) {
    if (!ImpersonateSelf(SecurityImpersonation)) {
        return FALSE;
    }
    if (!OpenThreadToken(GetCurrentThread(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, FALSE, token)) {
        RevertToSelf();
        return FALSE;
    }
    TOKEN_PRIVILEGES privileges = {1, {{{0, 0}, SE_PRIVILEGE_ENABLED}}};
    if (!LookupPrivilegeValueW(NULL, L"SeShutdownPrivilege", &privileges.Privileges[0].Luid)
            || !AdjustTokenPrivileges(*token, FALSE, &privileges, 0, NULL, NULL)
            || GetLastError() == ERROR_NOT_ALL_ASSIGNED) {
        CloseHandle(*token);
        RevertToSelf();
        return FALSE;
    }
    return TRUE;
}

static void set(char *args) {
    static wchar_t command[4000], message[4000];
    static SC_ACTION actions[64];
    unsigned long reset = strtoul(strtok(args, " "), NULL, 10);
    wchar_t *lpCommand = unhex(strtok(NULL, " "), command, 4000);
    wchar_t *lpRebootMsg = unhex(strtok(NULL, " "), message, 4000);
    int count = atoi(strtok(NULL, " "));
    BOOL reboot = FALSE;
    for (int i = 0; i < count && i < 64; i++) {
        char *pair = strtok(NULL, " ");
        actions[i].Type = (SC_ACTION_TYPE) atoi(pair);
        actions[i].Delay = strtoul(strchr(pair, ',') + 1, NULL, 10);
        reboot |= actions[i].Type == SC_ACTION_REBOOT;
    }
    SERVICE_FAILURE_ACTIONSW failure = {reset, lpRebootMsg, lpCommand, (DWORD) count, actions};
    HANDLE token = NULL;
    if (reboot) {
        BOOL enabled = enable_shutdown(&token);
        print_result("privilege SeShutdownPrivilege", enabled);
    }
    print_result("set", ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure));
    if (token != NULL) {
        CloseHandle(token);
        RevertToSelf();
    }
}

static void query(void) {
    static BYTE buffer[16384];
    DWORD needed = 0;
    if (!QueryServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, buffer, sizeof buffer, &needed)) {
        printf("query -> error %lu\n", GetLastError());
        return;
    }
    SERVICE_FAILURE_ACTIONSW *f = (SERVICE_FAILURE_ACTIONSW *) buffer;
    printf("query -> reset=%lu command=", f->dwResetPeriod);
    print_hex(f->lpCommand);
    printf(" msg=");
    print_hex(f->lpRebootMsg);
    printf(" actions=");
    for (DWORD i = 0; i < f->cActions; i++) {
        printf("%d/%lu,", (int) f->lpsaActions[i].Type, f->lpsaActions[i].Delay);
    }
    printf("\n");
}

int wmain(void) {
    static char line[20000];
    manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (manager == NULL) {
        printf("connect -> error %lu\n", GetLastError());
        return 1;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        if (strncmp(line, "create ", 7) == 0) {
            static wchar_t name[300];
            MultiByteToWideChar(CP_UTF8, 0, line + 7, -1, name, 300);
            service = CreateServiceW(manager, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                    SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, L"\"C:\\replay\\app.exe\"", NULL, NULL, NULL,
                    NULL, NULL);
            print_result("create", service != NULL);
        } else if (strncmp(line, "open ", 5) == 0) {
            static wchar_t name[300];
            MultiByteToWideChar(CP_UTF8, 0, line + 5, -1, name, 300);
            service = OpenServiceW(manager, name, SERVICE_ALL_ACCESS);
            print_result("open", service != NULL);
        } else if (strncmp(line, "set ", 4) == 0) {
            set(line + 4);
        } else if (strncmp(line, "flag ", 5) == 0) {
            SERVICE_FAILURE_ACTIONS_FLAG flag = {atoi(line + 5) != 0};
            print_result("flag", ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag));
        } else if (strcmp(line, "query") == 0) {
            query();
        } else if (strcmp(line, "delete") == 0) {
            print_result("delete", DeleteService(service));
            CloseServiceHandle(service);
            service = NULL;
        }
        fflush(stdout);
    }
    CloseServiceHandle(manager);
    return 0;
}
