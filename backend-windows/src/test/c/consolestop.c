/*
 * Checks, on a real Windows API implementation, the stop strategy of svcctl's service host:
 *  - the program runs in its own (hidden) console (CREATE_NEW_CONSOLE), so a Ctrl-C for it can reach nobody else;
 *  - to stop it gracefully the host attaches to that console, registers a handler that takes Ctrl-C itself, sends
 *    CTRL_C_EVENT to the console (process group 0 = every process of *that* console, the host included), waits
 *    until its handler has seen the event (delivery is asynchronous), detaches, and only then removes the handler;
 *  - every process of the program's tree is in a job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, so closing
 *    the job handle (or the host dying) kills what is left, grandchildren included.
 * Output lines: "host-saw-own-ctrl-c=yes|no" (the host's handler received the event it sent, which tells it the
 * delivery is done), "first-program-exit=<code>" (42 = its Ctrl-C handler ran), "second-program-running=yes|no" (a
 * program in another console must not be hit), "host-alive=yes", "job-killed-child=yes|no",
 * "job-killed-grandchild=yes|no".
 * Built with: x86_64-w64-mingw32-gcc -municode -o consolestop.exe consolestop.c
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static volatile LONG gotCtrlC = 0;

static BOOL WINAPI on_ctrl(DWORD type) {
    if (type == CTRL_C_EVENT) {
        InterlockedExchange(&gotCtrlC, 1);
        return TRUE;
    }
    return FALSE;
}

static wchar_t self[MAX_PATH];

static BOOL spawn(const wchar_t *role, DWORD flags, PROCESS_INFORMATION *pi) {
    wchar_t command[MAX_PATH + 40];
    swprintf(command, MAX_PATH + 40, L"\"%ls\" %ls", self, role);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESHOWWINDOW;
    si.wShowWindow = SW_HIDE;
    return CreateProcessW(NULL, command, NULL, NULL, FALSE, flags, NULL, NULL, &si, pi);
}

/* The host's own handler while it sends Ctrl-C: takes the event and says that it came (CtrlCDelivery). */
static HANDLE hostGotCtrlC;

static BOOL WINAPI host_immunity(DWORD type) {
    if (type == CTRL_C_EVENT) {
        SetEvent(hostGotCtrlC);
        return TRUE;
    }
    return FALSE;
}

static BOOL hostSawOwnCtrlC = FALSE;

/* What the host does to stop a program gracefully: stays attached and immune until its own copy of the event has
 * come (delivery is asynchronous), and removes its handler only then. */
static BOOL send_ctrl_c(DWORD pid) {
    FreeConsole();
    if (!AttachConsole(pid)) {
        return FALSE;
    }
    hostGotCtrlC = CreateEventW(NULL, TRUE, FALSE, NULL);
    SetConsoleCtrlHandler(host_immunity, TRUE);
    BOOL sent = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    hostSawOwnCtrlC = sent && WaitForSingleObject(hostGotCtrlC, 2000) == WAIT_OBJECT_0;
    FreeConsole();
    if (!sent || hostSawOwnCtrlC) {
        SetConsoleCtrlHandler(host_immunity, FALSE);
    }
    return sent;
}

int wmain(int argc, wchar_t **argv) {
    GetModuleFileNameW(NULL, self, MAX_PATH);
    if (argc > 1 && wcscmp(argv[1], L"program") == 0) {
        SetConsoleCtrlHandler(on_ctrl, TRUE);
        for (int i = 0; i < 200 && !gotCtrlC; i++) {
            Sleep(50);
        }
        return gotCtrlC ? 42 : 7;
    }
    if (argc > 1 && wcscmp(argv[1], L"parent") == 0) {
        PROCESS_INFORMATION grandchild;
        spawn(L"sleeper", 0, &grandchild);
        printf("grandchild-pid=%lu\n", grandchild.dwProcessId);
        fflush(stdout);
        Sleep(60000);
        return 0;
    }
    if (argc > 1 && wcscmp(argv[1], L"sleeper") == 0) {
        Sleep(60000);
        return 0;
    }

    PROCESS_INFORMATION first, second;
    if (!spawn(L"program", CREATE_NEW_CONSOLE, &first) || !spawn(L"program", CREATE_NEW_CONSOLE, &second)) {
        printf("error=CreateProcess %lu\n", GetLastError());
        return 1;
    }
    Sleep(500);
    BOOL sent = send_ctrl_c(first.dwProcessId);
    DWORD waited = WaitForSingleObject(first.hProcess, 8000);
    DWORD code = 0;
    GetExitCodeProcess(first.hProcess, &code);
    printf("ctrl-c-sent=%s\n", sent ? "yes" : "no");
    printf("host-saw-own-ctrl-c=%s\n", hostSawOwnCtrlC ? "yes" : "no");
    printf("first-program-exit=%lu\n", waited == WAIT_OBJECT_0 ? code : 999);
    printf("second-program-running=%s\n", WaitForSingleObject(second.hProcess, 0) == WAIT_TIMEOUT ? "yes" : "no");
    TerminateProcess(second.hProcess, 0);
    printf("host-alive=yes\n");
    fflush(stdout);

    HANDLE job = CreateJobObjectW(NULL, NULL);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    memset(&limits, 0, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    PROCESS_INFORMATION parent;
    SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
    HANDLE readEnd, writeEnd;
    CreatePipe(&readEnd, &writeEnd, &inherit, 0);
    SetHandleInformation(readEnd, HANDLE_FLAG_INHERIT, 0);
    wchar_t command[MAX_PATH + 40];
    swprintf(command, MAX_PATH + 40, L"\"%ls\" parent", self);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = writeEnd;
    si.hStdError = writeEnd;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    CreateProcessW(NULL, command, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &parent);
    AssignProcessToJobObject(job, parent.hProcess);
    ResumeThread(parent.hThread);
    CloseHandle(writeEnd);
    char buffer[128] = "";
    DWORD n = 0;
    ReadFile(readEnd, buffer, sizeof buffer - 1, &n, NULL);
    buffer[n] = 0;
    DWORD grandchildPid = 0;
    sscanf(buffer, "grandchild-pid=%lu", &grandchildPid);
    HANDLE grandchild = OpenProcess(SYNCHRONIZE, FALSE, grandchildPid);
    CloseHandle(job);
    printf("job-killed-child=%s\n", WaitForSingleObject(parent.hProcess, 5000) == WAIT_OBJECT_0 ? "yes" : "no");
    printf("job-killed-grandchild=%s\n",
           grandchild != NULL && WaitForSingleObject(grandchild, 5000) == WAIT_OBJECT_0 ? "yes" : "no");
    return 0;
}
