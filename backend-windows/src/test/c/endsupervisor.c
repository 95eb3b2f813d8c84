/*
 * What "schtasks /End" does to a user-scope service's program. Task Scheduler ends the process the task started
 * (documented: /End "stops only the instances of a program started by a scheduled task"; other processes need
 * TaskKill), and that process is the svcctl run supervisor. This program plays both sides:
 *  - "supervisor job|nojob": starts "program" the way WindowsProcessPort does (suspended, in a
 *    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE job, then resumed) or, for comparison, without a job; then waits forever;
 *  - "program": starts "grandchild", prints "program=PID grandchild=PID" and waits forever;
 *  - no argument: for each mode, starts a supervisor, reads the pids, ends the supervisor with TerminateProcess
 *    (abruptly, as End does: no Ctrl-C, no chance to clean up) and reports whether the program and the grandchild
 *    died with it: "job: program-died=yes|no grandchild-died=yes|no", the same for "nojob", and kills leftovers.
 * Built with: x86_64-w64-mingw32-gcc -municode -o endsupervisor.exe endsupervisor.c
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static wchar_t self[MAX_PATH];

static BOOL spawn(const wchar_t *role, DWORD flags, HANDLE out, PROCESS_INFORMATION *pi) {
    wchar_t command[MAX_PATH + 40];
    swprintf(command, MAX_PATH + 40, L"\"%ls\" %ls", self, role);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = INVALID_HANDLE_VALUE;
    si.hStdOutput = out;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    return CreateProcessW(NULL, command, NULL, NULL, TRUE, flags, NULL, NULL, &si, pi);
}

static int supervisor(BOOL withJob) {
    PROCESS_INFORMATION program;
    if (!spawn(L"program", CREATE_SUSPENDED, GetStdHandle(STD_OUTPUT_HANDLE), &program)) {
        return 3;
    }
    if (withJob) {
        HANDLE job = CreateJobObjectW(NULL, NULL);
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
        memset(&limits, 0, sizeof limits);
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)
                || !AssignProcessToJobObject(job, program.hProcess)) {
            return 4;
        }
    }
    ResumeThread(program.hThread);
    Sleep(INFINITE);
    return 0;
}

static int program(void) {
    PROCESS_INFORMATION grandchild;
    if (!spawn(L"grandchild", 0, GetStdHandle(STD_OUTPUT_HANDLE), &grandchild)) {
        return 5;
    }
    printf("program=%lu grandchild=%lu\n", GetCurrentProcessId(), grandchild.dwProcessId);
    fflush(stdout);
    Sleep(INFINITE);
    return 0;
}

static const char *died(HANDLE process) {
    return WaitForSingleObject(process, 5000) == WAIT_OBJECT_0 ? "yes" : "no";
}

static int end_supervisor(const wchar_t *mode) {
    SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
    HANDLE readEnd, writeEnd;
    if (!CreatePipe(&readEnd, &writeEnd, &inherit, 0)) {
        return 6;
    }
    SetHandleInformation(readEnd, HANDLE_FLAG_INHERIT, 0);
    wchar_t role[40];
    swprintf(role, 40, L"supervisor %ls", mode);
    PROCESS_INFORMATION sup;
    if (!spawn(role, 0, writeEnd, &sup)) {
        return 7;
    }
    CloseHandle(writeEnd);
    char line[200];
    DWORD got = 0, n;
    while (got < sizeof line - 1 && ReadFile(readEnd, line + got, 1, &n, NULL) && n == 1 && line[got] != '\n') {
        got++;
    }
    line[got] = 0;
    unsigned long programPid = 0, grandchildPid = 0;
    if (sscanf(line, "program=%lu grandchild=%lu", &programPid, &grandchildPid) != 2) {
        printf("%ls: no pids (%s)\n", mode, line);
        TerminateProcess(sup.hProcess, 1);
        return 8;
    }
    HANDLE p = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, programPid);
    HANDLE g = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, grandchildPid);
    TerminateProcess(sup.hProcess, 1);
    WaitForSingleObject(sup.hProcess, 5000);
    printf("%ls: program-died=%s grandchild-died=%s\n", mode, died(p), died(g));
    fflush(stdout);
    TerminateProcess(p, 1);
    TerminateProcess(g, 1);
    CloseHandle(readEnd);
    return 0;
}

int wmain(int argc, wchar_t **argv) {
    GetModuleFileNameW(NULL, self, MAX_PATH);
    if (argc >= 3 && !wcscmp(argv[1], L"supervisor")) {
        return supervisor(!wcscmp(argv[2], L"job"));
    }
    if (argc >= 2 && !wcscmp(argv[1], L"program")) {
        return program();
    }
    if (argc >= 2 && !wcscmp(argv[1], L"grandchild")) {
        Sleep(INFINITE);
        return 0;
    }
    int rc = end_supervisor(L"job");
    return rc != 0 ? rc : end_supervisor(L"nojob");
}
