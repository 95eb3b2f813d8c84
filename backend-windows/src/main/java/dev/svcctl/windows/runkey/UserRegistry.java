package dev.svcctl.windows.runkey;

import java.util.Optional;

/**
 * The narrow registry port of the Run-key autostart: REG_SZ values under keys of HKEY_CURRENT_USER, nothing else.
 * {@code JnaUserRegistry} is the adapter on Windows; tests use an in-memory model and, under Wine, a replay of the
 * same Win32 calls.
 */
public interface UserRegistry {
    /** The REG_SZ data of {@code value} under {@code HKCU\key}; empty when the key or value does not exist. */
    Optional<String> get(String key, String value) throws RegistryException;

    /** Creates {@code HKCU\key} when needed and sets {@code value} to {@code data} as REG_SZ. */
    void set(String key, String value, String data) throws RegistryException;

    /** The names of the values under {@code HKCU\key}; empty when the key does not exist. */
    java.util.List<String> names(String key) throws RegistryException;

    /** Deletes {@code value} under {@code HKCU\key}; a value that does not exist is no error. */
    void delete(String key, String value) throws RegistryException;

    /** A failed registry call and its Win32 error code. */
    final class RegistryException extends Exception {
        private final int code;

        public RegistryException(int code, String call) {
            super(call + " failed with Win32 error " + code);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
