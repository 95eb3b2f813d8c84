package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.svcctl.windows.ScmRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What JnaScm gives ChangeServiceConfig2 for SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO and SERVICE_CONFIG_SERVICE_SID_INFO,
 * read from the native memory it passes (the layouts match Windows x64: StructLayoutTest). Wine 8 cannot check the
 * effect: its SCM answers ERROR_INVALID_LEVEL (124) to both levels (config2-levels.txt).
 */
class ScmRequiredPrivilegesTest {

    /** UTF-16LE code units of {@code text}, as Windows' wide strings lie in memory. */
    private static byte[] utf16(String text) {
        byte[] out = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            out[2 * i] = (byte) text.charAt(i);
            out[2 * i + 1] = (byte) (text.charAt(i) >> 8);
        }
        return out;
    }

    private static byte[] pointedTo(ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO info, int length) {
        Pointer text = info.getPointer().getPointer(0);
        assertNotEquals(0L, Pointer.nativeValue(text), "pmszRequiredPrivileges is never NULL");
        return text.getByteArray(0, length);
    }

    @Test
    void theListIsAUtf16MultiStringEndedByAnEmptyString() {
        byte[] expected = utf16("SeChangeNotifyPrivilege\0SeImpersonatePrivilege\0\0");
        assertArrayEquals(expected, ScmRequiredPrivileges.multiString(
                List.of("SeChangeNotifyPrivilege", "SeImpersonatePrivilege")));
        ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO info = ScmRequiredPrivileges.encode(
                List.of("SeChangeNotifyPrivilege", "SeImpersonatePrivilege"));
        assertEquals(8, info.size(), "one pointer");
        assertArrayEquals(expected, pointedTo(info, expected.length));
    }

    @Test
    void strictsOnePrivilegeEndsWithTwoNulCharacters() {
        byte[] bytes = ScmRequiredPrivileges.multiString(List.of("SeChangeNotifyPrivilege"));
        assertEquals(("SeChangeNotifyPrivilege".length() + 2) * 2, bytes.length);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(bytes, bytes.length - 4,
                bytes.length));
        assertArrayEquals(bytes, pointedTo(ScmRequiredPrivileges.encode(List.of("SeChangeNotifyPrivilege")),
                bytes.length));
    }

    /** No privileges: the empty multi-string, an empty string and the terminator, never a NULL pointer. */
    @Test
    void noPrivilegesIsTheEmptyMultiString() {
        assertArrayEquals(new byte[] {0, 0, 0, 0}, ScmRequiredPrivileges.multiString(List.of()));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, pointedTo(ScmRequiredPrivileges.encode(List.of()), 4));
        assertEquals(List.of(), ScmRequiredPrivileges.decode(ScmRequiredPrivileges.encode(List.of())
                .pmszRequiredPrivileges));
        assertEquals(List.of(), ScmRequiredPrivileges.decode(null));
    }

    @Test
    void whatQueryServiceConfig2ReturnsReadsBackAsTheNames() {
        byte[] bytes = utf16("SeChangeNotifyPrivilege\0SeCreateGlobalPrivilege\0\0");
        Memory buffer = new Memory(bytes.length);
        buffer.write(0, bytes, 0, bytes.length);
        assertEquals(List.of("SeChangeNotifyPrivilege", "SeCreateGlobalPrivilege"),
                ScmRequiredPrivileges.decode(buffer));
    }

    @Test
    void theSidTypesAreTheWin32Values() {
        ScmStructs.SERVICE_SID_INFO sid = new ScmStructs.SERVICE_SID_INFO();
        sid.dwServiceSidType = ScmRegistration.SidType.RESTRICTED.win32();
        sid.write();
        assertEquals(3, sid.getPointer().getInt(0), "SERVICE_SID_TYPE_RESTRICTED");
        assertEquals(1, ScmRegistration.SidType.UNRESTRICTED.win32());
        assertEquals(0, ScmRegistration.SidType.NONE.win32());
        assertEquals(ScmRegistration.SidType.RESTRICTED, ScmRegistration.SidType.ofWin32(3));
        assertEquals(ScmRegistration.SidType.NONE, ScmRegistration.SidType.ofWin32(2), "unknown reads as none");
    }
}
