package dev.svcctl.windows.jna;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinReg;
import dev.svcctl.windows.runkey.UserRegistry;
import java.util.Optional;

/**
 * {@link UserRegistry} on advapi32 through jna-platform's Advapi32Util: RegOpenKeyEx/RegQueryValueEx to read,
 * RegCreateKeyEx then RegOpenKeyEx/RegSetValueEx (REG_SZ) to write, RegDeleteValue to delete, all under
 * HKEY_CURRENT_USER. runkey.c replays the same calls under Wine.
 */
public final class JnaUserRegistry implements UserRegistry {
    @Override
    public Optional<String> get(String key, String value) throws RegistryException {
        try {
            if (!Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, key, value)) {
                return Optional.empty();
            }
            return Optional.of(Advapi32Util.registryGetStringValue(WinReg.HKEY_CURRENT_USER, key, value));
        } catch (Win32Exception e) {
            throw new RegistryException(e.getErrorCode(), "RegQueryValueEx(HKCU\\" + key + ", " + value + ")");
        } catch (RuntimeException e) {
            // A value of another type than REG_SZ/REG_EXPAND_SZ: it exists, and svcctl never wrote it.
            return Optional.of("");
        }
    }

    @Override
    public void set(String key, String value, String data) throws RegistryException {
        try {
            Advapi32Util.registryCreateKey(WinReg.HKEY_CURRENT_USER, key);
            Advapi32Util.registrySetStringValue(WinReg.HKEY_CURRENT_USER, key, value, data);
        } catch (Win32Exception e) {
            throw new RegistryException(e.getErrorCode(), "RegSetValueEx(HKCU\\" + key + ", " + value + ")");
        }
    }

    @Override
    public java.util.List<String> names(String key) throws RegistryException {
        try {
            if (!Advapi32Util.registryKeyExists(WinReg.HKEY_CURRENT_USER, key)) {
                return java.util.List.of();
            }
            return java.util.List.copyOf(Advapi32Util.registryGetValues(WinReg.HKEY_CURRENT_USER, key).keySet());
        } catch (Win32Exception e) {
            throw new RegistryException(e.getErrorCode(), "RegEnumValue(HKCU\\" + key + ")");
        }
    }

    @Override
    public void delete(String key, String value) throws RegistryException {
        try {
            Advapi32Util.registryDeleteValue(WinReg.HKEY_CURRENT_USER, key, value);
        } catch (Win32Exception e) {
            if (e.getErrorCode() != WinError.ERROR_FILE_NOT_FOUND) {
                throw new RegistryException(e.getErrorCode(), "RegDeleteValue(HKCU\\" + key + ", " + value + ")");
            }
        }
    }
}
