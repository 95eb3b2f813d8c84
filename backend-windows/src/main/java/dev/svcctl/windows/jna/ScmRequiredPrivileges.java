package dev.svcctl.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SERVICE_REQUIRED_PRIVILEGES_INFOW as JnaScm hands it to ChangeServiceConfig2 and reads it back from
 * QueryServiceConfig2. Pure (no call into Windows), so the tests and the in-memory SCM see exactly the bytes SCM is
 * given: each name in UTF-16LE with its NUL, then one more NUL ("A\0B\0\0"); no names is the empty multi-string
 * ("\0\0", two wide NULs), which tells SCM the service requires no particular privileges, i.e. keeps all of its
 * account's.
 */
public final class ScmRequiredPrivileges {
    private ScmRequiredPrivileges() {
    }

    /** The multi-string's bytes, as they lie in native memory. */
    public static byte[] multiString(List<String> privileges) {
        StringBuilder b = new StringBuilder();
        for (String privilege : privileges) {
            b.append(privilege).append('\0');
        }
        if (privileges.isEmpty()) {
            b.append('\0'); // an empty list still ends with two NULs: the empty string, then the terminator
        }
        b.append('\0');
        return b.toString().getBytes(StandardCharsets.UTF_16LE);
    }

    /** The structure for ChangeServiceConfig2(SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO), written to native memory. */
    public static ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO encode(List<String> privileges) {
        byte[] bytes = multiString(privileges);
        Memory text = new Memory(bytes.length);
        text.write(0, bytes, 0, bytes.length);
        ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO info = new ScmStructs.SERVICE_REQUIRED_PRIVILEGES_INFO();
        info.pmszRequiredPrivileges = text;
        info.write();
        return info;
    }

    /**
     * The names of a multi-string as QueryServiceConfig2 returns it; NULL (nothing set) is none. Read as UTF-16 code
     * units, not with getWideString, whose wchar_t is 4 bytes off Windows: so the tests read what Windows would.
     */
    public static List<String> decode(Pointer multiString) {
        List<String> names = new ArrayList<>();
        if (multiString == null) {
            return names;
        }
        StringBuilder name = new StringBuilder();
        for (long offset = 0; ; offset += 2) {
            char c = (char) multiString.getShort(offset);
            if (c != 0) {
                name.append(c);
            } else if (name.length() == 0) {
                return names;
            } else {
                names.add(name.toString());
                name.setLength(0);
            }
        }
    }
}
