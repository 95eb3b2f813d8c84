/*
 * Registers one service in the SCM from the values svcctl rendered, reads the configuration back and deletes the
 * service again, so a test can check that SCM stores exactly what `svcctl render` shows.
 * Input (stdin), one "key=value" per line, values as hex of UTF-16 code units:
 *   name, display, binary, account, description; and as decimal: start, preshutdown (empty: not set);
 *   a line "apply" registers, reads back and deletes the service described so far (several per run: Wine starts
 *   slowly).
 * Output per service: "create=ok|error N", then display=, binary=, account=, description= (hex), start=,
 * preshutdown= (decimal), then "delete=ok|error N" and "done".
 * Built with: x86_64-w64-mingw32-gcc -municode -o scmapply.exe scmapply.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static wchar_t name[300], display[300], binary[4000], account[300], description[4000];
static DWORD start = SERVICE_DEMAND_START;
static long preshutdown = -1;

static void unhex(const char *hex, wchar_t *out, size_t capacity) {
    size_t n = strlen(hex) / 4;
    if (n >= capacity) n = capacity - 1;
    for (size_t i = 0; i < n; i++) {
        char part[5] = {hex[4 * i], hex[4 * i + 1], hex[4 * i + 2], hex[4 * i + 3], 0};
        out[i] = (wchar_t) strtoul(part, NULL, 16);
    }
    out[n] = 0;
}

static void print_hex(const char *key, const wchar_t *s) {
    printf("%s=", key);
    for (; s && *s; s++) printf("%04x", (unsigned) *s);
    printf("\n");
}

static void apply(SC_HANDLE manager);

int wmain(void) {
    static char line[20000];
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        if (strcmp(line, "apply") == 0) {
            apply(manager);
            printf("done\n");
            fflush(stdout);
            start = SERVICE_DEMAND_START;
            preshutdown = -1;
            continue;
        }
        char *value = strchr(line, '=');
        if (value == NULL) continue;
        *value++ = 0;
        if (strcmp(line, "name") == 0) unhex(value, name, 300);
        else if (strcmp(line, "display") == 0) unhex(value, display, 300);
        else if (strcmp(line, "binary") == 0) unhex(value, binary, 4000);
        else if (strcmp(line, "account") == 0) unhex(value, account, 300);
        else if (strcmp(line, "description") == 0) unhex(value, description, 4000);
        else if (strcmp(line, "start") == 0) start = (DWORD) atol(value);
        else if (strcmp(line, "preshutdown") == 0 && *value) preshutdown = atol(value);
    }
    CloseServiceHandle(manager);
    return 0;
}

static void apply(SC_HANDLE manager) {
    SC_HANDLE service = CreateServiceW(manager, name, display, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, start,
            SERVICE_ERROR_NORMAL, binary, NULL, NULL, NULL, wcscmp(account, L"LocalSystem") == 0 ? NULL : account,
            L"");
    if (service == NULL) {
        printf("create=error %lu\n", GetLastError());
        return;
    }
    printf("create=ok\n");
    SERVICE_DESCRIPTIONW d = {description};
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &d)) printf("setdescription=error %lu\n", GetLastError());
    if (preshutdown >= 0) {
        SERVICE_PRESHUTDOWN_INFO p = {(DWORD) preshutdown};
        if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_PRESHUTDOWN_INFO, &p)) printf("setpreshutdown=error %lu\n", GetLastError());
    }
    static BYTE buffer[16384];
    DWORD needed;
    if (QueryServiceConfigW(service, (QUERY_SERVICE_CONFIGW *) buffer, sizeof buffer, &needed)) {
        QUERY_SERVICE_CONFIGW *c = (QUERY_SERVICE_CONFIGW *) buffer;
        print_hex("display", c->lpDisplayName);
        print_hex("binary", c->lpBinaryPathName);
        print_hex("account", c->lpServiceStartName);
        printf("start=%lu\n", c->dwStartType);
    } else {
        printf("query=error %lu\n", GetLastError());
    }
    static BYTE buffer2[16384];
    if (QueryServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, buffer2, sizeof buffer2, &needed)) {
        print_hex("description", ((SERVICE_DESCRIPTIONW *) buffer2)->lpDescription);
    }
    if (QueryServiceConfig2W(service, SERVICE_CONFIG_PRESHUTDOWN_INFO, buffer2, sizeof buffer2, &needed)) {
        printf("preshutdown=%lu\n", ((SERVICE_PRESHUTDOWN_INFO *) buffer2)->dwPreshutdownTimeout);
    }
    printf("delete=%s\n", DeleteService(service) ? "ok" : "error");
    CloseServiceHandle(service);
}
