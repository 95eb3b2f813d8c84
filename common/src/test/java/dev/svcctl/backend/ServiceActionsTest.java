package dev.svcctl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServiceActionsTest {
    /** Services in a map; start and stop change their state and are recorded, as an init system would. */
    static final class FakeInit implements Backend {
        final Map<String, ServiceState> states = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        final java.util.Set<String> enabled = new java.util.HashSet<>();

        @Override public List<Enablement> enable(List<String> names, boolean user) throws BackendException {
            installed(names);
            calls.add("enable " + names);
            return names.stream().map(n -> new Enablement(n, true, enabled.add(n))).toList();
        }

        @Override public List<Enablement> disable(List<String> names, boolean user) throws BackendException {
            installed(names);
            calls.add("disable " + names);
            return names.stream().map(n -> new Enablement(n, false, enabled.remove(n))).toList();
        }

        @Override public String id() { return "fake"; }
        @Override public boolean detect(Host host) { return false; }
        @Override public List<dev.svcctl.spec.SpecProblem> check(ServiceSpec spec) { return List.of(); }
        @Override public Rendering render(ServiceSpec spec, RenderOptions options) { throw new UnsupportedOperationException(); }

        @Override public void start(List<String> names, boolean user) throws BackendException {
            installed(names);
            calls.add("start " + names);
            names.forEach(n -> states.put(n, ServiceState.RUNNING));
        }

        @Override public void stop(List<String> names, boolean user) throws BackendException {
            installed(names);
            calls.add("stop " + names);
            names.forEach(n -> states.put(n, ServiceState.STOPPED));
        }

        @Override public void restart(List<String> names, boolean user) throws BackendException {
            installed(names);
            calls.add("restart " + names);
        }

        @Override public List<ServiceStatus> status(List<String> names, boolean user) {
            List<ServiceStatus> out = new ArrayList<>();
            for (String n : names) {
                out.add(new ServiceStatus(n, id(), states.getOrDefault(n, ServiceState.NOT_INSTALLED), OptionalLong.empty(),
                        Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), false));
            }
            return out;
        }

        private void installed(List<String> names) throws BackendException {
            for (String n : names) {
                if (!states.containsKey(n)) {
                    throw new BackendException(ExitCode.NOT_INSTALLED, n + " is not installed", "hint");
                }
            }
        }
    }

    @Test
    void stopActsOnlyOnWhatRunsAndSaysSo() throws BackendException {
        FakeInit init = new FakeInit();
        init.states.put("web", ServiceState.RUNNING);
        init.states.put("worker", ServiceState.STOPPED);
        List<ServiceActions.Result> first = new ServiceActions(init, false).apply(ServiceActions.Action.STOP, List.of("web", "worker"));
        assertEquals(List.of("stop [web]"), init.calls);
        assertTrue(first.get(0).changed());
        assertFalse(first.get(1).changed());
        assertEquals(ServiceState.STOPPED, first.get(0).status().state());

        List<ServiceActions.Result> second = new ServiceActions(init, false).apply(ServiceActions.Action.STOP, List.of("web", "worker"));
        assertEquals(List.of("stop [web]"), init.calls, "nothing to stop the second time");
        assertFalse(second.get(0).changed());
        assertFalse(second.get(1).changed());
    }

    @Test
    void startSkipsRunningAndRestartAlwaysActs() throws BackendException {
        FakeInit init = new FakeInit();
        init.states.put("web", ServiceState.RUNNING);
        init.states.put("worker", ServiceState.FAILED);
        List<ServiceActions.Result> started = new ServiceActions(init, false).apply(ServiceActions.Action.START, List.of("web", "worker"));
        assertEquals(List.of("start [worker]"), init.calls);
        assertEquals(List.of(false, true), started.stream().map(ServiceActions.Result::changed).toList());
        List<ServiceActions.Result> restarted = new ServiceActions(init, false).apply(ServiceActions.Action.RESTART, List.of("web"));
        assertTrue(restarted.get(0).changed());
        assertEquals("restart [web]", init.calls.get(1));
    }

    @Test
    void aNameNotInstalledFailsWithTheBackendsErrorAndNothingIsDone() {
        FakeInit init = new FakeInit();
        init.states.put("web", ServiceState.RUNNING);
        BackendException e = assertThrows(BackendException.class,
                () -> new ServiceActions(init, false).apply(ServiceActions.Action.STOP, List.of("web", "nope")));
        assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
        assertEquals("nope is not installed", e.getMessage());
        assertEquals(ServiceState.RUNNING, init.states.get("web"));
    }

    @Test
    void verbsSpellTheActions() {
        assertEquals(ServiceActions.Action.RELOAD, ServiceActions.Action.of("reload"));
        assertEquals(null, ServiceActions.Action.of("kill"));
    }

    @Test
    void enableNowEnablesThenStartsOnlyWhatIsStoppedAndATrueSecondRunChangesNothing() throws BackendException {
        FakeInit init = new FakeInit();
        init.states.put("web", ServiceState.STOPPED);
        ServiceActions actions = new ServiceActions(init, false);
        List<ServiceActions.EnableResult> first = actions.enable(true, List.of("web"), true);
        assertEquals(List.of("enable [web]", "start [web]"), init.calls);
        assertTrue(first.get(0).enablement().changed());
        assertTrue(first.get(0).now().get().changed());
        assertEquals(ServiceState.RUNNING, first.get(0).now().get().status().state());

        List<ServiceActions.EnableResult> second = actions.enable(true, List.of("web"), true);
        assertFalse(second.get(0).changed(), "already enabled and running");
        assertEquals(List.of("enable [web]", "start [web]", "enable [web]"), init.calls, "no second start");

        List<ServiceActions.EnableResult> off = actions.enable(false, List.of("web"), true);
        assertTrue(off.get(0).enablement().changed());
        assertEquals(ServiceState.STOPPED, off.get(0).now().get().status().state());
        List<ServiceActions.EnableResult> withoutNow = actions.enable(false, List.of("web"), false);
        assertTrue(withoutNow.get(0).now().isEmpty());
        assertFalse(withoutNow.get(0).changed());
    }
}
