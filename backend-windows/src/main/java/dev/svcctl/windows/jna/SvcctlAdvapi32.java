package dev.svcctl.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * The advapi32 calls jna-platform lacks or binds in a way svcctl cannot use (passwords as String, which cannot be
 * wiped). Wide (W) entry points only; char[] arguments are wchar_t strings and must end with a NUL (dependencies with
 * two: a list of NUL-terminated names ending in an empty one). The structures are in {@link ScmStructs}: a Structure
 * nested in a library interface makes JNA load that library just to lay the structure out.
 */
public interface SvcctlAdvapi32 extends StdCallLibrary {
    SvcctlAdvapi32 INSTANCE = Native.load("Advapi32", SvcctlAdvapi32.class, W32APIOptions.UNICODE_OPTIONS);

    int SERVICE_CONFIG_DESCRIPTION = 1;
    int SERVICE_CONFIG_FAILURE_ACTIONS = 2;
    int SERVICE_CONFIG_DELAYED_AUTO_START_INFO = 3;
    int SERVICE_CONFIG_FAILURE_ACTIONS_FLAG = 4;
    int SERVICE_CONFIG_SERVICE_SID_INFO = 5;
    int SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO = 6;
    int SERVICE_CONFIG_PRESHUTDOWN_INFO = 7;
    int SERVICE_NO_CHANGE = 0xffffffff;

    Winsvc.SC_HANDLE CreateServiceW(Winsvc.SC_HANDLE manager, String serviceName, String displayName,
                                    int desiredAccess, int serviceType, int startType, int errorControl,
                                    String binaryPathName, String loadOrderGroup, IntByReference tagId,
                                    char[] dependencies, String serviceStartName, char[] password);

    boolean ChangeServiceConfigW(Winsvc.SC_HANDLE service, int serviceType, int startType, int errorControl,
                                 String binaryPathName, String loadOrderGroup, IntByReference tagId,
                                 char[] dependencies, String serviceStartName, char[] password, String displayName);

    boolean QueryServiceConfigW(Winsvc.SC_HANDLE service, Pointer buffer, int bufferSize, IntByReference needed);

    boolean ChangeServiceConfig2W(Winsvc.SC_HANDLE service, int infoLevel, Structure info);

    boolean QueryServiceConfig2W(Winsvc.SC_HANDLE service, int infoLevel, Pointer buffer, int bufferSize,
                                 IntByReference needed);

    int LsaOpenPolicy(NTSecApi.LSA_UNICODE_STRING.ByReference systemName, ScmStructs.LSA_OBJECT_ATTRIBUTES attributes,
                      int desiredAccess, PointerByReference policyHandle);

    int LsaAddAccountRights(Pointer policyHandle, WinNT.PSID accountSid, NTSecApi.LSA_UNICODE_STRING[] rights,
                            int count);

    int LsaClose(Pointer policyHandle);

    int LsaNtStatusToWinError(int status);

    int POLICY_CREATE_ACCOUNT = 0x10;
    int POLICY_LOOKUP_NAMES = 0x800;
}
