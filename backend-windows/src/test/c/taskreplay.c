/*
 * Replays a Task Scheduler call sequence through the Task Scheduler 2.0 COM API (taskschd: ITaskService,
 * ITaskFolder, IRegisteredTask) and prints each result, for comparison with svcctl's in-memory model. This reaches the
 * calls Wine's schtasks.exe does not implement (/Query, /Run, /End) through the service behind it.
 *
 * Input, one call per line:
 *   create NAME HEX      RegisterTask(NAME, xml, TASK_CREATE)            (HEX: the XML's UTF-16 code units in hex)
 *   replace NAME HEX     RegisterTask(NAME, xml, TASK_CREATE_OR_UPDATE)
 *   query NAME           GetTask, get_Enabled, get_State
 *   run NAME             GetTask, Run
 *   end NAME             GetTask, Stop
 *   delete NAME          DeleteTask
 *   list FOLDER          GetFolder (without the trailing backslash), GetTasks(TASK_ENUM_HIDDEN)
 * Output: "N op -> RESULT" with RESULT one of ok, error CODE (the Win32 code of a FACILITY_WIN32 HRESULT, else the
 * HRESULT as a signed decimal), absent, "present enabled=B running=B", tasks=A,B (names relative to FOLDER).
 * Built with: x86_64-w64-mingw32-gcc -municode -o taskreplay.exe taskreplay.c -ltaskschd -lole32 -loleaut32
 */
#define COBJMACROS
#include <windows.h>
#include <initguid.h>
#include <taskschd.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int _dowildcard = 0;

static long code_of(HRESULT hr) {
    if (HRESULT_FACILITY(hr) == FACILITY_WIN32) {
        return HRESULT_CODE(hr);
    }
    return (long) hr;
}

static int hex_value(wchar_t c) {
    if (c >= L'0' && c <= L'9') return c - L'0';
    if (c >= L'a' && c <= L'f') return c - L'a' + 10;
    if (c >= L'A' && c <= L'F') return c - L'A' + 10;
    return -1;
}

static BSTR decode_hex(const wchar_t *hex) {
    size_t n = wcslen(hex) / 4;
    BSTR out = SysAllocStringLen(NULL, (UINT) n);
    for (size_t i = 0; i < n; i++) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            v = v * 16 + hex_value(hex[4 * i + k]);
        }
        out[i] = (wchar_t) v;
    }
    return out;
}

static ITaskFolder *root;

static HRESULT get_task(const wchar_t *name, IRegisteredTask **task) {
    BSTR path = SysAllocString(name);
    HRESULT hr = ITaskFolder_GetTask(root, path, task);
    SysFreeString(path);
    return hr;
}

static void report(HRESULT hr) {
    if (SUCCEEDED(hr)) {
        printf("ok\n");
    } else {
        printf("error %ld\n", code_of(hr));
    }
}

