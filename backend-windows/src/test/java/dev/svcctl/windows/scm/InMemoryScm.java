package dev.svcctl.windows.scm;

import static dev.svcctl.windows.scm.ScmException.ERROR_ACCESS_DENIED;
import static dev.svcctl.windows.scm.ScmException.ERROR_FILE_NOT_FOUND;
import static dev.svcctl.windows.scm.ScmException.ERROR_INVALID_HANDLE;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_ALREADY_RUNNING;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_DISABLED;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_DOES_NOT_EXIST;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_EXISTS;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_MARKED_FOR_DELETE;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_NOT_ACTIVE;
import static dev.svcctl.windows.scm.ScmException.ERROR_SERVICE_NOT_IN_EXE;

import com.sun.jna.platform.win32.Winsvc;
import dev.svcctl.windows.ScmRegistration;
import dev.svcctl.windows.jna.ScmFailureActions;
import dev.svcctl.windows.jna.ScmRequiredPrivileges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An in-memory Service Control Manager with Win32 semantics, for unit tests. The ChangeServiceConfig2 levels keep
 * what the structures JnaScm builds hold (failure actions, required privileges), read back from their native memory. Its behaviour for the call sequences
 * svcctl uses is checked against Wine's SCM by ScmConformanceTest; where Wine 8 differs from Windows' documentation
 * the model follows Windows and the sequence files say so.
 *
 * <p>Shared service processes (SERVICE_WIN32_SHARE_PROCESS) are modelled as the SCM and svcctl's group host
 * behave together: a start with no host process running for the service's binary path and account starts one, whose
 * dispatcher table is every share-process service of that path and account installed at that moment (the host
 * registers them all, see ServiceGroupHost); a start while that process runs joins it, or fails with 1083
 * (ERROR_SERVICE_NOT_IN_EXE) for a service installed after it started; the process ends when its last service stops.
 *
 * <p>Not modelled: pending states (start and stop complete at once, unless {@link #startsSlowly}), service processes, security descriptors (access
 * is the rights a handle was opened with, plus {@link #elevated} for OpenSCManager(ALL)).
 */
public final class InMemoryScm implements Scm {
    /** The preshutdown timeout SCM reports for a service that never set one (Wine and Windows before 10). */
    public static final long DEFAULT_PRESHUTDOWN_MS = 180_000;

    /** LookupAccountName: no mapping between account names and security IDs was done. */
    static final int ERROR_NONE_MAPPED = 1332;

    private final Map<String, Entry> services = new LinkedHashMap<>();
    private final Set<String> logonRights = new LinkedHashSet<>();
    private final List<String> calls = new ArrayList<>();
    /** Event sources of the Application log, by name (case-insensitive like registry keys). */
    private final Map<String, EventSource> eventSources = new LinkedHashMap<>();
    /** Running shared host processes by binary path and account (lower case). */
    private final Map<String, HostProcess> processes = new LinkedHashMap<>();
    private long nextPid = 1000;

    /** One shared host process: its pid and the services of its dispatcher table (lower-case names). */
    private static final class HostProcess {
        final long pid;
        final Set<String> table;

        HostProcess(long pid, Set<String> table) {
            this.pid = pid;
            this.table = table;
        }
    }
    private boolean elevated = true;

    /** One registered event source: its message file, and whether svcctl's marker value is in its key. */
    public record EventSource(String messageFile, boolean svcctls) {
    }

    private static final class Entry {
        ServiceConfig config;
        ServiceState.State state = ServiceState.State.STOPPED;
        boolean markedForDeletion;
        int openHandles;
        Optional<String> marker = Optional.empty();
        /** When not 0: a start stays START_PENDING for this many status queries, then the service is RUNNING. */
        int pendingQueries;
        int pendingLeft;
        int win32ExitCode;
        int serviceSpecificExitCode;
        long pid;
    }

    /** A non-elevated user: OpenSCManager(ALL) is denied. */
    public InMemoryScm notElevated() {
        elevated = false;
        return this;
    }

    /** Every call made, e.g. {@code create web}, {@code start web}: for asserting what a backend did. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public Set<String> logonRights() {
        return Set.copyOf(logonRights);
    }

    public boolean exists(String name) {
        return services.containsKey(key(name));
    }

    /** The pid of the process the service runs in, while it runs. */
    public OptionalLong pid(String name) {
        Entry e = services.get(key(name));
        return e == null || e.state == ServiceState.State.STOPPED ? OptionalLong.empty() : OptionalLong.of(e.pid);
    }

    /** How many shared host processes run now. */
    public int sharedHostProcesses() {
        return processes.size();
    }

    /** The names in the dispatcher table of the shared host process the service would join, if one runs. */
    public Optional<Set<String>> sharedHostTable(String name) {
        Entry e = services.get(key(name));
        return Optional.ofNullable(e == null ? null : processes.get(processKey(e.config))).map(p -> Set.copyOf(p.table));
    }

    private static String processKey(ServiceConfig c) {
        return key(c.binaryPath()) + "\n" + key(c.account());
    }

    private static boolean shared(Entry e) {
        return e.config.serviceType() == ScmRegistration.ServiceType.SHARE_PROCESS;
    }

    /** The service runs no longer: a shared host process whose last service this was ends. */
    private void leftProcess(Entry e) {
        if (!shared(e)) {
            return;
        }
        String k = processKey(e.config);
        HostProcess p = processes.get(k);
        if (p != null && p.pid == e.pid && services.values().stream().noneMatch(o -> o != e && shared(o)
                && o.state != ServiceState.State.STOPPED && o.pid == p.pid)) {
            processes.remove(k);
        }
    }

    /** The pid a starting service runs under: its own process, or its group's shared host (started if none runs). */
    private long processFor(Entry e) throws ScmException {
        if (!shared(e)) {
            return ++nextPid;
        }
        String k = processKey(e.config);
        HostProcess p = processes.get(k);
        if (p == null) {
            Set<String> table = new LinkedHashSet<>();
            for (Entry o : services.values()) {
                if (shared(o) && !o.markedForDeletion && processKey(o.config).equals(k)) {
                    table.add(key(o.config.name()));
                }
            }
            p = new HostProcess(++nextPid, table);
            processes.put(k, p);
        } else if (!p.table.contains(key(e.config.name()))) {
            e.win32ExitCode = ERROR_SERVICE_NOT_IN_EXE;
            throw new ScmException(ERROR_SERVICE_NOT_IN_EXE, "StartService");
        }
        return p.pid;
    }

    public Optional<ServiceState.State> state(String name) {
        return Optional.ofNullable(services.get(key(name))).map(e -> e.state);
    }

    /** The service's program ends by itself (a crash, or the host giving up) with the given exit codes. */
    public void programEnded(String name, int win32ExitCode, int serviceSpecificExitCode) {
        Entry e = services.get(key(name));
        e.state = ServiceState.State.STOPPED;
        leftProcess(e);
        e.win32ExitCode = win32ExitCode;
        e.serviceSpecificExitCode = serviceSpecificExitCode;
        removeIfGone(name, e);
    }

    /**
     * The service host reports STOPPED with these exit codes (a start that failed, a bad spec). As SCM does, the
     * failure actions then run only when the failure-actions flag (SERVICE_CONFIG_FAILURE_ACTIONS_FLAG) is set and
     * the exit code is not 0; the model carries out a first action of RESTART at once ({@code failure-action} call).
     */
    public void hostReportedStopped(String name, int win32ExitCode, int serviceSpecificExitCode) {
        Entry e = services.get(key(name));
        e.state = ServiceState.State.STOPPED;
        leftProcess(e);
        e.win32ExitCode = win32ExitCode;
        e.serviceSpecificExitCode = serviceSpecificExitCode;
        ScmRegistration.FailureActions failure = e.config.failureActions();
        if (win32ExitCode != 0 && failure.onNonCrashFailures() && !failure.actions().isEmpty()
                && failure.actions().get(0).type() == ScmRegistration.Action.Type.RESTART) {
            calls.add("failure-action restart " + e.config.name());
            e.state = ServiceState.State.RUNNING;
            return;
        }
        removeIfGone(name, e);
    }

    /**
     * From now on a start of the service stays START_PENDING for {@code queries} status queries (a host waiting for
     * readiness) before it is RUNNING. Meanwhile ControlService(STOP) fails with 1061
     * (ERROR_SERVICE_CANNOT_ACCEPT_CTRL), as Windows documents for START_PENDING and STOP_PENDING.
     */
    public void startsSlowly(String name, int queries) {
        services.get(key(name)).pendingQueries = queries;
    }

    public Optional<EventSource> eventSource(String name) {
        return Optional.ofNullable(eventSources.get(key(name)));
    }

    /** An event source registered by someone else (the program's own installer, say). */
    public void installForeignEventSource(String name, String messageFile) {
        eventSources.put(key(name), new EventSource(messageFile, false));
    }

    /** Puts a service there as another tool would: without svcctl's marker. */
    public void installForeign(ServiceConfig config) {
        Entry e = new Entry();
        e.config = config;
        services.put(key(config.name()), e);
    }

    @Override
    public ServiceManager connect(Access access) throws ScmException {
        calls.add("connect " + access.name().toLowerCase(Locale.ROOT));
        if (access == Access.ALL && !elevated) {
            throw new ScmException(ERROR_ACCESS_DENIED, "OpenSCManager");
        }
        return new Manager(access);
    }

    /**
     * {@code config} with the failure actions SCM has once ChangeServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS) got
     * the structure JnaScm builds for it (ScmFailureActions), as Windows documents SERVICE_FAILURE_ACTIONS: with
     * lpsaActions NULL, cActions and dwResetPeriod are ignored and the {@code old} ones stay; otherwise the actions
     * and reset period are replaced by what the array holds, cActions 0 deleting both. The flag is its own level.
     */
    private static ServiceConfig withFailureActions(ServiceConfig config, ScmRegistration.FailureActions old) {
        ScmRegistration.FailureActions wanted = config.failureActions();
        Winsvc.SERVICE_FAILURE_ACTIONS sent = ScmFailureActions.encode(wanted);
        ScmRegistration.FailureActions stored;
        // lpCommand: NULL keeps the old command, "" deletes it, anything else replaces it; independent of the array.
        String command = sent.lpCommand == null ? old.command() : sent.lpCommand;
        if (sent.lpsaActions == null) {
            stored = new ScmRegistration.FailureActions(old.actions(), old.resetPeriodSeconds(),
                    wanted.onNonCrashFailures(), command);
        } else {
            List<ScmRegistration.Action> actions = ScmFailureActions.decode(sent.lpsaActions.getPointer(),
                    sent.cActions);
            stored = new ScmRegistration.FailureActions(actions, sent.cActions == 0 ? 0
                    : Integer.toUnsignedLong(sent.dwResetPeriod), wanted.onNonCrashFailures(), command);
        }
        // SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO: SCM keeps the names of the multi-string JnaScm passes.
        List<String> privileges = ScmRequiredPrivileges.decode(
                ScmRequiredPrivileges.encode(config.requiredPrivileges()).pmszRequiredPrivileges);
        return config.with(stored, config.preshutdownTimeoutMs(), privileges);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void removeIfGone(String name, Entry e) {
        if (e.markedForDeletion && e.openHandles == 0 && e.state == ServiceState.State.STOPPED) {
            services.remove(key(name));
        }
    }

    private final class Manager implements ServiceManager {
        private final Access access;

        Manager(Access access) {
            this.access = access;
        }

        @Override
        public ServiceHandle create(ServiceConfig config, Optional<char[]> password) throws ScmException {
            calls.add("create " + config.name());
            if (access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, "CreateService");
            }
            Entry existing = services.get(key(config.name()));
            if (existing != null) {
                throw new ScmException(existing.markedForDeletion ? ERROR_SERVICE_MARKED_FOR_DELETE
                        : ERROR_SERVICE_EXISTS, "CreateService");
            }
            Entry e = new Entry();
            e.config = withFailureActions(config, ScmRegistration.FailureActions.NONE);
            services.put(key(config.name()), e);
            return new Handle(config.name(), Access.ALL, e);
        }

        @Override
        public ServiceHandle open(String name, Access handleAccess) throws ScmException {
            calls.add("open " + name);
            Entry e = services.get(key(name));
            if (e == null) {
                throw new ScmException(ERROR_SERVICE_DOES_NOT_EXIST, "OpenService");
            }
            return new Handle(e.config.name(), handleAccess, e);
        }

        @Override
        public List<String> serviceNames() {
            return services.values().stream().map(e -> e.config.name()).toList();
        }

        @Override
        public Optional<String> readMarker(String serviceName) throws ScmException {
            Entry e = services.get(key(serviceName));
            if (e == null) {
                throw new ScmException(ERROR_FILE_NOT_FOUND, "RegGetValue");
            }
            return e.marker;
        }

        @Override
        public void writeMarker(String serviceName, String text) throws ScmException {
            calls.add("mark " + serviceName);
            Entry e = services.get(key(serviceName));
            if (e == null) {
                throw new ScmException(ERROR_FILE_NOT_FOUND, "RegSetKeyValue");
            }
            if (access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, "RegSetKeyValue");
            }
            e.marker = Optional.of(text);
        }

        @Override
        public void removeMarker(String serviceName) throws ScmException {
            calls.add("unmark " + serviceName);
            Entry e = services.get(key(serviceName));
            if (e == null) {
                throw new ScmException(ERROR_FILE_NOT_FOUND, "RegDeleteValue");
            }
            if (access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, "RegDeleteValue");
            }
            e.marker = Optional.empty();
        }

        @Override
        public void registerEventSource(String serviceName, String messageFile) throws ScmException {
            if (access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, "RegCreateKeyEx");
            }
            EventSource existing = eventSources.get(key(serviceName));
            if (existing == null || existing.svcctls()) {
                eventSources.put(key(serviceName), new EventSource(messageFile, true));
            }
        }

        @Override
        public void removeEventSource(String serviceName) throws ScmException {
            if (access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, "RegDeleteKey");
            }
            EventSource existing = eventSources.get(key(serviceName));
            if (existing != null && existing.svcctls()) {
                eventSources.remove(key(serviceName));
            }
        }

        @Override
        public void grantServiceLogonRight(String account) throws ScmException {
            calls.add("grant " + account);
            if (access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, "LsaAddAccountRights");
            }
            // LookupAccountName on Windows does not take "." for the local computer (WinSW strips it for this
            // reason); Wine 8 resolves ".\\root" all the same, so this is modelled after Windows.
            if (account.startsWith(".\\")) {
                throw new ScmException(ERROR_NONE_MAPPED, "LookupAccountName");
            }
            logonRights.add(account);
        }

        @Override
        public void close() {
        }
    }

    private final class Handle implements ServiceHandle {
        private final String name;
        private final Access access;
        private final Entry entry;
        private boolean open = true;

        Handle(String name, Access access, Entry entry) {
            this.name = name;
            this.access = access;
            this.entry = entry;
            entry.openHandles++;
        }

        @Override
        public String name() {
            return name;
        }

        private void require(String call, boolean write) throws ScmException {
            if (!open) {
                throw new ScmException(ERROR_INVALID_HANDLE, call);
            }
            if (write && access != Access.ALL) {
                throw new ScmException(ERROR_ACCESS_DENIED, call);
            }
        }

        @Override
        public ServiceConfig queryConfig() throws ScmException {
            require("QueryServiceConfig", true);
            ServiceConfig c = entry.config;
            return c.preshutdownTimeoutMs().isPresent() ? c : c.with(c.failureActions(),
                    OptionalLong.of(DEFAULT_PRESHUTDOWN_MS), c.requiredPrivileges());
        }

        @Override
        public void changeConfig(ServiceConfig config, Optional<char[]> password) throws ScmException {
            calls.add("change " + name);
            require("ChangeServiceConfig", true);
            if (entry.markedForDeletion) {
                throw new ScmException(ERROR_SERVICE_MARKED_FOR_DELETE, "ChangeServiceConfig");
            }
            ServiceConfig merged = config.preshutdownTimeoutMs().isPresent() ? config : config.with(
                    config.failureActions(), entry.config.preshutdownTimeoutMs(), config.requiredPrivileges());
            entry.config = withFailureActions(merged, entry.config.failureActions());
        }

        @Override
        public void start() throws ScmException {
            calls.add("start " + name);
            require("StartService", true);
            if (entry.state != ServiceState.State.STOPPED) {
                throw new ScmException(ERROR_SERVICE_ALREADY_RUNNING, "StartService");
            }
            if (entry.markedForDeletion) {
                throw new ScmException(ERROR_SERVICE_MARKED_FOR_DELETE, "StartService");
            }
            if (entry.config.startType() == ScmRegistration.StartType.DISABLED) {
                throw new ScmException(ERROR_SERVICE_DISABLED, "StartService");
            }
            entry.pid = processFor(entry);
            entry.state = entry.pendingQueries > 0 ? ServiceState.State.START_PENDING : ServiceState.State.RUNNING;
            entry.pendingLeft = entry.pendingQueries;
            entry.win32ExitCode = 0;
            entry.serviceSpecificExitCode = 0;
        }

        @Override
        public void stop() throws ScmException {
            calls.add("stop " + name);
            require("ControlService", true);
            if (entry.state == ServiceState.State.STOPPED) {
                throw new ScmException(ERROR_SERVICE_NOT_ACTIVE, "ControlService");
            }
            if (entry.state == ServiceState.State.START_PENDING || entry.state == ServiceState.State.STOP_PENDING) {
                throw new ScmException(ERROR_SERVICE_CANNOT_ACCEPT_CTRL, "ControlService");
            }
            entry.state = ServiceState.State.STOPPED;
            leftProcess(entry);
            removeIfGone(name, entry);
        }

        @Override
        public ServiceState query() throws ScmException {
            require("QueryServiceStatusEx", false);
            if (entry.state == ServiceState.State.START_PENDING && entry.pendingLeft-- <= 0) {
                entry.state = ServiceState.State.RUNNING;
            }
            boolean running = entry.state != ServiceState.State.STOPPED;
            return new ServiceState(entry.state, running ? OptionalLong.of(entry.pid) : OptionalLong.empty(),
                    entry.win32ExitCode, entry.serviceSpecificExitCode);
        }

        @Override
        public void delete() throws ScmException {
            calls.add("delete " + name);
            require("DeleteService", true);
            if (entry.markedForDeletion) {
                throw new ScmException(ERROR_SERVICE_MARKED_FOR_DELETE, "DeleteService");
            }
            entry.markedForDeletion = true;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                entry.openHandles--;
                removeIfGone(name, entry);
            }
        }
    }
}
