package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ServiceSpec;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The CLI's start-up time depends on the backend never loading JNA unless it acts on a Windows host: construction,
 * detect, check and render run here in a class loader that has no JNA at all.
 */
class NoJnaOnTheRenderPathTest {

    @Test
    void constructDetectCheckAndRenderWithoutJnaOnTheClassPath() throws Exception {
        URL backendClasses = WindowsBackend.class.getProtectionDomain().getCodeSource().getLocation();
        URL testClasses = RenderWithoutJna.class.getProtectionDomain().getCodeSource().getLocation();
        URL common = ServiceSpec.class.getProtectionDomain().getCodeSource().getLocation();
        URL yaml = Yaml.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {backendClasses, testClasses, common, yaml},
                ClassLoader.getPlatformClassLoader())) {
            assertThrowsClassNotFound(isolated, "com.sun.jna.Native");
            Class<?> script = isolated.loadClass(RenderWithoutJna.class.getName());
            Method run = script.getMethod("run");
            @SuppressWarnings("unchecked")
            List<String> result = (List<String>) run.invoke(null);
            assertEquals("windows", result.get(0));
            assertEquals("true", result.get(1));
            assertEquals("0", result.get(2));
            assertTrue(result.get(3).contains("host --name web"), result.get(3));
        }
    }

    private static void assertThrowsClassNotFound(ClassLoader loader, String name) {
        try {
            loader.loadClass(name);
            throw new AssertionError(name + " should not be visible");
        } catch (ClassNotFoundException expected) {
            // the isolated loader really has no JNA
        }
    }
}
