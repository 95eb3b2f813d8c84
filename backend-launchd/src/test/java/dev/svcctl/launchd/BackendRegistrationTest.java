package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Backends;
import dev.svcctl.backend.Host;
import org.junit.jupiter.api.Test;

class BackendRegistrationTest {

    private static Host host(String osName) {
        return new Host() {
            @Override
            public String osName() {
                return osName;
            }

            @Override
            public boolean exists(String path) {
                return false;
            }
        };
    }

    @Test
    void theServiceLoaderFindsTheBackend() {
        assertTrue(Backends.discover().byId("launchd").orElseThrow() instanceof LaunchdBackend);
    }

    @Test
    void detectsMacOsOnly() {
        LaunchdBackend backend = new LaunchdBackend();
        assertTrue(backend.detect(host("Mac OS X")));
        assertFalse(backend.detect(host("Linux")));
        assertFalse(backend.detect(host("Windows 11")));
        assertEquals("launchd", backend.id());
    }
}
