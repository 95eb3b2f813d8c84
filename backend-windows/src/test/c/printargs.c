/*
 * Oracle for Windows command-line quoting: prints the argv this process received, as parsed by the C runtime
 * (wmain's argv) and by CommandLineToArgvW(GetCommandLineW()), each argument as the hex of its UTF-16 code units.
 * Output, one item per line:
 *   raw:<hex of GetCommandLineW()>
 *   crt:<argc>          then argc lines  crt=<hex>
 *   shell:<argc>        then argc lines  shell=<hex>
 * Built with: x86_64-w64-mingw32-gcc -municode -o printargs.exe printargs.c -lshell32
 */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>

/* mingw's runtime would otherwise expand wildcards in arguments, which no real program expects. */
int _dowildcard = 0;

static void print_hex(const char *prefix, const wchar_t *s) {
    printf("%s", prefix);
    for (; *s; s++) {
        printf("%04x", (unsigned) *s);
    }
    printf("\n");
}

int wmain(int argc, wchar_t **argv) {
    print_hex("raw:", GetCommandLineW());
    printf("crt:%d\n", argc);
    for (int i = 0; i < argc; i++) {
        print_hex("crt=", argv[i]);
    }
    int shellArgc = 0;
    LPWSTR *shellArgv = CommandLineToArgvW(GetCommandLineW(), &shellArgc);
    if (shellArgv == NULL) {
        printf("shell:error %lu\n", GetLastError());
    } else {
        printf("shell:%d\n", shellArgc);
        for (int i = 0; i < shellArgc; i++) {
            print_hex("shell=", shellArgv[i]);
        }
        LocalFree(shellArgv);
    }
    fflush(stdout);
    return 0;
}
