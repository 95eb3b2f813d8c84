package dev.svcctl.windows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.windows.WineTools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code schtasks /End} does to a user-scope program, on a real Windows API implementation (Wine). End
 * terminates the process the task started, the svcctl run supervisor (Microsoft: /End "stops only the instances of a
 * program started by a scheduled task"); Wine's schtasks lacks /End, so endsupervisor.exe ends a stand-in supervisor
 * with TerminateProcess itself. The program and its child die with the supervisor because WindowsProcessPort puts
 * them in a KILL_ON_JOB_CLOSE job whose only handle the supervisor holds; without the job they would live on.
 */
class EndTaskWineTest {

    @Test
    void endingTheSupervisorEndsTheProgramTreeOnlyThroughTheJob() throws Exception {
        WineTools.assumeAvailable();
        Path exe = WineTools.compile("endsupervisor.exe", List.of("endsupervisor.c"), "-municode");
        WineTools.Result r = WineTools.wine(exe, List.of(), "", 90);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(List.of("job: program-died=yes grandchild-died=yes",
                "nojob: program-died=no grandchild-died=no"), List.of(r.stdout().strip().split("\r?\n")));
    }
}
