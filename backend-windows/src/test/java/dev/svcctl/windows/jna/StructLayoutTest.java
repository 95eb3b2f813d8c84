package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.windows.WineTools;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layouts JNA computes for the structures svcctl passes to advapi32, against the Windows headers: layout.exe
 * (mingw, x86_64) prints sizeof/offsetof, run under Wine. JNA computes layouts from its own rules, which for these
 * structures (DWORD/BOOL as int, WORD as short, pointers and strings as 8-byte pointers) are the same on Linux x86-64
 * as on Windows x64, so the check runs here; no field here is a C long, the one type whose size differs.
 */
class StructLayoutTest {

    /** C structure name, JNA class, and each C field with its JNA field name. */
    private record Case(String cName, Class<? extends Structure> jnaClass, Map<String, String> fields) {
    }

    private static Map<String, String> same(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return m;
    }

    private static Map<String, String> renamed(String... cAndJna) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < cAndJna.length; i += 2) {
            m.put(cAndJna[i], cAndJna[i + 1]);
        }
        return m;
    }

    private static final List<Case> CASES = List.of(
            new Case("SERVICE_STATUS", Winsvc.SERVICE_STATUS.class, same("dwServiceType", "dwCurrentState",
                    "dwControlsAccepted", "dwWin32ExitCode", "dwServiceSpecificExitCode", "dwCheckPoint",
                    "dwWaitHint")),
            new Case("SERVICE_STATUS_PROCESS", Winsvc.SERVICE_STATUS_PROCESS.class, same("dwServiceType",
                    "dwCurrentState", "dwControlsAccepted", "dwWin32ExitCode", "dwServiceSpecificExitCode",
                    "dwCheckPoint", "dwWaitHint", "dwProcessId", "dwServiceFlags")),
            new Case("ENUM_SERVICE_STATUS_PROCESSW", Winsvc.ENUM_SERVICE_STATUS_PROCESS.class,
                    same("lpServiceName", "lpDisplayName", "ServiceStatusProcess")),
            new Case("SC_ACTION", Winsvc.SC_ACTION.class, renamed("Type", "type", "Delay", "delay")),
            new Case("SERVICE_FAILURE_ACTIONSW", Winsvc.SERVICE_FAILURE_ACTIONS.class,
                    same("dwResetPeriod", "lpRebootMsg", "lpCommand", "cActions", "lpsaActions")),
            new Case("SERVICE_FAILURE_ACTIONSW", ScmStructs.SERVICE_FAILURE_ACTIONS_READ.class,
                    same("dwResetPeriod", "lpRebootMsg", "lpCommand", "cActions", "lpsaActions")),
            new Case("SERVICE_FAILURE_ACTIONS_FLAG", Winsvc.SERVICE_FAILURE_ACTIONS_FLAG.class,
                    same("fFailureActionsOnNonCrashFailures")),
            new Case("SERVICE_DESCRIPTIONW", Winsvc.SERVICE_DESCRIPTION.class, same("lpDescription")),
            new Case("SERVICE_DELAYED_AUTO_START_INFO", ScmStructs.SERVICE_DELAYED_AUTO_START_INFO.class,
                    same("fDelayedAutostart")),
            new Case("SERVICE_PRESHUTDOWN_INFO", ScmStructs.SERVICE_PRESHUTDOWN_INFO.class,
                    same("dwPreshutdownTimeout")),
            new Case("SERVICE_SID_INFO", ScmStructs.SERVICE_SID_INFO.class, same("dwServiceSidType")),
            new Case("SERVICE_REQUIRED_PRIVILEGES_INFOW", ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO.class,
                    same("pmszRequiredPrivileges")),
            new Case("QUERY_SERVICE_CONFIGW", ScmStructs.QUERY_SERVICE_CONFIG.class, same("dwServiceType",
                    "dwStartType", "dwErrorControl", "lpBinaryPathName", "lpLoadOrderGroup", "dwTagId",
                    "lpDependencies", "lpServiceStartName", "lpDisplayName")),
            new Case("SERVICE_TABLE_ENTRYW", Winsvc.SERVICE_TABLE_ENTRY.class, same("lpServiceName", "lpServiceProc")),
            new Case("LSA_UNICODE_STRING", NTSecApi.LSA_UNICODE_STRING.class,
                    same("Length", "MaximumLength", "Buffer")),
            new Case("LSA_OBJECT_ATTRIBUTES", ScmStructs.LSA_OBJECT_ATTRIBUTES.class, same("Length",
                    "RootDirectory", "ObjectName", "Attributes", "SecurityDescriptor", "SecurityQualityOfService")),
            new Case("IO_COUNTERS", ScmStructs.IO_COUNTERS.class, same("ReadOperationCount", "WriteOperationCount",
                    "OtherOperationCount", "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")),
            new Case("JOBOBJECT_BASIC_LIMIT_INFORMATION", ScmStructs.JOBOBJECT_BASIC_LIMIT_INFORMATION.class,
                    same("PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
                            "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass",
                            "SchedulingClass")),
            new Case("JOBOBJECT_EXTENDED_LIMIT_INFORMATION", ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION.class,
                    same("BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit",
                            "PeakProcessMemoryUsed", "PeakJobMemoryUsed")),
            new Case("JOBOBJECT_CPU_RATE_CONTROL_INFORMATION",
                    ScmStructs.JOBOBJECT_CPU_RATE_CONTROL_INFORMATION.class, same("ControlFlags", "CpuRate")),
            new Case("STARTUPINFOW", com.sun.jna.platform.win32.WinBase.STARTUPINFO.class, same("cb", "lpReserved",
                    "lpDesktop", "lpTitle", "dwX", "dwY", "dwXSize", "dwYSize", "dwXCountChars", "dwYCountChars",
                    "dwFillAttribute", "dwFlags", "wShowWindow", "cbReserved2", "lpReserved2", "hStdInput",
                    "hStdOutput", "hStdError")),
            new Case("PROCESS_INFORMATION", com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION.class,
                    same("hProcess", "hThread", "dwProcessId", "dwThreadId")));

    @Test
    void jnaLaysOutEveryStructureAsTheWindowsHeadersDo() throws Exception {
        WineTools.assumeAvailable();
        Path exe = WineTools.compile("layout.exe", List.of("layout.c"));
        WineTools.Result result = WineTools.wine(exe, List.of(), "", 60);
        assertEquals(0, result.exitCode(), result.stderr());
        Map<String, String> windows = new LinkedHashMap<>();
        for (String line : result.stdout().split("\r?\n")) {
            windows.put(line.substring(0, line.indexOf(' ')), line);
        }

        List<String> differences = new ArrayList<>();
        for (Case c : CASES) {
            String expected = windows.get(c.cName());
            String actual = jnaLayout(c);
            if (!actual.equals(expected)) {
                differences.add(c.jnaClass().getName() + "\n  jna:     " + actual + "\n  windows: " + expected);
            }
        }
        assertEquals(List.of(), differences);
    }

    private static String jnaLayout(Case c) throws Exception {
        Structure s = c.jnaClass().getDeclaredConstructor().newInstance();
        Method fieldOffset = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        fieldOffset.setAccessible(true);
        StringBuilder line = new StringBuilder(c.cName()).append(" size=").append(s.size());
        for (var field : c.fields().entrySet()) {
            line.append(' ').append(field.getKey()).append('=').append(fieldOffset.invoke(s, field.getValue()));
        }
        return line.toString();
    }
}
