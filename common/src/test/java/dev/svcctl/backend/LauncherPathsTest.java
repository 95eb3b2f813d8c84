package dev.svcctl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LauncherPathsTest {

    @Test
    void installedLaunchersLast() {
        for (String launcher : List.of("/usr/bin/svcctl", "/opt/svcctl/bin/svcctl", "/usr/local/bin/svcctl",
                "/opt/targets/bin/svcctl", "/srv/tmp/svcctl")) {
            assertEquals(Optional.empty(), LauncherPaths.whyNotDurable(launcher, true), launcher);
        }
    }

    @Test
    void buildTreesAndTemporaryDirectoriesDoNot() {
        assertTrue(LauncherPaths.whyNotDurable("/work/svcctl/dist/target/svcctl-1.0/bin/svcctl", false).orElseThrow()
                .contains("mvn clean"));
        for (String launcher : List.of("/tmp/svcctl/bin/svcctl", "/var/tmp/x/svcctl", "/dev/shm/svcctl",
                "/run/user/1000/svcctl")) {
            assertTrue(LauncherPaths.whyNotDurable(launcher, false).orElseThrow().contains("emptied"), launcher);
        }
    }

    @Test
    void aHomeDirectoryServesAUserServiceButNotASystemOne() {
        assertEquals(Optional.empty(), LauncherPaths.whyNotDurable("/home/ann/.local/bin/svcctl", false));
        assertTrue(LauncherPaths.whyNotDurable("/home/ann/.local/bin/svcctl", true).orElseThrow()
                .contains("home directory"));
        assertTrue(LauncherPaths.whyNotDurable("/root/svcctl/bin/svcctl", true).isPresent());
    }

    @Test
    void windowsPathsFollowTheSameRules() {
        for (String path : List.of("C:\\Program Files\\svcctl", "C:\\Program Files\\svcctl\\jre",
                "D:\\apps\\Java\\jdk-17", "\\\\server\\share\\svcctl", "C:\\UsersData\\jdk")) {
            assertEquals(Optional.empty(), LauncherPaths.whyNotDurable(path, true), path);
        }
        assertTrue(LauncherPaths.whyNotDurable("C:\\Users\\ann\\.jdks\\jdk-17", true).orElseThrow()
                .contains("user profile"));
        assertTrue(LauncherPaths.whyNotDurable("c:\\USERS\\ann", true).isPresent());
        assertEquals(Optional.empty(), LauncherPaths.whyNotDurable("C:\\Users\\ann\\.jdks\\jdk-17", false));
        assertTrue(LauncherPaths.whyNotDurable("C:\\Users\\ann\\AppData\\Local\\Temp\\svcctl", false)
                .orElseThrow().contains("temporary"));
        assertTrue(LauncherPaths.whyNotDurable("C:\\Windows\\Temp\\jre", false).isPresent());
        assertTrue(LauncherPaths.whyNotDurable("C:\\src\\svcctl\\dist\\target\\svcctl-1.0", false)
                .orElseThrow().contains("mvn clean"));
    }
}
