/*
 * Says which program ran and with what: the module path (GetModuleFileNameW) and the argv the C runtime parsed
 * (wmain), each as the hex of its UTF-16 code units.
 * Output:  module:<hex>   argc:<n>   then n lines  arg=<hex>
 * Built with: x86_64-w64-mingw32-gcc -municode -o whichran.exe whichran.c
 */
#include <windows.h>
#include <stdio.h>

int _dowildcard = 0;

static void print_hex(const char *prefix, const wchar_t *s) {
    printf("%s", prefix);
    for (; *s; s++) {
        printf("%04x", (unsigned) *s);
    }
    printf("\n");
}

int wmain(int argc, wchar_t **argv) {
    wchar_t module[32768];
    DWORD n = GetModuleFileNameW(NULL, module, 32768);
    module[n < 32768 ? n : 32767] = 0;
    print_hex("module:", module);
    printf("argc:%d\n", argc);
    for (int i = 0; i < argc; i++) {
        print_hex("arg=", argv[i]);
    }
    fflush(stdout);
    return 0;
}
