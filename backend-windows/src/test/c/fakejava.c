/*
 * A stand-in for java.exe at JAVA\bin\java.exe, for checking svcctl's binary path in Wine's SCM: started by the SCM,
 * it writes the command line it received and the argv CommandLineToArgvW makes of it (hex of UTF-16 code units,
 * one per line) to argv.txt next to itself, then behaves as a well-mannered service: RUNNING until STOP, then
 * STOPPED.
 * Built with: x86_64-w64-mingw32-gcc -municode -o java.exe fakejava.c -ladvapi32 -lshell32
 */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <wchar.h>

int _dowildcard = 0;

static SERVICE_STATUS_HANDLE statusHandle;
static wchar_t serviceName[300];
static HANDLE stopped;

static void report(DWORD state) {
    SERVICE_STATUS status = {SERVICE_WIN32_OWN_PROCESS, state, state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0,
                             NO_ERROR, 0, 0, 0};
    SetServiceStatus(statusHandle, &status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
    if (control == SERVICE_CONTROL_STOP) {
        report(SERVICE_STOP_PENDING);
        SetEvent(stopped);
        return NO_ERROR;
    }
    return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv) {
    statusHandle = RegisterServiceCtrlHandlerExW(serviceName, handler, NULL);
    report(SERVICE_RUNNING);
    WaitForSingleObject(stopped, 60000);
    report(SERVICE_STOPPED);
}

static void write_hex(FILE *f, const wchar_t *s) {
    for (; *s; s++) fprintf(f, "%04x", (unsigned) *s);
    fprintf(f, "\n");
}

int wmain(void) {
    wchar_t path[MAX_PATH];
    GetModuleFileNameW(NULL, path, MAX_PATH);
    wchar_t *slash = wcsrchr(path, L'\\');
    wcscpy(slash + 1, L"argv.txt");
    FILE *f = _wfopen(path, L"w");
    const wchar_t *line = GetCommandLineW();
    fprintf(f, "line=");
    write_hex(f, line);
    int count = 0;
    wchar_t **args = CommandLineToArgvW(line, &count);
    for (int i = 0; i < count; i++) {
        fprintf(f, "arg=");
        write_hex(f, args[i]);
    }
    fclose(f);
    /* like svcctl's host: the service's name is the value of --name, the last argument */
    wcsncpy(serviceName, count > 0 ? args[count - 1] : L"", 299);
    stopped = CreateEventW(NULL, TRUE, FALSE, NULL);
    SERVICE_TABLE_ENTRYW table[] = {{serviceName, service_main}, {NULL, NULL}};
    return StartServiceCtrlDispatcherW(table) ? 0 : (int) GetLastError();
}
