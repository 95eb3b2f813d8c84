package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The backend of hosts without an init system, against state files in a test directory and fake processes. */
class SupervisorBackendTest {
    private static final Instant SINCE = Instant.parse("2026-12-07T08:00:00Z");

    /** Supervisors that are alive until signalled with TERM, which they answer by writing "stopped". */
    static final class FakeProcesses implements SupervisorProcesses {
        final Set<Long> alive = new HashSet<>();
        final List<String> sent = new ArrayList<>();
        boolean stopOnTerm = true;
        Path runtime;

        @Override
        public boolean alive(long pid, Instant wroteAt) {
            return alive.contains(pid);
        }

        /** Control sockets of services hosted by one process that hosts several (by socket path). */
        final Set<Path> listening = new HashSet<>();

        /** What every control socket request fails with (a socket of another user, a host that does not answer). */
        IOException refusal;

        @Override
        public boolean request(Path socket, String request) throws IOException {
            if (refusal != null) {
                throw refusal;
            }
            if (!listening.contains(socket)) {
                return false;
            }
            String name = socket.getFileName().toString().replaceFirst("\\.control$", "");
            sent.add(request + " " + name);
            if (request.equals(ControlSockets.STOP)) {
                StateFile stateFile = new StateFile(socket.resolveSibling(name + ".json"));
                SupervisorState s = stateFile.read().orElseThrow();
                stateFile.write(state(name, s.supervisorPid(), OptionalLong.empty(), ProgramState.STOPPED));
            }
            return true;
        }

        @Override
        public void signal(long pid, Signal signal) throws IOException {
            if (!alive.contains(pid)) {
                throw new IOException("No such process");
            }
            sent.add(signal.name() + " " + pid);
            if (signal == Signal.TERM && stopOnTerm) {
                for (Path file : Files.newDirectoryStream(runtime, "*.json")) {
                    StateFile stateFile = new StateFile(file);
                    SupervisorState s = stateFile.read().orElseThrow();
                    if (s.supervisorPid() == pid) {
                        stateFile.write(state(s.name(), pid, OptionalLong.empty(), ProgramState.STOPPED));
                    }
                }
                alive.remove(pid);
            }
        }
    }

