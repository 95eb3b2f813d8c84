package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.os.ProcessRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LaunchctlTimeoutTest {

    @Test
    void aLaunchctlPastItsDeadlineFailsAsATimeoutNotAsAMissingLaunchctl() {
        ProcessRunner hung = (argv, timeout) -> {
            throw new ProcessRunner.TimedOutException(argv, timeout);
        };

        BackendException e = assertThrows(BackendException.class,
                () -> new Launchctl(hung, "launchctl").bootout("system/web", Duration.ofSeconds(10)));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("'launchctl bootout system/web' did not finish within 40s and was ended", e.getMessage());
    }
}
