package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.os.ProcessRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemctlTest {

    @Test
    void aSystemctlPastItsDeadlineFailsWithAHintInsteadOfHanging() {
        ProcessRunner hung = (argv, timeout) -> {
            throw new ProcessRunner.TimedOutException(argv, timeout);
        };

        BackendException e = assertThrows(BackendException.class,
                () -> new Systemctl(hung, false).stop(List.of("web.service"), Systemctl.DEFAULT_TIMEOUT));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("'systemctl stop web.service' did not finish within 90s and was ended", e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("systemctl list-jobs"), e.hint()::toString);
    }
}
