package dev.svcctl.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.platform.win32.W32Errors;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.svcctl.windows.ScmRegistration;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.scm.ScmException;
import dev.svcctl.windows.scm.ServiceConfig;
import dev.svcctl.windows.scm.ServiceHandle;
import dev.svcctl.windows.scm.ServiceManager;
import dev.svcctl.windows.scm.ServiceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link Scm} port on advapi32 through JNA. Only ever loaded (by name) on Windows when an operation needs the
 * real SCM; its behaviour is what InMemoryScm models and ScmConformanceTest checks against Wine.
 */
public final class JnaScm implements Scm {
    private static final Advapi32 ADVAPI = Advapi32.INSTANCE;
    private static final SvcctlAdvapi32 SVC = SvcctlAdvapi32.INSTANCE;
    private static final int SC_MANAGER_CONNECT = 0x0001;
    private static final int SC_MANAGER_ENUMERATE_SERVICE = 0x0004;
    private static final int SC_MANAGER_ALL_ACCESS = 0xF003F;
    private static final int SERVICE_QUERY_STATUS = 0x0004;
    private static final int SERVICE_ALL_ACCESS = 0xF01FF;
    private static final int SERVICE_WIN32 = 0x30;
    private static final int SERVICE_STATE_ALL = 3;
    private static final int SERVICE_ERROR_NORMAL = 1;
    private static final int SERVICE_CONTROL_STOP = 1;
    private static final String SERVICES_KEY = "SYSTEM\\CurrentControlSet\\Services\\";
    private static final String EVENT_SOURCES_KEY = "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\";

    @Override
    public ServiceManager connect(Access access) throws ScmException {
        Winsvc.SC_HANDLE manager = ADVAPI.OpenSCManager(null, null,
                access == Access.ALL ? SC_MANAGER_ALL_ACCESS : SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
        if (manager == null) {
            throw failed("OpenSCManager");
        }
        return new Manager(manager);
    }

    private static ScmException failed(String call) {
        return LastError.scm(call);
    }

    /** A double-NUL-terminated list of names, as lpDependencies wants; an empty list clears them. */
    static char[] multiString(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String name : names) {
            b.append(name).append('\0');
        }
        return b.append('\0').append('\0').toString().toCharArray();
    }

