/*
 * A stand-in shared service host (SERVICE_WIN32_SHARE_PROCESS), as 'svcctl host --group G' behaves towards the SCM:
 * at its start it reads the names of its group's installed services from members.txt beside it and passes them all
 * to StartServiceCtrlDispatcher as one table; each service main registers its own handler and reports RUNNING
 * itself; STOP makes that service alone report STOPPED. The dispatcher returns when every service has stopped.
 * Built with: x86_64-w64-mingw32-gcc -municode -o sharehost.exe sharehost.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

#define MAX_MEMBERS 8

static wchar_t names[MAX_MEMBERS][256];
static SERVICE_STATUS_HANDLE handles[MAX_MEMBERS];
static int count;

static void report(int i, DWORD state) {
    SERVICE_STATUS status;
    memset(&status, 0, sizeof status);
    status.dwServiceType = SERVICE_WIN32_SHARE_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
    SetServiceStatus(handles[i], &status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
    int i = (int) (INT_PTR) context;
    if (control == SERVICE_CONTROL_STOP) {
        report(i, SERVICE_STOPPED);
        return NO_ERROR;
    }
    return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static void main_of(int i) {
    handles[i] = RegisterServiceCtrlHandlerExW(names[i], handler, (LPVOID) (INT_PTR) i);
    if (handles[i] != NULL) {
        report(i, SERVICE_RUNNING);
    }
}

/* One service main per table entry: the SCM passes the name, but each entry has its own, as JnaServiceDispatcher. */
static void WINAPI main0(DWORD argc, LPWSTR *argv) { main_of(0); }
static void WINAPI main1(DWORD argc, LPWSTR *argv) { main_of(1); }
static void WINAPI main2(DWORD argc, LPWSTR *argv) { main_of(2); }
static void WINAPI main3(DWORD argc, LPWSTR *argv) { main_of(3); }
static void WINAPI main4(DWORD argc, LPWSTR *argv) { main_of(4); }
static void WINAPI main5(DWORD argc, LPWSTR *argv) { main_of(5); }
static void WINAPI main6(DWORD argc, LPWSTR *argv) { main_of(6); }
static void WINAPI main7(DWORD argc, LPWSTR *argv) { main_of(7); }

static LPSERVICE_MAIN_FUNCTIONW mains[MAX_MEMBERS] = {main0, main1, main2, main3, main4, main5, main6, main7};

int wmain(int argc, wchar_t **argv) {
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    while (n > 0 && path[n - 1] != L'\\') n--;
    wcscpy(path + n, L"members.txt");
    FILE *f = _wfopen(path, L"r");
    if (f == NULL) return 2;
    char line[256];
    while (count < MAX_MEMBERS && fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == 0) continue;
        MultiByteToWideChar(CP_UTF8, 0, line, -1, names[count], 256);
        count++;
    }
    fclose(f);
    SERVICE_TABLE_ENTRYW table[MAX_MEMBERS + 1];
    for (int i = 0; i < count; i++) {
        table[i].lpServiceName = names[i];
        table[i].lpServiceProc = mains[i];
    }
    table[count].lpServiceName = NULL;
    table[count].lpServiceProc = NULL;
    return StartServiceCtrlDispatcherW(table) ? 0 : (int) GetLastError();
}
