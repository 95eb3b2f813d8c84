/*
 * The registry calls of svcctl's JnaUserRegistry (jna-platform's Advapi32Util) under HKEY_CURRENT_USER, one request per
 * line on stdin, one answer per line on stdout, so that svcctl's Run-key logic can run in Java over Wine's real
 * registry. Names and data are hex of UTF-16 code units.
 *   get KEY VALUE         RegOpenKeyExW(KEY_READ) + RegQueryValueExW (size, then data): "absent" | "data HEX" |
 *                         "type N" (not REG_SZ/REG_EXPAND_SZ) | "error N"
 *   set KEY VALUE DATA    RegCreateKeyExW(KEY_READ), then RegOpenKeyExW(KEY_READ|KEY_WRITE) + RegSetValueExW(REG_SZ,
 *                         the data with its terminating NUL): "ok" | "error N"
 *   delete KEY VALUE      RegOpenKeyExW(KEY_READ|KEY_WRITE) + RegDeleteValueW: "ok" | "error N"
 * Built with: x86_64-w64-mingw32-gcc -municode -o runkey.exe runkey.c -ladvapi32
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static wchar_t *unhex(const char *hex, wchar_t *out, size_t capacity) {
    size_t n = hex == NULL ? 0 : strlen(hex) / 4;
    if (n >= capacity) n = capacity - 1;
    for (size_t i = 0; i < n; i++) {
        char part[5] = {hex[4 * i], hex[4 * i + 1], hex[4 * i + 2], hex[4 * i + 3], 0};
        out[i] = (wchar_t) strtoul(part, NULL, 16);
    }
    out[n] = 0;
    return out;
}

static void get(const wchar_t *key, const wchar_t *value) {
    HKEY h;
    LONG rc = RegOpenKeyExW(HKEY_CURRENT_USER, key, 0, KEY_READ, &h);
    if (rc == ERROR_FILE_NOT_FOUND) {
        printf("absent\n");
        return;
    }
    if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
        return;
    }
    DWORD type = 0, size = 0;
    rc = RegQueryValueExW(h, value, NULL, &type, NULL, &size);
    if (rc == ERROR_FILE_NOT_FOUND) {
        printf("absent\n");
    } else if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
    } else if (type != REG_SZ && type != REG_EXPAND_SZ) {
        printf("type %lu\n", type);
    } else {
        wchar_t *data = calloc(size / 2 + 2, sizeof(wchar_t));
        rc = RegQueryValueExW(h, value, NULL, &type, (BYTE *) data, &size);
        if (rc != ERROR_SUCCESS) {
            printf("error %ld\n", rc);
        } else {
            printf("data ");
            for (wchar_t *c = data; *c; c++) printf("%04x", (unsigned) *c);
            printf("\n");
        }
        free(data);
    }
    RegCloseKey(h);
}

static void set(const wchar_t *key, const wchar_t *value, const wchar_t *data) {
    HKEY h;
    DWORD disposition;
    LONG rc = RegCreateKeyExW(HKEY_CURRENT_USER, key, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_READ, NULL, &h,
            &disposition);
    if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
        return;
    }
    RegCloseKey(h);
    rc = RegOpenKeyExW(HKEY_CURRENT_USER, key, 0, KEY_READ | KEY_WRITE, &h);
    if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
        return;
    }
    rc = RegSetValueExW(h, value, 0, REG_SZ, (const BYTE *) data, (DWORD) ((wcslen(data) + 1) * sizeof(wchar_t)));
    RegCloseKey(h);
    if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
    } else {
        printf("ok\n");
    }
}

static void delete_value(const wchar_t *key, const wchar_t *value) {
    HKEY h;
    LONG rc = RegOpenKeyExW(HKEY_CURRENT_USER, key, 0, KEY_READ | KEY_WRITE, &h);
    if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
        return;
    }
    rc = RegDeleteValueW(h, value);
    RegCloseKey(h);
    if (rc != ERROR_SUCCESS) {
        printf("error %ld\n", rc);
    } else {
        printf("ok\n");
    }
}

int wmain(void) {
    static char line[70000];
    static wchar_t key[1000], value[1000], data[20000];
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        char *op = strtok(line, " ");
        if (op == NULL) continue;
        unhex(strtok(NULL, " "), key, 1000);
        unhex(strtok(NULL, " "), value, 1000);
        if (strcmp(op, "get") == 0) {
            get(key, value);
        } else if (strcmp(op, "set") == 0) {
            set(key, value, unhex(strtok(NULL, " "), data, 20000));
        } else if (strcmp(op, "delete") == 0) {
            delete_value(key, value);
        } else {
            printf("error 87\n");
        }
        fflush(stdout);
    }
    return 0;
}