    /** The password as a NUL-terminated wide string; the caller's array is not kept. */
    private static char[] terminated(Optional<char[]> password) {
        if (password.isEmpty()) {
            return null;
        }
        char[] p = password.get();
        char[] out = new char[p.length + 1];
        System.arraycopy(p, 0, out, 0, p.length);
        return out;
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            java.util.Arrays.fill(secret, '\0');
        }
    }

    private static final class Manager implements ServiceManager {
        private final Winsvc.SC_HANDLE handle;

        Manager(Winsvc.SC_HANDLE handle) {
            this.handle = handle;
        }

        @Override
        public ServiceHandle create(ServiceConfig config, Optional<char[]> password) throws ScmException {
            char[] secret = terminated(password);
            Winsvc.SC_HANDLE service;
            try {
                service = SVC.CreateServiceW(handle, config.name(), config.displayName(), SERVICE_ALL_ACCESS,
                        config.serviceType().win32(), config.startType().win32(), SERVICE_ERROR_NORMAL,
                        config.binaryPath(), null, null, multiString(config.dependencies()), config.account(), secret);
            } finally {
                wipe(secret);
            }
            if (service == null) {
                throw failed("CreateService");
            }
            Handle h = new Handle(config.name(), service);
            try {
                h.applyConfig2(config);
            } catch (ScmException e) {
                ADVAPI.DeleteService(service);
                h.close();
                throw e;
            }
            return h;
        }

        @Override
        public ServiceHandle open(String name, Access access) throws ScmException {
            Winsvc.SC_HANDLE service = ADVAPI.OpenService(handle, name,
                    access == Access.ALL ? SERVICE_ALL_ACCESS : SERVICE_QUERY_STATUS);
            if (service == null) {
                throw failed("OpenService");
            }
            return new Handle(name, service);
        }

        @Override
        public List<String> serviceNames() throws ScmException {
            IntByReference needed = new IntByReference();
            IntByReference count = new IntByReference();
            IntByReference resume = new IntByReference(0);
            List<String> names = new ArrayList<>();
            while (true) {
                ADVAPI.EnumServicesStatusEx(handle, Winsvc.SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL,
                        null, 0, needed, count, resume, null);
                int size = needed.getValue();
                if (size == 0) {
                    return names;
                }
                Memory buffer = new Memory(size);
                boolean done = ADVAPI.EnumServicesStatusEx(handle, Winsvc.SC_ENUM_PROCESS_INFO, SERVICE_WIN32,
                        SERVICE_STATE_ALL, buffer, size, needed, count, resume, null);
                int error = done ? 0 : LastError.code();
                if (!done && error != W32Errors.ERROR_MORE_DATA) {
                    throw new ScmException(error, "EnumServicesStatusEx");
                }
                Winsvc.ENUM_SERVICE_STATUS_PROCESS first =
                        com.sun.jna.Structure.newInstance(Winsvc.ENUM_SERVICE_STATUS_PROCESS.class, buffer);
                first.read();
                for (Object entry : first.toArray(count.getValue())) {
                    names.add(((Winsvc.ENUM_SERVICE_STATUS_PROCESS) entry).lpServiceName);
                }
                if (done) {
                    return names;
                }
            }
        }

        @Override
        public Optional<String> readMarker(String serviceName) throws ScmException {
            String key = SERVICES_KEY + serviceName;
            try {
                if (!Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)) {
                    throw new ScmException(ScmException.ERROR_FILE_NOT_FOUND, "RegOpenKeyEx");
                }
                if (!Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key,
                        ScmRegistration.OWNERSHIP_VALUE_NAME)) {
                    return Optional.empty();
                }
                return Optional.of(Advapi32Util.registryGetStringValue(WinReg.HKEY_LOCAL_MACHINE, key,
                        ScmRegistration.OWNERSHIP_VALUE_NAME));
            } catch (Win32Exception e) {
                throw new ScmException(e.getErrorCode(), "RegGetValue");
            }
        }

        @Override
        public void writeMarker(String serviceName, String text) throws ScmException {
            try {
                Advapi32Util.registrySetStringValue(WinReg.HKEY_LOCAL_MACHINE, SERVICES_KEY + serviceName,
                        ScmRegistration.OWNERSHIP_VALUE_NAME, text);
            } catch (Win32Exception e) {
                throw new ScmException(e.getErrorCode(), "RegSetValueEx");
            }
        }

        @Override
        public void removeMarker(String serviceName) throws ScmException {
            String key = SERVICES_KEY + serviceName;
            try {
                if (Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key,
                        ScmRegistration.OWNERSHIP_VALUE_NAME)) {
                    Advapi32Util.registryDeleteValue(WinReg.HKEY_LOCAL_MACHINE, key,
                            ScmRegistration.OWNERSHIP_VALUE_NAME);
                }
            } catch (Win32Exception e) {
                throw new ScmException(e.getErrorCode(), "RegDeleteValue");
            }
        }

        @Override
        public void registerEventSource(String serviceName, String messageFile) throws ScmException {
            String key = EVENT_SOURCES_KEY + serviceName;
            try {
                if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)
                        && !Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key,
                        ScmRegistration.OWNERSHIP_VALUE_NAME)) {
                    return;
                }
                Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, key);
                Advapi32Util.registrySetExpandableStringValue(WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile",
                        messageFile);
                Advapi32Util.registrySetIntValue(WinReg.HKEY_LOCAL_MACHINE, key, "TypesSupported",
                        ScmRegistration.EVENT_TYPES_SUPPORTED);
                Advapi32Util.registrySetStringValue(WinReg.HKEY_LOCAL_MACHINE, key,
                        ScmRegistration.OWNERSHIP_VALUE_NAME, serviceName);
            } catch (Win32Exception e) {
                throw new ScmException(e.getErrorCode(), "RegSetValueEx");
            }
        }

        @Override
        public void removeEventSource(String serviceName) throws ScmException {
            String key = EVENT_SOURCES_KEY + serviceName;
            try {
                if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)
                        && Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key,
                        ScmRegistration.OWNERSHIP_VALUE_NAME)) {
                    Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, key);
                }
            } catch (Win32Exception e) {
                throw new ScmException(e.getErrorCode(), "RegDeleteKey");
            }
        }

        @Override
        public void grantServiceLogonRight(String account) throws ScmException {
            WinNT.PSID sid;
            try {
                sid = new WinNT.PSID(Advapi32Util.getAccountByName(account).sid);
            } catch (Win32Exception e) {
                throw new ScmException(e.getErrorCode(), "LookupAccountName");
            }
            PointerByReference policy = new PointerByReference();
            int status = SVC.LsaOpenPolicy(null, new ScmStructs.LSA_OBJECT_ATTRIBUTES(),
                    SvcctlAdvapi32.POLICY_CREATE_ACCOUNT | SvcctlAdvapi32.POLICY_LOOKUP_NAMES, policy);
            if (status != 0) {
                throw new ScmException(SVC.LsaNtStatusToWinError(status), "LsaOpenPolicy");
            }
            try {
                NTSecApi.LSA_UNICODE_STRING right = lsaString("SeServiceLogonRight");
                status = SVC.LsaAddAccountRights(policy.getValue(), sid, new NTSecApi.LSA_UNICODE_STRING[] {right}, 1);
                if (status != 0) {
                    throw new ScmException(SVC.LsaNtStatusToWinError(status), "LsaAddAccountRights");
                }
            } finally {
                SVC.LsaClose(policy.getValue());
            }
        }

        private static NTSecApi.LSA_UNICODE_STRING lsaString(String text) {
            NTSecApi.LSA_UNICODE_STRING s = new NTSecApi.LSA_UNICODE_STRING();
            Memory buffer = new Memory((text.length() + 1) * 2L);
            buffer.setWideString(0, text);
            s.Buffer = buffer;
            s.Length = (short) (text.length() * 2);
            s.MaximumLength = (short) ((text.length() + 1) * 2);
            return s;
        }

        @Override
        public void close() {
            ADVAPI.CloseServiceHandle(handle);
        }
    }

    private static final class Handle implements ServiceHandle {
        private final String name;
        private Winsvc.SC_HANDLE handle;

        Handle(String name, Winsvc.SC_HANDLE handle) {
            this.name = name;
            this.handle = handle;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ServiceConfig queryConfig() throws ScmException {
            ScmStructs.QUERY_SERVICE_CONFIG c = new ScmStructs.QUERY_SERVICE_CONFIG(
                    queryBuffer(level -> SVC.QueryServiceConfigW(handle, level.buffer, level.size, level.needed), 0,
                            "QueryServiceConfig"));
            Pointer description = new ScmStructs.SERVICE_DESCRIPTION_READ(
                    config2(SvcctlAdvapi32.SERVICE_CONFIG_DESCRIPTION)).lpDescription;
            boolean delayed = new ScmStructs.SERVICE_DELAYED_AUTO_START_INFO(
                    config2(SvcctlAdvapi32.SERVICE_CONFIG_DELAYED_AUTO_START_INFO)).fDelayedAutostart;
            ScmStructs.SERVICE_FAILURE_ACTIONS_READ failure = new ScmStructs.SERVICE_FAILURE_ACTIONS_READ(
                    config2(SvcctlAdvapi32.SERVICE_CONFIG_FAILURE_ACTIONS));
            List<ScmRegistration.Action> actions = ScmFailureActions.decode(failure.lpsaActions, failure.cActions);
            boolean flag = new Winsvc.SERVICE_FAILURE_ACTIONS_FLAG() {
                {
                    useMemory(config2(SvcctlAdvapi32.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG));
                    read();
                }
            }.fFailureActionsOnNonCrashFailures != 0;
            int preshutdown = new ScmStructs.SERVICE_PRESHUTDOWN_INFO(
                    config2(SvcctlAdvapi32.SERVICE_CONFIG_PRESHUTDOWN_INFO)).dwPreshutdownTimeout;
            int sidType = new ScmStructs.SERVICE_SID_INFO(
                    config2(SvcctlAdvapi32.SERVICE_CONFIG_SERVICE_SID_INFO)).dwServiceSidType;
            List<String> privileges = requiredPrivileges();
            List<String> dependencies = new ArrayList<>();
            if (c.lpDependencies != null) {
                long offset = 0;
                for (String d = c.lpDependencies.getWideString(0); !d.isEmpty();
                     d = c.lpDependencies.getWideString(offset)) {
                    dependencies.add(d);
                    offset += (d.length() + 1) * 2L;
                }
            }
            return new ServiceConfig(name, wide(c.lpDisplayName), wide(c.lpBinaryPathName),
                    startType(c.dwStartType), delayed, wide(c.lpServiceStartName), dependencies, wide(description),
                    new ScmRegistration.FailureActions(actions, Integer.toUnsignedLong(failure.dwResetPeriod), flag,
                            wide(failure.lpCommand)),
                    OptionalLong.of(Integer.toUnsignedLong(preshutdown)),
                    ScmRegistration.SidType.ofWin32(sidType), privileges,
                    ScmRegistration.ServiceType.ofWin32(c.dwServiceType));
        }

        private static ScmRegistration.StartType startType(int win32) {
            return ScmRegistration.Coded.ofWin32(ScmRegistration.StartType.values(), win32,
                    ScmRegistration.StartType.DEMAND);
        }

        private static String wide(Pointer p) {
            return p == null ? "" : p.getWideString(0);
        }

        private record Query(Pointer buffer, int size, IntByReference needed) {
        }

        private interface QueryCall {
            boolean call(Query q);
        }

        /** Calls a Query* function twice: once for the size, then with a buffer that large. */
        private static Pointer queryBuffer(QueryCall call, int unused, String name) throws ScmException {
            IntByReference needed = new IntByReference();
            call.call(new Query(null, 0, needed));
            int size = Math.max(needed.getValue(), 8);
            Memory buffer = new Memory(size);
            buffer.clear();
            if (!call.call(new Query(buffer, size, needed))) {
                throw failed(name);
            }
            return buffer;
        }

        private List<String> requiredPrivileges() throws ScmException {
            return ScmRequiredPrivileges.decode(new ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO(
                    config2(SvcctlAdvapi32.SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO)).pmszRequiredPrivileges);
        }

        private Pointer config2(int level) throws ScmException {
            return queryBuffer(q -> SVC.QueryServiceConfig2W(handle, level, q.buffer, q.size, q.needed), 0,
                    "QueryServiceConfig2(" + level + ")");
        }

        @Override
        public void changeConfig(ServiceConfig config, Optional<char[]> password) throws ScmException {
            char[] secret = terminated(password);
            boolean ok;
            try {
                ok = SVC.ChangeServiceConfigW(handle, config.serviceType().win32(), config.startType().win32(),
                        SvcctlAdvapi32.SERVICE_NO_CHANGE, config.binaryPath(), null, null,
                        multiString(config.dependencies()), config.account(), secret, config.displayName());
            } finally {
                wipe(secret);
            }
            if (!ok) {
                throw failed("ChangeServiceConfig");
            }
            applyConfig2(config);
        }

        void applyConfig2(ServiceConfig config) throws ScmException {
            Winsvc.SERVICE_DESCRIPTION description = new Winsvc.SERVICE_DESCRIPTION();
            description.lpDescription = config.description();
            change2(SvcctlAdvapi32.SERVICE_CONFIG_DESCRIPTION, description);

            ScmStructs.SERVICE_DELAYED_AUTO_START_INFO delayed = new ScmStructs.SERVICE_DELAYED_AUTO_START_INFO();
            delayed.fDelayedAutostart = config.delayedAutoStart();
            change2(SvcctlAdvapi32.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, delayed);

            Winsvc.SERVICE_FAILURE_ACTIONS failure = ScmFailureActions.encode(config.failureActions());
            if (config.failureActions().reboots()) {
                // SC_ACTION_REBOOT is accepted only from a caller with SE_SHUTDOWN_NAME enabled (administrators hold
                // it disabled); enabled on this thread's token for the one call, then put back.
                try (Advapi32Util.Privilege shutdown =
                             new Advapi32Util.Privilege(ScmRegistration.REBOOT_PRIVILEGE).enable()) {
                    change2(SvcctlAdvapi32.SERVICE_CONFIG_FAILURE_ACTIONS, failure);
                } catch (Win32Exception e) {
                    throw new ScmException(e.getErrorCode(),
                            "AdjustTokenPrivileges(" + ScmRegistration.REBOOT_PRIVILEGE + ")");
                }
            } else {
                change2(SvcctlAdvapi32.SERVICE_CONFIG_FAILURE_ACTIONS, failure);
            }

            Winsvc.SERVICE_FAILURE_ACTIONS_FLAG flag = new Winsvc.SERVICE_FAILURE_ACTIONS_FLAG();
            flag.fFailureActionsOnNonCrashFailures = config.failureActions().onNonCrashFailures() ? 1 : 0;
            change2(SvcctlAdvapi32.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, flag);

            if (config.preshutdownTimeoutMs().isPresent()) {
                ScmStructs.SERVICE_PRESHUTDOWN_INFO preshutdown = new ScmStructs.SERVICE_PRESHUTDOWN_INFO();
                preshutdown.dwPreshutdownTimeout = (int) config.preshutdownTimeoutMs().getAsLong();
                change2(SvcctlAdvapi32.SERVICE_CONFIG_PRESHUTDOWN_INFO, preshutdown);
            }

            ScmStructs.SERVICE_SID_INFO sid = new ScmStructs.SERVICE_SID_INFO();
            sid.dwServiceSidType = config.sidType().win32();
            change2(SvcctlAdvapi32.SERVICE_CONFIG_SERVICE_SID_INFO, sid);

            // No privileges to require is only written over a list SCM holds (to clear it), so that a service without
            // hardening gets exactly the calls it always got.
            if (!config.requiredPrivileges().isEmpty() || !requiredPrivileges().isEmpty()) {
                change2(SvcctlAdvapi32.SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO,
                        ScmRequiredPrivileges.encode(config.requiredPrivileges()));
            }
        }

        private void change2(int level, com.sun.jna.Structure info) throws ScmException {
            info.write();
            if (!SVC.ChangeServiceConfig2W(handle, level, info)) {
                throw failed("ChangeServiceConfig2(" + level + ")");
            }
        }

        @Override
        public void start() throws ScmException {
            if (!ADVAPI.StartService(handle, 0, null)) {
                throw failed("StartService");
            }
        }

        @Override
        public void stop() throws ScmException {
            if (!ADVAPI.ControlService(handle, SERVICE_CONTROL_STOP, new Winsvc.SERVICE_STATUS())) {
                throw failed("ControlService");
            }
        }

        @Override
        public ServiceState query() throws ScmException {
            Winsvc.SERVICE_STATUS_PROCESS status = new Winsvc.SERVICE_STATUS_PROCESS();
            IntByReference needed = new IntByReference();
            if (!ADVAPI.QueryServiceStatusEx(handle, Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO, status,
                    status.size(), needed)) {
                throw failed("QueryServiceStatusEx");
            }
            return new ServiceState(ServiceState.State.of(status.dwCurrentState),
                    status.dwProcessId == 0 ? OptionalLong.empty() : OptionalLong.of(status.dwProcessId),
                    status.dwWin32ExitCode, status.dwServiceSpecificExitCode);
        }

        @Override
        public void delete() throws ScmException {
            if (!ADVAPI.DeleteService(handle)) {
                throw failed("DeleteService");
            }
        }

        @Override
        public void close() {
            if (handle != null) {
                ADVAPI.CloseServiceHandle(handle);
                handle = null;
            }
        }
    }
}
