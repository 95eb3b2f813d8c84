package dev.svcctl.windows.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.supervisor.SupervisorEvent;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LifecycleEventTest {

    private static Optional<LifecycleEvent> of(Kind kind, boolean stopRequested) {
        return LifecycleEvent.of(new SupervisorEvent(kind, "m", OptionalLong.empty()), stopRequested);
    }

    @Test
    void supervisorEventsMapToLifecycleEvents() {
        assertEquals(Optional.of(LifecycleEvent.STARTED), of(Kind.STARTED, false));
        assertEquals(Optional.of(LifecycleEvent.EXITED), of(Kind.EXITED, false));
        assertEquals(Optional.of(LifecycleEvent.RESTARTING), of(Kind.RESTARTING, false));
        assertEquals(Optional.of(LifecycleEvent.START_FAILED), of(Kind.START_FAILED, false));
        assertEquals(Optional.of(LifecycleEvent.UNHEALTHY), of(Kind.UNHEALTHY, false));
        assertEquals(Optional.of(LifecycleEvent.KILLED), of(Kind.KILLING, true));
        assertEquals(Optional.of(LifecycleEvent.WARNING), of(Kind.WARNING, false));
        for (Kind quiet : new Kind[] {Kind.HEALTH, Kind.STOPPING, Kind.RELOADED, Kind.FINISHED, Kind.READY,
                Kind.NOT_READY}) {
            assertEquals(Optional.empty(), of(quiet, false), quiet.name());
        }
    }

    @Test
    void anExitAfterAStopRequestIsNotACrash() {
        assertEquals(Optional.empty(), of(Kind.EXITED, true));
    }

    @Test
    void eventIdsAreDistinctAndSeverityFollowsMeaning() {
        assertEquals(LifecycleEvent.values().length,
                new HashSet<>(Arrays.stream(LifecycleEvent.values()).map(LifecycleEvent::eventId).toList()).size());
        assertEquals(EventLog.Type.ERROR, LifecycleEvent.GAVE_UP.type());
        assertEquals(EventLog.Type.WARNING, LifecycleEvent.EXITED.type());
        assertEquals(EventLog.Type.INFORMATION, LifecycleEvent.STOPPED.type());
        assertEquals(1, EventLog.Type.ERROR.win32());
        assertEquals(2, EventLog.Type.WARNING.win32());
        assertEquals(4, EventLog.Type.INFORMATION.win32());
    }
}
