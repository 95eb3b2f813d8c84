package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.windows.ScmRegistration;
import dev.svcctl.windows.scm.ServiceConfig;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What JnaScm gives ChangeServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS), read from the native memory it passes. The
 * layout matches Windows x64 (StructLayoutTest), so the bytes are the ones SCM reads. Wine 8 cannot check the effect:
 * its sc.exe has neither 'failure' nor 'qfailure', and QueryServiceConfig2 answers 124 for this level.
 */
class ScmFailureActionsTest {

    private static Winsvc.SERVICE_FAILURE_ACTIONS written(ScmRegistration.FailureActions actions) {
        Winsvc.SERVICE_FAILURE_ACTIONS info = ScmFailureActions.encode(actions);
        info.write();
        return info;
    }

    /** Offsets in SERVICE_FAILURE_ACTIONSW on x64, which StructLayoutTest checks JNA's layout against. */
    private static final long RESET_PERIOD = 0;
    private static final long REBOOT_MSG = 8;
    private static final long COMMAND = 16;
    private static final long C_ACTIONS = 24;
    private static final long LPSA_ACTIONS = 32;

    private static long lpsaActions(Winsvc.SERVICE_FAILURE_ACTIONS info) {
        return Pointer.nativeValue(info.getPointer().getPointer(LPSA_ACTIONS));
    }

    /** Finding 7 of issue #16: SCM ignores cActions and dwResetPeriod when lpsaActions is NULL. */
    @Test
    void noActionsIsAnEmptyArrayThatSCMTakesAsDeleteNotANullItIgnores() {
        Winsvc.SERVICE_FAILURE_ACTIONS info = written(ScmRegistration.FailureActions.NONE);
        assertEquals(0, info.getPointer().getInt(C_ACTIONS));
        assertEquals(0, info.getPointer().getInt(RESET_PERIOD));
        assertNotEquals(0L, lpsaActions(info), "lpsaActions must not be NULL");
        assertEquals("", info.getPointer().getPointer(COMMAND).getWideString(0));
        assertEquals("", info.getPointer().getPointer(REBOOT_MSG).getWideString(0));
    }

    @Test
    void actionsAreWrittenAsSCActionPairs() {
        Winsvc.SERVICE_FAILURE_ACTIONS info = written(new ScmRegistration.FailureActions(List.of(
                new ScmRegistration.Action(ScmRegistration.Action.Type.RESTART, 5000),
                new ScmRegistration.Action(ScmRegistration.Action.Type.NONE, 0)), 86_400, false));
        assertEquals(2, info.getPointer().getInt(C_ACTIONS));
        assertEquals(86_400, info.getPointer().getInt(RESET_PERIOD));
        Pointer array = info.getPointer().getPointer(LPSA_ACTIONS);
        assertEquals(List.of(1, 5000, 0, 0), List.of(array.getInt(0), array.getInt(4), array.getInt(8),
                array.getInt(12)));
    }

    /** A run-command action's command goes in lpCommand; a reboot action is type 2. */
    @Test
    void theRunCommandIsLpCommandAndRebootIsTypeTwo() {
        Winsvc.SERVICE_FAILURE_ACTIONS info = written(new ScmRegistration.FailureActions(List.of(
                new ScmRegistration.Action(ScmRegistration.Action.Type.RUN_COMMAND, 60_000),
                new ScmRegistration.Action(ScmRegistration.Action.Type.REBOOT, 300_000)), 86_400, false,
                "C:\\ops\\notify.cmd --why \"crash\""));
        assertEquals("C:\\ops\\notify.cmd --why \"crash\"", info.getPointer().getPointer(COMMAND).getWideString(0));
        assertEquals("", info.getPointer().getPointer(REBOOT_MSG).getWideString(0));
        Pointer array = info.getPointer().getPointer(LPSA_ACTIONS);
        assertEquals(List.of(3, 60_000, 2, 300_000), List.of(array.getInt(0), array.getInt(4), array.getInt(8),
                array.getInt(12)));
    }

    /**
     * Finding 12 of issue #16: a service configured by another tool may hold an action type svcctl does not know
     * (4, SC_ACTION_OWN_RESTART, exists in newer Windows); reading it must not throw, and what is read must go
     * through the canonical text and back (install --force keeps it so).
     */
    @Test
    void anActionTypeSvcctlDoesNotKnowReadsBackAsNoneInsteadOfThrowing() {
        Memory array = new Memory(24);
        int[] raw = {4, 1000, 1, 500, 99, 7};
        for (int i = 0; i < raw.length; i++) {
            array.setInt(i * 4L, raw[i]);
        }
        List<ScmRegistration.Action> actions = ScmFailureActions.decode(array, 3);
        assertEquals(List.of(new ScmRegistration.Action(ScmRegistration.Action.Type.NONE, 1000),
                new ScmRegistration.Action(ScmRegistration.Action.Type.RESTART, 500),
                new ScmRegistration.Action(ScmRegistration.Action.Type.NONE, 7)), actions);
        ServiceConfig config = new ServiceConfig("theirs", "Theirs", "C:\\theirs.exe",
                ScmRegistration.StartType.DEMAND, false, "LocalSystem", List.of(), "",
                new ScmRegistration.FailureActions(actions, 60, false), OptionalLong.empty(),
                ScmRegistration.SidType.NONE, List.of());
        assertEquals(config, ServiceConfig.parse(config.toText()));
    }
}
