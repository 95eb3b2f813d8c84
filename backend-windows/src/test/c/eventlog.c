/*
 * The service host's Event Log calls and the event source registration svcctl install writes, on a real Windows API
 * implementation:
 *  - the source key under HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\NAME with EventMessageFile
 *    (REG_EXPAND_SZ, kept unexpanded), TypesSupported (REG_DWORD 7) and svcctl's marker value, read back;
 *  - RegisterEventSourceW, ReportEventW with one insertion string for each event type, DeregisterEventSource;
 *  - what the Application log then holds (OpenEventLogW, GetNumberOfEventLogRecords, ReadEventLogW);
 *  - RegDeleteKeyW removes the source again.
 * Output: key=value lines (see EventLogWineTest). Built with: x86_64-w64-mingw32-gcc -municode eventlog.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static const wchar_t *MESSAGE_FILE = L"%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";

static void print_utf8(const char *key, const wchar_t *text) {
    char utf8[1024];
    WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, sizeof utf8, NULL, NULL);
    printf("%s=%s\n", key, utf8);
}

int wmain(int argc, wchar_t **argv) {
    wchar_t name[64];
    swprintf(name, 64, L"svcctl-probe-%lu", GetCurrentProcessId());
    wchar_t key[256];
    swprintf(key, 256, L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\%ls", name);

    HKEY h;
    LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &h, NULL);
    printf("create-key=%ld\n", rc);
    DWORD types = 7;
    RegSetValueExW(h, L"EventMessageFile", 0, REG_EXPAND_SZ, (const BYTE *) MESSAGE_FILE,
                   (DWORD) ((wcslen(MESSAGE_FILE) + 1) * sizeof(wchar_t)));
    RegSetValueExW(h, L"TypesSupported", 0, REG_DWORD, (const BYTE *) &types, sizeof types);
    RegSetValueExW(h, L"SvcctlManaged", 0, REG_SZ, (const BYTE *) name, (DWORD) ((wcslen(name) + 1) * sizeof(wchar_t)));
    RegCloseKey(h);

    wchar_t file[512];
    DWORD size = sizeof file, type = 0;
    rc = RegGetValueW(HKEY_LOCAL_MACHINE, key, L"EventMessageFile", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, file,
                      &size);
    printf("message-file-rc=%ld\nmessage-file-type=%lu\n", rc, type);
    print_utf8("message-file", file);
    DWORD readTypes = 0;
    size = sizeof readTypes;
    rc = RegGetValueW(HKEY_LOCAL_MACHINE, key, L"TypesSupported", RRF_RT_REG_DWORD, &type, &readTypes, &size);
    printf("types-supported=%lu\n", rc == ERROR_SUCCESS ? readTypes : 999);

    HANDLE source = RegisterEventSourceW(NULL, name);
    printf("register-event-source=%s\n", source != NULL ? "handle" : "null");
    const WORD kinds[] = {EVENTLOG_INFORMATION_TYPE, EVENTLOG_WARNING_TYPE, EVENTLOG_ERROR_TYPE};
    const wchar_t *messages[] = {L"started C:\\app\\app.exe (pid 42) \x65e5\x672c", L"program ended with exit code 1",
                                 L"gave up: more than 5 restarts within 1m"};
    for (int i = 0; i < 3; i++) {
        const wchar_t *strings[] = {messages[i]};
        BOOL reported = ReportEventW(source, kinds[i], 0, 1000 + (DWORD) i, NULL, 1, 0, strings, NULL);
        printf("report-%u=%s\n", kinds[i], reported ? "ok" : "failed");
    }
    printf("deregister=%s\n", DeregisterEventSource(source) ? "ok" : "failed");

    HANDLE log = OpenEventLogW(NULL, L"Application");
    DWORD records = 0;
    BOOL counted = log != NULL && GetNumberOfEventLogRecords(log, &records);
    printf("records=%s\n", counted ? (records > 0 ? "some" : "0") : "unknown");
    BYTE buffer[65536];
    DWORD read = 0, needed = 0;
    BOOL gotAny = log != NULL && ReadEventLogW(log, EVENTLOG_SEQUENTIAL_READ | EVENTLOG_FORWARDS_READ, 0, buffer,
                                               sizeof buffer, &read, &needed);
    printf("read-event-log=%s\n", gotAny ? "records" : "none");
    if (log != NULL) {
        CloseEventLog(log);
    }

    rc = RegDeleteKeyW(HKEY_LOCAL_MACHINE, key);
    printf("delete-key=%ld\n", rc);
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_READ, &h);
    printf("key-after-delete=%s\n", rc == ERROR_FILE_NOT_FOUND ? "gone" : "present");
    return 0;
}
