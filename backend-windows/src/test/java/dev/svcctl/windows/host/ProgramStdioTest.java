package dev.svcctl.windows.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.spec.Signal;
import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramStdioTest {

    private static ProgramStdio.Target target(ProgramStdio.Kind kind) {
        return new ProgramStdio.Target(kind, Optional.empty());
    }

    @Test
    void theSupervisorsRedirectsBecomeHandleKinds() {
        ProcessBuilder builder = new ProcessBuilder("x");
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        assertEquals(new ProgramStdio(target(ProgramStdio.Kind.PIPE), target(ProgramStdio.Kind.NUL)),
                ProgramStdio.of(builder));
        builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(new File("err.log")));
        assertEquals(new ProgramStdio(target(ProgramStdio.Kind.INHERIT),
                new ProgramStdio.Target(ProgramStdio.Kind.FILE_APPEND, Optional.of(new File("err.log")))),
                ProgramStdio.of(builder));
        builder.redirectOutput(new File("out.log"));
        builder.redirectErrorStream(true);
        assertEquals(new ProgramStdio(
                new ProgramStdio.Target(ProgramStdio.Kind.FILE_TRUNCATE, Optional.of(new File("out.log"))),
                target(ProgramStdio.Kind.SAME_AS_OUTPUT)), ProgramStdio.of(builder));
    }

    @Test
    void termAndIntAreCtrlCKillTerminatesAndTheRestHaveNoWindowsMeaning() {
        assertEquals(StopDelivery.CTRL_C, StopDelivery.of(Signal.TERM));
        assertEquals(StopDelivery.CTRL_C, StopDelivery.of(Signal.INT));
        assertEquals(StopDelivery.TERMINATE, StopDelivery.of(Signal.KILL));
        for (Signal other : new Signal[] {Signal.HUP, Signal.QUIT, Signal.USR1, Signal.USR2}) {
            assertEquals(StopDelivery.NONE, StopDelivery.of(other), other.name());
        }
    }
}
