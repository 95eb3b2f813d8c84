/*
 * Drives Wine's (or Windows') SCM through the life of a shared service group served by sharehost.exe: two services
 * of one image path in one process, one stopped while the other runs, a third installed while the process runs (not
 * in its table), the process ending with its last service, and a new process with all three.
 * Input (stdin): "dir=HEX" (UTF-16 code units: the directory holding sharehost.exe, where members.txt is written)
 * and "prefix=NAME" (ASCII, for the service names PREFIX-a, -b, -c). Output: one "key=value" line per step.
 * Built with: x86_64-w64-mingw32-gcc -municode -o sharereplay.exe sharereplay.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static wchar_t dir[1000], binary[1100];
static char prefix[100];
static SC_HANDLE manager;

static void unhex(const char *hex, wchar_t *out, size_t capacity) {
    size_t n = strlen(hex) / 4;
    if (n >= capacity) n = capacity - 1;
    for (size_t i = 0; i < n; i++) {
        char part[5] = {hex[4 * i], hex[4 * i + 1], hex[4 * i + 2], hex[4 * i + 3], 0};
        out[i] = (wchar_t) strtoul(part, NULL, 16);
    }
    out[n] = 0;
}

static void name_of(char which, wchar_t *out) {
    swprintf(out, 200, L"%hs-%c", prefix, which);
}

static void write_members(const char *which) {
    wchar_t path[1100];
    swprintf(path, 1100, L"%ls\\members.txt", dir);
    FILE *f = _wfopen(path, L"w");
    for (const char *w = which; *w; w++) fprintf(f, "%s-%c\n", prefix, *w);
    fclose(f);
}

static SC_HANDLE create(char which) {
    wchar_t name[200];
    name_of(which, name);
    return CreateServiceW(manager, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_SHARE_PROCESS,
                          SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE, binary, NULL, NULL, NULL, NULL, NULL);
}

static SERVICE_STATUS_PROCESS query(SC_HANDLE service) {
    SERVICE_STATUS_PROCESS status;
    DWORD needed;
    memset(&status, 0, sizeof status);
    QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (BYTE *) &status, sizeof status, &needed);
    return status;
}

static const char *await_state(SC_HANDLE service, DWORD wanted) {
    for (int i = 0; i < 300; i++) {
        if (query(service).dwCurrentState == wanted) return "yes";
        Sleep(100);
    }
    return "no";
}

static void result(const char *key, BOOL ok) {
    if (ok) printf("%s=ok\n", key);
    else printf("%s=error %lu\n", key, GetLastError());
    fflush(stdout);
}

static const char *state_name(DWORD s) {
    switch (s) {
        case SERVICE_STOPPED: return "stopped";
        case SERVICE_START_PENDING: return "start-pending";
        case SERVICE_STOP_PENDING: return "stop-pending";
        case SERVICE_RUNNING: return "running";
        default: return "other";
    }
}

int wmain(void) {
    static char line[10000];
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        char *value = strchr(line, '=');
        if (value == NULL) continue;
        *value++ = 0;
        if (strcmp(line, "dir") == 0) unhex(value, dir, 1000);
        else if (strcmp(line, "prefix") == 0) snprintf(prefix, sizeof prefix, "%s", value);
    }
    swprintf(binary, 1100, L"\"%ls\\sharehost.exe\"", dir);
    manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    SERVICE_STATUS status;

    write_members("ab");
    SC_HANDLE a = create('a'), b = create('b');
    result("create", a != NULL && b != NULL);
    if (a == NULL || b == NULL) return 1;
    result("start-a", StartServiceW(a, 0, NULL));
    printf("a-running=%s\n", await_state(a, SERVICE_RUNNING));
    result("start-b", StartServiceW(b, 0, NULL));
    printf("b-running=%s\n", await_state(b, SERVICE_RUNNING));
    DWORD pid = query(a).dwProcessId;
    printf("one-process=%s\n", pid != 0 && pid == query(b).dwProcessId ? "yes" : "no");
    HANDLE host = OpenProcess(SYNCHRONIZE, FALSE, pid);

    result("stop-a", ControlService(a, SERVICE_CONTROL_STOP, &status));
    printf("a-stopped=%s\n", await_state(a, SERVICE_STOPPED));
    printf("b-after-stop-a=%s\n", state_name(query(b).dwCurrentState));
    printf("host-after-stop-a=%s\n", host != NULL && WaitForSingleObject(host, 500) == WAIT_TIMEOUT ? "alive" : "gone");

    write_members("abc");
    SC_HANDLE c = create('c');
    result("create-c", c != NULL);
    result("start-c-while-running", StartServiceW(c, 0, NULL));
    Sleep(1000);
    printf("c-after-start=%s\n", state_name(query(c).dwCurrentState));
    printf("c-exit-code=%lu\n", query(c).dwWin32ExitCode);

    result("restart-a-same-process", StartServiceW(a, 0, NULL));
    printf("a-running-again=%s\n", await_state(a, SERVICE_RUNNING));
    printf("a-same-process=%s\n", query(a).dwProcessId == pid ? "yes" : "no");
    result("stop-a-again", ControlService(a, SERVICE_CONTROL_STOP, &status));
    await_state(a, SERVICE_STOPPED);

    result("stop-b", ControlService(b, SERVICE_CONTROL_STOP, &status));
    printf("b-stopped=%s\n", await_state(b, SERVICE_STOPPED));
    printf("host-after-last=%s\n", host != NULL && WaitForSingleObject(host, 15000) == WAIT_OBJECT_0 ? "ended"
                                                                                                      : "alive");
    if (query(c).dwCurrentState != SERVICE_STOPPED) {
        ControlService(c, SERVICE_CONTROL_STOP, &status);
        await_state(c, SERVICE_STOPPED);
    }
    result("start-c-new-process", StartServiceW(c, 0, NULL));
    printf("c-running=%s\n", await_state(c, SERVICE_RUNNING));
    result("start-a-with-c", StartServiceW(a, 0, NULL));
    printf("a-running-with-c=%s\n", await_state(a, SERVICE_RUNNING));
    DWORD second = query(c).dwProcessId;
    printf("new-process=%s\n", second != 0 && second != pid ? "yes" : "no");
    printf("a-with-c-one-process=%s\n", second != 0 && query(a).dwProcessId == second ? "yes" : "no");

    ControlService(a, SERVICE_CONTROL_STOP, &status);
    ControlService(c, SERVICE_CONTROL_STOP, &status);
    await_state(a, SERVICE_STOPPED);
    await_state(c, SERVICE_STOPPED);
    result("delete", DeleteService(a) && DeleteService(b) && DeleteService(c));
    if (host != NULL) CloseHandle(host);
    CloseServiceHandle(a);
    CloseServiceHandle(b);
    CloseServiceHandle(c);
    CloseServiceHandle(manager);
    return 0;
}
