package dev.svcctl.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.windows.ScmRegistration;
import java.util.ArrayList;
import java.util.List;

/**
 * SERVICE_FAILURE_ACTIONSW as JnaScm hands it to ChangeServiceConfig2. Pure (no call into Windows), so the tests and
 * the in-memory SCM see exactly what SCM is given.
 */
public final class ScmFailureActions {
    private ScmFailureActions() {
    }

    /** The structure for ChangeServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS), not yet written to native memory. */
    public static Winsvc.SERVICE_FAILURE_ACTIONS encode(ScmRegistration.FailureActions failureActions) {
        Winsvc.SERVICE_FAILURE_ACTIONS failure = new Winsvc.SERVICE_FAILURE_ACTIONS();
        failure.dwResetPeriod = (int) failureActions.resetPeriodSeconds();
        List<ScmRegistration.Action> actions = failureActions.actions();
        failure.cActions = actions.size();
        // lpsaActions is never NULL: with NULL, SCM ignores cActions and dwResetPeriod and keeps the old actions, so
        // "no actions" would never clear them. A zero-length array (cActions 0, a valid pointer) deletes the actions
        // and the reset period, as the SERVICE_FAILURE_ACTIONS documentation says.
        Winsvc.SC_ACTION.ByReference first = new Winsvc.SC_ACTION.ByReference();
        Winsvc.SC_ACTION[] array = (Winsvc.SC_ACTION[]) first.toArray(Math.max(1, actions.size()));
        for (int i = 0; i < actions.size(); i++) {
            array[i].type = actions.get(i).type().win32();
            array[i].delay = (int) actions.get(i).delayMs();
            array[i].write();
        }
        failure.lpsaActions = first;
        // The command of run-command actions, or "" which clears it (null would leave the old one in place); an
        // empty lpRebootMsg clears the message, which svcctl never sets.
        failure.lpCommand = failureActions.command();
        failure.lpRebootMsg = "";
        return failure;
    }

    /**
     * The SC_ACTION array QueryServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS) returned: {@code count} pairs of type
     * and delay; an unknown type reads as NONE (see Action.Type#ofWin32).
     */
    public static List<ScmRegistration.Action> decode(Pointer lpsaActions, int count) {
        List<ScmRegistration.Action> actions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int type = lpsaActions.getInt(i * 8L);
            int delay = lpsaActions.getInt(i * 8L + 4);
            actions.add(new ScmRegistration.Action(ScmRegistration.Action.Type.ofWin32(type),
                    Integer.toUnsignedLong(delay)));
        }
        return actions;
    }
}
