/*
 * Runs each command line given on standard input (one per line, as the hex of its UTF-16 code units) with
 * CreateProcessW(NULL, line, ...) as the service host does: no application name, so for a bare program name
 * CreateProcess does its own search, which starts in this program's directory (standing in for the JVM's bin).
 * Output: "case:<n>" before each run and "exit:<n>:<code>" after it; the program's own output in between.
 * Built with: x86_64-w64-mingw32-gcc -municode -o bareexec.exe bareexec.c
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int _dowildcard = 0;

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int wmain(void) {
    static char line[4 * 40000];
    static wchar_t commandLine[40000];
    int caseNumber = 0;
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    SetHandleInformation(out, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strcspn(line, "\r\n");
        if (len % 4 != 0 || len / 4 >= sizeof commandLine / sizeof commandLine[0]) {
            printf("error:bad input line %d\n", caseNumber);
            return 2;
        }
        for (size_t i = 0; i < len / 4; i++) {
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int h = hex_value(line[4 * i + k]);
                if (h < 0) {
                    printf("error:bad hex on line %d\n", caseNumber);
                    return 2;
                }
                v = v * 16 + h;
            }
            commandLine[i] = (wchar_t) v;
        }
        commandLine[len / 4] = 0;
        printf("case:%d\n", caseNumber);
        fflush(stdout);
        STARTUPINFOW startup;
        PROCESS_INFORMATION process;
        memset(&startup, 0, sizeof startup);
        startup.cb = sizeof startup;
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdInput = INVALID_HANDLE_VALUE;
        startup.hStdOutput = out;
        startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        if (!CreateProcessW(NULL, commandLine, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &process)) {
            printf("exit:%d:createprocess-error-%lu\n", caseNumber, GetLastError());
        } else {
            WaitForSingleObject(process.hProcess, INFINITE);
            DWORD code = 0;
            GetExitCodeProcess(process.hProcess, &code);
            CloseHandle(process.hThread);
            CloseHandle(process.hProcess);
            printf("exit:%d:%lu\n", caseNumber, code);
        }
        fflush(stdout);
        caseNumber++;
    }
    return 0;
}
