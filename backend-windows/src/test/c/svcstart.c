/*
 * Creates a service with a given binary path, starts it, waits for RUNNING, stops it, waits for STOPPED and deletes
 * it: for checking that the SCM can start what svcctl's binary path names.
 * Input (stdin): "name=HEX" and "binary=HEX" (UTF-16 code units). Output: create=, start=, running=, stop=,
 * stopped=, delete= (ok, yes/no or "error N").
 * Built with: x86_64-w64-mingw32-gcc -municode -o svcstart.exe svcstart.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static void unhex(const char *hex, wchar_t *out, size_t capacity) {
    size_t n = strlen(hex) / 4;
    if (n >= capacity) n = capacity - 1;
    for (size_t i = 0; i < n; i++) {
        char part[5] = {hex[4 * i], hex[4 * i + 1], hex[4 * i + 2], hex[4 * i + 3], 0};
        out[i] = (wchar_t) strtoul(part, NULL, 16);
    }
    out[n] = 0;
}

static BOOL await_state(SC_HANDLE service, DWORD wanted) {
    for (int i = 0; i < 300; i++) {
        SERVICE_STATUS status;
        if (QueryServiceStatus(service, &status) && status.dwCurrentState == wanted) {
            return TRUE;
        }
        Sleep(100);
    }
    return FALSE;
}

static void result(const char *key, BOOL ok) {
    if (ok) printf("%s=ok\n", key);
    else printf("%s=error %lu\n", key, GetLastError());
    fflush(stdout);
}

int wmain(void) {
    static char line[20000];
    static wchar_t name[300], binary[8000];
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        char *value = strchr(line, '=');
        if (value == NULL) continue;
        *value++ = 0;
        if (strcmp(line, "name") == 0) unhex(value, name, 300);
        else if (strcmp(line, "binary") == 0) unhex(value, binary, 8000);
    }
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    SC_HANDLE service = CreateServiceW(manager, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                       SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE, binary, NULL, NULL, NULL, NULL,
                                       NULL);
    result("create", service != NULL);
    if (service == NULL) return 1;
    result("start", StartServiceW(service, 0, NULL));
    printf("running=%s\n", await_state(service, SERVICE_RUNNING) ? "yes" : "no");
    SERVICE_STATUS status;
    result("stop", ControlService(service, SERVICE_CONTROL_STOP, &status));
    printf("stopped=%s\n", await_state(service, SERVICE_STOPPED) ? "yes" : "no");
    result("delete", DeleteService(service));
    CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return 0;
}
