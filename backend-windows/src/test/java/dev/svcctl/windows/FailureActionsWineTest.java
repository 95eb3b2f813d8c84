package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.windows.jna.ScmFailureActions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failure actions {@code render} shows for written steps (restart, run-command, reboot) and the cleared set, given
 * to Wine's SCM with exactly the SERVICE_FAILURE_ACTIONSW JnaScm builds (read from the native memory
 * {@link ScmFailureActions#encode} fills: reset period, lpCommand, lpRebootMsg, the SC_ACTION array, which stays a
 * valid pointer for no actions) by failureactions.exe, which makes JnaScm's calls, SeShutdownPrivilege enabled for
 * a reboot action included, and reads them back as {@code sc.exe qfailure} does (QueryServiceConfig2W).
 *
 * <p>What Wine 8 can show, and what it cannot: its SCM accepts every call (so the structure and the privilege step are
 * well formed), and its services.exe logs the reset period, reboot message and command it received, which this test
 * reads back (for the cleared set: an empty command, which deletes, not NULL, which would keep the old one); but it
 * does not store failure actions ("SERVICE_CONFIG_FAILURE_ACTIONS not implemented"), so the SC_ACTION array cannot
 * be read back, and it answers the query with ERROR_INVALID_LEVEL (124); its sc.exe has {@code failure} but no
 * {@code qfailure} ("command not supported"). So the exact read-back is asserted only where an SCM stores them: the expected lines are
 * here ({@link #onWindows}), and this test fails when Wine starts answering, so that they are then checked.
 */
class FailureActionsWineTest {
    private static java.nio.file.Path replay;

    @BeforeAll
    static void build() throws Exception {
        WineTools.assumeAvailable();
        replay = WineTools.compile("failureactions.exe", List.of("failureactions.c"), "-municode", "-ladvapi32");
    }

    private static ServiceSpec spec(String name) throws Exception {
        return SpecLoader.parse("steps.yaml", "name: " + name + "\nexec: 'C:\\app\\app.exe'\nplatform:\n  windows:\n"
                + "    failureActions:\n      - {action: restart, delay: 10s}\n"
                + "      - {action: run, delay: 1m, command: 'C:\\ops\\notify.cmd --service \"" + name + "\" 100%'}\n"
                + "      - {action: reboot, delay: 5m}\n    failureResetPeriod: 1d\n").spec();
    }

    /** The rendered registration's failure actions, as install hands them to JnaScm. */
    @SuppressWarnings("unchecked")
    private static ScmRegistration.FailureActions rendered(ServiceSpec spec) throws Exception {
        Map<String, Object> r = new WindowsBackend().render(spec, RenderOptions.DEFAULT).registration();
        List<ScmRegistration.Action> actions = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) r.get("failureActions")) {
            actions.add(new ScmRegistration.Action(ScmRegistration.Coded.ofKey(ScmRegistration.Action.Type.values(),
                    (String) a.get("action"), "action"), (Long) a.get("delayMs")));
        }
        return new ScmRegistration.FailureActions(actions, (Long) r.get("failureResetPeriodSeconds"),
                (Boolean) r.get("failureActionsOnNonCrashFailures"), (String) r.getOrDefault("failureCommand", ""));
    }

    /** The replay's "set" line: the fields of the structure JnaScm passes, read from its native memory. */
    private static String setLine(ScmRegistration.FailureActions actions) {
        Winsvc.SERVICE_FAILURE_ACTIONS info = ScmFailureActions.encode(actions);
        info.write();
        Pointer p = info.getPointer();
        StringBuilder line = new StringBuilder("set ").append(Integer.toUnsignedLong(p.getInt(0)));
        line.append(' ').append(text(p.getPointer(16))).append(' ').append(text(p.getPointer(8)));
        int count = p.getInt(24);
        Pointer array = p.getPointer(32);
        assertTrue(array != null, "lpsaActions is never NULL");
        line.append(' ').append(count);
        for (int i = 0; i < count; i++) {
            line.append(' ').append(array.getInt(i * 8L)).append(',')
                    .append(Integer.toUnsignedLong(array.getInt(i * 8L + 4)));
        }
        return line.toString();
    }

    private static String text(Pointer p) {
        if (p == null) {
            return "-";
        }
        String s = p.getWideString(0);
        return s.isEmpty() ? "=" : hex(s);
    }

    private static String hex(String s) {
        StringBuilder h = new StringBuilder();
        for (char c : s.toCharArray()) {
            h.append(String.format("%04x", (int) c));
        }
        return h.toString();
    }

    /** The failure-actions FIXME lines of Wine's services.exe: what it received, after "not implemented: ". */
    private static List<String> received(String stderr) {
        List<String> out = new ArrayList<>();
        String marker = "SERVICE_CONFIG_FAILURE_ACTIONS not implemented: ";
        for (String line : stderr.split("\r?\n")) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                out.add(line.substring(at + marker.length()));
            }
        }
        return out;
    }

    /** A string as Wine's debugstr_w prints it (ASCII here): L"...", with \\ and \" escaped. */
    private static String debugstr(String s) {
        return "L\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** What an SCM that stores failure actions (Windows) answers to the queries of this test. */
    static List<String> onWindows(ScmRegistration.FailureActions actions) {
        StringBuilder set = new StringBuilder("query -> reset=").append(actions.resetPeriodSeconds())
                .append(" command=").append(hex(actions.command())).append(" msg== actions=");
        actions.actions().forEach(a -> set.append(a.type().win32()).append('/').append(a.delayMs()).append(','));
        return List.of(set.toString(), "query -> reset=0 command== msg== actions=");
    }

    @Test
    void rebootAndRunCommandActionsAndTheClearedSetGoToScmExactlyAsRendered() throws Exception {
        String name = "fa-" + UUID.randomUUID().toString().substring(0, 8);
        ScmRegistration.FailureActions actions = rendered(spec(name));
        assertEquals(List.of(new ScmRegistration.Action(ScmRegistration.Action.Type.RESTART, 10_000),
                new ScmRegistration.Action(ScmRegistration.Action.Type.RUN_COMMAND, 60_000),
                new ScmRegistration.Action(ScmRegistration.Action.Type.REBOOT, 300_000)), actions.actions());
        assertEquals(86_400, actions.resetPeriodSeconds());
        assertEquals("C:\\ops\\notify.cmd --service \"" + name + "\" 100%", actions.command());

        String set = setLine(actions);
        String cleared = setLine(ScmRegistration.FailureActions.NONE);
        assertEquals("set 0 = = 0", cleared, "a cleared set: no actions in a valid array, command and message \"\"");
        // Wine's services.exe logs what it was given for this level (period, reboot message, command) on the FIXME
        // channel; started afresh by the replay, it writes to the replay's stderr.
        WineTools.restartPrefix();
        WineTools.Result first = WineTools.wine(replay, List.of(), String.join("\n", "create " + name, set,
                "flag 0", "query") + "\n", 180, "-all,fixme+service");
        WineTools.Result qfailure = WineTools.wineProgram(List.of("sc.exe", "qfailure", name), Map.of(), 120);
        WineTools.restartPrefix();
        WineTools.Result second = WineTools.wine(replay, List.of(), String.join("\n", "open " + name, cleared,
                "query", "delete") + "\n", 180, "-all,fixme+service");

        assertEquals(List.of("period 86400 msg L\"\" cmd " + debugstr(actions.command())), received(first.stderr()),
                "what Wine's SCM received for the rendered steps:\n" + first.stderr());
        assertEquals(List.of("period 0 msg L\"\" cmd L\"\""), received(second.stderr()),
                "the cleared set: the command is \"\" (deleted), not NULL (kept):\n" + second.stderr());
        List<String> lines = new ArrayList<>(List.of(first.stdout().split("\r?\n")));
        lines.addAll(List.of(second.stdout().split("\r?\n")));
        // Wine 8: every call is accepted (the privilege step too) but nothing is stored, and the query answers 124
        // where Windows answers onWindows(actions).
        assertEquals(List.of("create -> ok", "privilege SeShutdownPrivilege -> ok", "set -> ok", "flag -> error 124",
                "query -> error 124", "open -> ok", "set -> ok", "query -> error 124", "delete -> ok"), lines,
                first.stdout() + second.stdout() + "\nWindows would answer the queries with " + onWindows(actions));
        // Wine 8's sc.exe has no qfailure: when it gets one, compare its output with onWindows(actions).
        assertEquals(1, qfailure.exitCode(), qfailure.stdout() + qfailure.stderr());
        assertEquals("", qfailure.stdout().strip(), qfailure.stdout());
    }
}