static void call(wchar_t *op, wchar_t *name, wchar_t *arg) {
    IRegisteredTask *task = NULL;
    VARIANT empty;
    VariantInit(&empty);
    HRESULT hr;
    if (!wcscmp(op, L"create") || !wcscmp(op, L"replace")) {
        BSTR path = SysAllocString(name);
        BSTR xml = decode_hex(arg);
        hr = ITaskFolder_RegisterTask(root, path, xml, !wcscmp(op, L"create") ? TASK_CREATE : TASK_CREATE_OR_UPDATE,
                empty, empty, TASK_LOGON_INTERACTIVE_TOKEN, empty, &task);
        SysFreeString(path);
        SysFreeString(xml);
        report(hr);
    } else if (!wcscmp(op, L"query")) {
        hr = get_task(name, &task);
        if (hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)) {
            printf("absent\n");
        } else if (FAILED(hr)) {
            report(hr);
        } else {
            VARIANT_BOOL enabled = VARIANT_FALSE;
            TASK_STATE state = TASK_STATE_UNKNOWN;
            HRESULT e = IRegisteredTask_get_Enabled(task, &enabled);
            HRESULT s = IRegisteredTask_get_State(task, &state);
            if (FAILED(e) || FAILED(s)) {
                report(FAILED(e) ? e : s);
            } else {
                printf("present enabled=%s running=%s\n", enabled ? "true" : "false",
                        state == TASK_STATE_RUNNING ? "true" : "false");
            }
        }
    } else if (!wcscmp(op, L"run") || !wcscmp(op, L"end")) {
        hr = get_task(name, &task);
        if (SUCCEEDED(hr)) {
            if (!wcscmp(op, L"run")) {
                IRunningTask *running = NULL;
                hr = IRegisteredTask_Run(task, empty, &running);
                if (running) IRunningTask_Release(running);
            } else {
                hr = IRegisteredTask_Stop(task, 0);
            }
        }
        report(hr);
    } else if (!wcscmp(op, L"delete")) {
        BSTR path = SysAllocString(name);
        report(ITaskFolder_DeleteTask(root, path, 0));
        SysFreeString(path);
    } else if (!wcscmp(op, L"list")) {
        ITaskFolder *folder = NULL;
        size_t length = wcslen(name);
        if (length > 1 && name[length - 1] == L'\\') {
            name[length - 1] = 0; /* GetFolder refuses a trailing backslash (ERROR_INVALID_NAME) */
        }
        BSTR path = SysAllocString(name);
        hr = ITaskFolder_GetFolder(root, path, &folder);
        SysFreeString(path);
        if (hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)) {
            printf("tasks=\n");
            return;
        }
        IRegisteredTaskCollection *tasks = NULL;
        if (SUCCEEDED(hr)) hr = ITaskFolder_GetTasks(folder, TASK_ENUM_HIDDEN, &tasks);
        LONG count = 0;
        if (SUCCEEDED(hr)) hr = IRegisteredTaskCollection_get_Count(tasks, &count);
        if (FAILED(hr)) {
            report(hr);
        } else {
            printf("tasks=");
            for (LONG i = 1; i <= count; i++) {
                VARIANT index;
                VariantInit(&index);
                V_VT(&index) = VT_I4;
                V_I4(&index) = i;
                IRegisteredTask *t = NULL;
                BSTR taskName = NULL;
                if (SUCCEEDED(IRegisteredTaskCollection_get_Item(tasks, index, &t))
                        && SUCCEEDED(IRegisteredTask_get_Name(t, &taskName))) {
                    printf("%s%ls", i > 1 ? "," : "", taskName);
                    SysFreeString(taskName);
                }
                if (t) IRegisteredTask_Release(t);
            }
            printf("\n");
        }
        if (tasks) IRegisteredTaskCollection_Release(tasks);
        if (folder) ITaskFolder_Release(folder);
    } else {
        printf("unknown call\n");
    }
    if (task) IRegisteredTask_Release(task);
}

int wmain(void) {
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    ITaskService *service = NULL;
    if (SUCCEEDED(hr)) hr = CoCreateInstance(&CLSID_TaskScheduler, NULL, CLSCTX_INPROC_SERVER, &IID_ITaskService,
            (void **) &service);
    VARIANT empty;
    VariantInit(&empty);
    if (SUCCEEDED(hr)) hr = ITaskService_Connect(service, empty, empty, empty, empty);
    BSTR slash = SysAllocString(L"\\");
    if (SUCCEEDED(hr)) hr = ITaskService_GetFolder(service, slash, &root);
    if (FAILED(hr)) {
        printf("error: cannot reach Task Scheduler: 0x%08lx\n", (unsigned long) hr);
        return 2;
    }
    static wchar_t line[100000];
    int number = 0;
    while (fgetws(line, sizeof line / sizeof line[0], stdin) != NULL) {
        number++;
        line[wcscspn(line, L"\r\n")] = 0;
        wchar_t *context = NULL;
        wchar_t *op = wcstok_s(line, L" ", &context);
        if (op == NULL || op[0] == L'#') {
            continue;
        }
        wchar_t *name = wcstok_s(NULL, L" ", &context);
        wchar_t *arg = wcstok_s(NULL, L" ", &context);
        printf("%d %ls %ls -> ", number, op, name ? name : L"");
        fflush(stdout);
        call(op, name ? name : L"", arg ? arg : L"");
        fflush(stdout);
    }
    ITaskFolder_Release(root);
    ITaskService_Release(service);
    CoUninitialize();
    return 0;
}
