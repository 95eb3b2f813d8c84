package dev.svcctl.windows.runkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Run-key autostart's ownership and update rules, on the in-memory registry. */
class RunKeyAutostartTest {
    private final InMemoryUserRegistry registry = new InMemoryUserRegistry();
    private final RunKeyAutostart runKey = new RunKeyAutostart(registry);
    private static final String LINE = "\"C:\\Java\\bin\\javaw.exe\" -cp x dev.svcctl.cli.Main run"
            + " \"C:\\Users\\a b\\AppData\\Local\\svcctl\\services\\app.yaml\"";

    @Test
    void writtenThenUnchangedThenUpdatedThenRemoved() throws Exception {
        assertEquals(RunKeyAutostart.State.ABSENT, runKey.state("app"));
        assertEquals(RunKeyAutostart.Outcome.CREATED, runKey.apply("app", LINE, "f1", false, false));
        assertEquals(Optional.of(LINE), registry.get(RunKeyAutostart.RUN_KEY, "app"));
        assertEquals(RunKeyAutostart.State.OURS, runKey.state("app"));
        assertEquals(RunKeyAutostart.Outcome.UNCHANGED, runKey.apply("app", LINE, "f1", false, false));
        assertEquals(RunKeyAutostart.Outcome.UPDATED, runKey.apply("app", LINE + " x", "f2", false, false));
        assertEquals(Optional.of(LINE + " x"), registry.get(RunKeyAutostart.RUN_KEY, "app"));
        assertTrue(runKey.remove("app", false));
        assertEquals(Optional.empty(), registry.get(RunKeyAutostart.RUN_KEY, "app"));
        assertEquals(Optional.empty(), registry.get(RunKeyAutostart.MARKER_KEY, "app"));
        assertFalse(runKey.remove("app", false), "a second uninstall finds nothing");
    }

    @Test
    void aValueSvcctlDidNotWriteIsRefusedAndLeftAloneUnlessForced() throws Exception {
        registry.set(RunKeyAutostart.RUN_KEY, "App", "C:\\theirs\\tray.exe");
        assertEquals(RunKeyAutostart.State.FOREIGN, runKey.state("app"), "value names ignore case");
        assertThrows(RunKeyAutostart.ForeignValueException.class, () -> runKey.apply("app", LINE, "f", false, false));
        assertThrows(RunKeyAutostart.ForeignValueException.class, () -> runKey.remove("app", false));
        assertEquals(Optional.of("C:\\theirs\\tray.exe"), registry.get(RunKeyAutostart.RUN_KEY, "app"));
        assertEquals(Optional.empty(), registry.get(RunKeyAutostart.MARKER_KEY, "app"));
        assertFalse(runKey.installed("app"));

        assertEquals(RunKeyAutostart.Outcome.TAKEN_OVER, runKey.apply("app", LINE, "f", true, false));
        assertEquals(RunKeyAutostart.State.OURS, runKey.state("app"));
    }

    @Test
    void aHandEditIsDriftThatInstallRepairsAndADryRunWritesNothing() throws Exception {
        runKey.apply("app", LINE, "f", false, false);
        registry.set(RunKeyAutostart.RUN_KEY, "app", LINE + " --edited");
        assertEquals(RunKeyAutostart.State.DRIFTED, runKey.state("app"));
        int before = registry.calls().size();
        assertEquals(RunKeyAutostart.Outcome.REPAIRED, runKey.apply("app", LINE, "f", false, true));
        assertTrue(registry.calls().subList(before, registry.calls().size()).stream()
                .noneMatch(c -> c.startsWith("set")), registry.calls().toString());
        assertEquals(RunKeyAutostart.Outcome.REPAIRED, runKey.apply("app", LINE, "f", false, false));
        assertEquals(Optional.of(LINE), registry.get(RunKeyAutostart.RUN_KEY, "app"));
    }

    @Test
    void aValueThatNoLongerRunsThisServicesSpecIsForeignEvenWithARecordLeft() throws Exception {
        runKey.apply("app", LINE, "f", false, false);
        // The user removed svcctl's value; another program took the name. svcctl's record is still there.
        registry.set(RunKeyAutostart.RUN_KEY, "app", "C:\\Tools\\tray.exe --minimized");
        assertEquals(RunKeyAutostart.State.FOREIGN, runKey.state("app"));
        assertThrows(RunKeyAutostart.ForeignValueException.class, () -> runKey.apply("app", LINE, "f", false, false));
        assertThrows(RunKeyAutostart.ForeignValueException.class, () -> runKey.remove("app", false));
        assertEquals(Optional.of("C:\\Tools\\tray.exe --minimized"), registry.get(RunKeyAutostart.RUN_KEY, "app"));
    }
}