    static SupervisorState state(String name, long supervisorPid, OptionalLong pid, ProgramState programState) {
        return new SupervisorState(name, supervisorPid, pid, programState, SINCE, 2,
                Optional.of(new SupervisorState.Exit(3, Optional.empty(), SINCE)), Health.HEALTHY, ReadyState.READY,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final FakeProcesses processes = new FakeProcesses();

    private SupervisorBackend backend(Path system, Path user) {
        processes.runtime = system;
        return new SupervisorBackend(scope -> scope == Scope.USER ? List.of(user) : List.of(system, user), processes,
                Duration.ofSeconds(5));
    }

    private static void write(Path dir, SupervisorState s) throws IOException {
        new StateFile(dir.resolve(s.name() + ".json")).write(s);
    }

    @Test
    void statusShowsTheProgramThroughALiveSupervisorAndALeftStateWithoutPid() throws Exception {
        Path dir = Fixtures.freshDir("backend/status");
        Path system = dir.resolve("run");
        Path user = dir.resolve("user");
        write(system, state("api", 100, OptionalLong.of(150), ProgramState.RUNNING));
        write(system, state("crashy", 200, OptionalLong.empty(), ProgramState.BACKOFF));
        write(system, state("killed", 300, OptionalLong.of(350), ProgramState.RUNNING));
        write(system, state("done", 400, OptionalLong.empty(), ProgramState.STOPPED));
        processes.alive.addAll(List.of(100L, 200L));
        SupervisorBackend backend = backend(system, user);

        List<ServiceStatus> statuses = backend.status(List.of("api", "crashy", "killed", "done", "ghost"), false);

        ServiceStatus api = statuses.get(0);
        assertEquals(new ServiceStatus("api", "supervisor", ServiceState.RUNNING, OptionalLong.of(150),
                Optional.of(SINCE), OptionalInt.of(2), Optional.of(new ServiceStatus.LastExit(OptionalInt.of(3),
                Optional.empty())), Optional.empty(), OptionalLong.empty(), false, OptionalLong.of(100),
                Optional.of("healthy"), Optional.of("ready")), api);
        assertEquals(ServiceState.RESTARTING, statuses.get(1).state());
        assertEquals(OptionalLong.empty(), statuses.get(1).pid());
        assertEquals(ServiceState.FAILED, statuses.get(2).state(), "a supervisor gone without saying so");
        assertEquals(OptionalLong.empty(), statuses.get(2).pid());
        assertEquals(OptionalLong.empty(), statuses.get(2).supervisorPid());
        assertEquals(OptionalInt.of(2), statuses.get(2).restarts());
        assertEquals(ServiceState.STOPPED, statuses.get(3).state());
        assertEquals(ServiceStatus.notInstalled("ghost", "supervisor"), statuses.get(4));
        assertEquals(ExitCode.USAGE, assertThrows(BackendException.class,
                () -> backend.status(List.of("../etc/passwd"), false)).exitCode());
    }

    @Test
    void listFindsEveryStateFileOnceAndALiveOneWinsOverAStaleOne() throws Exception {
        Path dir = Fixtures.freshDir("backend/list");
        Path system = dir.resolve("run");
        Path user = dir.resolve("user");
        write(system, state("web", 100, OptionalLong.of(150), ProgramState.RUNNING));
        write(system, state("api", 300, OptionalLong.of(350), ProgramState.RUNNING));
        write(user, state("api", 400, OptionalLong.of(450), ProgramState.RUNNING));
        write(user, state("mine", 500, OptionalLong.of(550), ProgramState.RUNNING));
        Files.writeString(system.resolve("broken.json"), "{not json");
        Files.writeString(system.resolve("web.lock"), "100\n");
        write(system, state("other-name", 600, OptionalLong.empty(), ProgramState.RUNNING));
        Files.move(system.resolve("other-name.json"), system.resolve("renamed.json"));
        processes.alive.addAll(List.of(100L, 400L, 500L));
        SupervisorBackend backend = backend(system, user);

        List<ServiceStatus> all = backend.list(false);

        assertEquals(List.of("api", "mine", "web"), all.stream().map(ServiceStatus::name).toList());
        assertEquals(OptionalLong.of(450), backend.status(List.of("api"), false).get(0).pid(),
                "the live supervisor's file, not the stale one found first");
        assertEquals(List.of("api", "mine"), backend.list(true).stream().map(ServiceStatus::name).toList());
        assertEquals(List.of(), backend(dir.resolve("none"), dir.resolve("none either")).list(false));
    }

    @Test
    void stopSendsTermToTheSupervisorAndWaitsUntilItSaysStopped() throws Exception {
        Path dir = Fixtures.freshDir("backend/stop");
        Path system = dir.resolve("run");
        write(system, state("api", 100, OptionalLong.of(150), ProgramState.RUNNING));
        write(system, state("done", 400, OptionalLong.empty(), ProgramState.STOPPED));
        processes.alive.add(100L);
        SupervisorBackend backend = backend(system, dir.resolve("user"));

        backend.stop(List.of("api", "done"), false);

        assertEquals(List.of("TERM 100"), processes.sent, "a supervisor that is gone is not signalled");
        assertEquals(ServiceState.STOPPED, backend.status(List.of("api"), false).get(0).state());
        BackendException unknown = assertThrows(BackendException.class, () -> backend.stop(List.of("ghost"), false));
        assertEquals(ExitCode.NOT_INSTALLED, unknown.exitCode());
        assertTrue(unknown.getMessage().startsWith("ghost is not run by 'svcctl run' here (no state file in "),
                unknown.getMessage());
    }

    @Test
    void aServiceOfARunHostingSeveralIsStoppedAndReloadedThroughItsControlSocketNotBySignal() throws Exception {
        Path dir = Fixtures.freshDir("backend/hosted");
        Path system = dir.resolve("run");
        write(system, state("web", 100, OptionalLong.of(150), ProgramState.RUNNING));
        write(system, state("api", 100, OptionalLong.of(160), ProgramState.RUNNING));
        processes.alive.add(100L);
        processes.listening.add(ControlSockets.path(system, "web"));
        processes.listening.add(ControlSockets.path(system, "api"));
        SupervisorBackend backend = backend(system, dir.resolve("user"));

        backend.stop(List.of("web"), false);
        backend.reload(List.of("api"), false);

        assertEquals(List.of("stop web", "reload api"), processes.sent, "no signal reaches the shared process");
        assertEquals(ServiceState.STOPPED, backend.status(List.of("web"), false).get(0).state());
        assertEquals(ServiceState.RUNNING, backend.status(List.of("api"), false).get(0).state());
    }

    static SupervisorState hosted(String name, long supervisorPid, long pid) {
        SupervisorState s = state(name, supervisorPid, OptionalLong.of(pid), ProgramState.RUNNING);
        return new SupervisorState(s.name(), s.supervisorPid(), s.pid(), s.state(), s.since(), s.restarts(),
                s.lastExit(), s.health(), s.readiness(), s.statusText(), s.logDir(), s.reason(), false, true);
    }

    @Test
    void aServiceOfARunHostingSeveralIsNeverSignalledWhenItsControlSocketIsMissingOrRefuses() throws Exception {
        Path dir = Fixtures.freshDir("backend/hosted-no-socket");
        Path system = dir.resolve("run");
        write(system, hosted("web", 100, 150));
        write(system, hosted("api", 100, 160));
        processes.alive.add(100L);
        SupervisorBackend backend = backend(system, dir.resolve("user"));

        BackendException stop = assertThrows(BackendException.class, () -> backend.stop(List.of("web"), false));
        BackendException reload = assertThrows(BackendException.class, () -> backend.reload(List.of("api"), false));

        assertEquals(List.of(), processes.sent, "the pid hosts every service: no signal");
        assertEquals(ExitCode.FAILED, stop.exitCode());
        assertEquals("cannot stop web: svcctl run (pid 100) hosts several services and nobody answers on "
                + ControlSockets.path(system, "web"), stop.getMessage());
        assertEquals(Optional.of("a signal to pid 100 would stop every service it hosts; do that only on purpose"
                + " (kill -TERM 100)"), stop.hint());
        assertEquals(ExitCode.FAILED, reload.exitCode());
        assertTrue(reload.getMessage().startsWith("cannot reload api: "), reload.getMessage());
        assertEquals(ServiceState.RUNNING, backend.status(List.of("web"), false).get(0).state());

        processes.refusal = new IOException("Permission denied");
        BackendException refused = assertThrows(BackendException.class, () -> backend.stop(List.of("web"), false));
        assertEquals("cannot stop web through its control socket " + ControlSockets.path(system, "web")
                + ": Permission denied", refused.getMessage());
        assertTrue(refused.hint().orElseThrow().startsWith("only the user running that svcctl run (pid 100) and root"),
                refused.hint().toString());
        assertEquals(List.of(), processes.sent);
    }

    @Test
    void aSupervisorThatDoesNotStopWithinTheBoundIsReportedWithItsPid() throws Exception {
        Path dir = Fixtures.freshDir("backend/stuck");
        Path system = dir.resolve("run");
        write(system, state("stuck", 100, OptionalLong.of(150), ProgramState.STOPPING));
        processes.alive.add(100L);
        processes.stopOnTerm = false;
        processes.runtime = system;
        SupervisorBackend backend = new SupervisorBackend(scope -> List.of(system), processes, Duration.ofMillis(200));

        BackendException e = assertThrows(BackendException.class, () -> backend.stop(List.of("stuck"), false));

        assertEquals("stuck did not stop within 200ms (svcctl run, pid 100, still runs)", e.getMessage());
        assertEquals(Optional.of("kill -KILL 100 ends it and, on Linux, its program's whole tree"), e.hint());
    }

    @Test
    void reloadSendsHupAndNeedsARunningSupervisor() throws Exception {
        Path dir = Fixtures.freshDir("backend/reload");
        Path system = dir.resolve("run");
        write(system, state("api", 100, OptionalLong.of(150), ProgramState.RUNNING));
        write(system, state("gone", 200, OptionalLong.of(250), ProgramState.RUNNING));
        processes.alive.add(100L);
        SupervisorBackend backend = backend(system, dir.resolve("user"));

        backend.reload(List.of("api"), false);
        BackendException gone = assertThrows(BackendException.class, () -> backend.reload(List.of("gone"), false));

        assertEquals(List.of("HUP 100"), processes.sent);
        assertEquals(ExitCode.NOT_RUNNING, gone.exitCode());
    }

    @Test
    void logsReadTheRotatedFilesInTheDirectoryTheStateFileNames() throws Exception {
        Path dir = Fixtures.freshDir("backend/logs");
        Path system = dir.resolve("run");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("stdout-20261207T080000Z-000001.log"), "one\ntwo\n");
        Files.writeString(logs.resolve("stdout.log"), "three\nfour\n");
        Files.writeString(logs.resolve("stderr.log"), "oops\n");
        SupervisorState api = state("api", 100, OptionalLong.of(150), ProgramState.RUNNING);
        write(system, new SupervisorState(api.name(), api.supervisorPid(), api.pid(), api.state(), api.since(),
                api.restarts(), api.lastExit(), api.health(), api.readiness(), api.statusText(), Optional.of(logs),
                api.reason()));
        write(system, state("inherits", 200, OptionalLong.of(250), ProgramState.RUNNING));
        processes.alive.addAll(List.of(100L, 200L));
        SupervisorBackend backend = backend(system, dir.resolve("user"));

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        backend.logs("api", dev.svcctl.logs.LogStream.STDOUT, 3, false, false, out);
        assertEquals("two\nthree\nfour\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
        out.reset();
        backend.logs("api", dev.svcctl.logs.LogStream.STDERR, 10, false, false, out);
        assertEquals("oops\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));

        BackendException noFiles = assertThrows(BackendException.class, () -> backend.logs("inherits",
                dev.svcctl.logs.LogStream.STDOUT, 3, false, false, out));
        assertTrue(noFiles.getMessage().startsWith("inherits writes no log files"), noFiles.getMessage());
        assertEquals(ExitCode.NOT_INSTALLED, assertThrows(BackendException.class, () -> backend.logs("ghost",
                dev.svcctl.logs.LogStream.STDOUT, 3, false, false, out)).exitCode());
    }

    @Test
    void startRestartRenderAndInstallRefuseWithAHint() {
        SupervisorBackend backend = new SupervisorBackend(scope -> List.of(), processes, Duration.ofSeconds(1));
        BackendException start = assertThrows(BackendException.class, () -> backend.start(List.of("api"), false));
        assertEquals("cannot start api: there is no init system on this host to start it", start.getMessage());
        assertEquals(Optional.of("run it with 'svcctl run FILE' (or 'svcctl run --name NAME' for an installed spec)"),
                start.hint());
        assertEquals(ExitCode.UNAVAILABLE, start.exitCode());
        assertEquals(ExitCode.UNAVAILABLE, assertThrows(BackendException.class,
                () -> backend.restart(List.of("api"), false)).exitCode());
        ServiceSpec spec = ServiceSpec.builder("api", "/bin/true").build();
        UnsupportedSpecException render = assertThrows(UnsupportedSpecException.class,
                () -> backend.render(spec, dev.svcctl.backend.RenderOptions.DEFAULT));
        assertTrue(render.problems().get(0).hint().orElseThrow().contains("--backend systemd|launchd|windows"));
        assertEquals(ExitCode.USAGE, assertThrows(BackendException.class,
                () -> backend.install(List.of(spec), null)).exitCode());
        assertFalse(backend.detect(dev.svcctl.backend.Host.CURRENT), "never taken for the host's init system");
    }

    @Test
    void enableAndDisableAreRefusedWithAHintBecauseNothingStartsAServiceAtBootHere() throws Exception {
        SupervisorBackend backend = backend(Fixtures.freshDir("backend/enable"), Fixtures.freshDir("backend/enable-u"));
        for (boolean on : new boolean[] {true, false}) {
            BackendException e = assertThrows(BackendException.class, () -> {
                if (on) {
                    backend.enable(List.of("web"), false);
                } else {
                    backend.disable(List.of("web"), false);
                }
            });
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
            assertTrue(e.getMessage().contains("no init system on this host to start it at boot"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("svcctl run FILE"), e.hint().toString());
        }
    }
}
