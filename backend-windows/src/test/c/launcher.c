/*
 * Starts printargs.exe (next to this program) once per line of standard input, with the command line given on that
 * line as the hex of its UTF-16 code units, passed to CreateProcessW unchanged.
 *
 * Why a launcher: when Linux starts a Windows program through wine, wine builds the Windows command line from the
 * Linux argv with its own quoting, so a command line svcctl built could not reach the program unchanged that way.
 * Here the command line goes to CreateProcessW exactly as a Windows service host would pass it. The application
 * name is given separately, so argv[0] in the command line may name any program path.
 *
 * Output: "case:<n>" before each run and "exit:<n>:<code>" after it; printargs' own output in between.
 * Built with: x86_64-w64-mingw32-gcc -municode -o launcher.exe launcher.c
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int _dowildcard = 0;

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int wmain(void) {
    wchar_t program[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, program, MAX_PATH);
    wchar_t *slash = wcsrchr(program, L'\\');
    if (n == 0 || slash == NULL) {
        printf("error:cannot find own path\n");
        return 2;
    }
    wcscpy(slash + 1, L"printargs.exe");

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
        if (!CreateProcessW(program, commandLine, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &process)) {
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
