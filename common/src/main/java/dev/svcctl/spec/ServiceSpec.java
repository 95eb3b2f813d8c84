package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One service, as described by a spec v1 file: immutable and already validated. Backends read this model and never
 * the YAML. Build it with {@link SpecLoader}, or in tests with {@link #builder(String, String)}; change a copy with
 * {@link #toBuilder()}.
 */
public record ServiceSpec(
        String name,
        String displayName,
        Optional<String> description,
        String exec,
        List<String> args,
        Optional<String> workingDirectory,
        Optional<String> user,
        Optional<String> group,
        Map<String, String> env,
        List<EnvFileEntry> envFiles,
        Scope scope,
        Startup startup,
        List<String> dependsOn,
        List<Milestone> after,
        RestartSpec restart,
        StopSpec stop,
        Optional<Signal> reloadSignal,
        List<String> reloadExec,
        LogsSpec logs,
        LimitsSpec limits,
        OptionalInt priority,
        Hardening hardening,
        Optional<HealthCheckSpec> healthCheck,
        Optional<ReadinessSpec> readiness,
        Optional<Duration> watchdog,
        SupervisorMode supervisor,
        PlatformSpec platform,
        @OmittedWhenEmpty Optional<HooksSpec> hooks,
        @OmittedWhenEmpty List<Integer> cpuAffinity) {

    public ServiceSpec {
        args = List.copyOf(args);
        env = Specs.copyOfOrdered(env);
        dependsOn = List.copyOf(dependsOn);
        after = List.copyOf(after);
        envFiles = List.copyOf(envFiles);
        reloadExec = List.copyOf(reloadExec);
        cpuAffinity = List.copyOf(cpuAffinity);
    }

    /** Whether {@code svcctl reload} has something to do: a reload signal or a reload command. */
    public boolean reloads() {
        return reloadSignal.isPresent() || !reloadExec.isEmpty();
    }

    /** The program's full argv: the executable followed by the arguments. */
    public List<String> argv() {
        return Specs.concat(exec, args);
    }

    /**
     * A stable hash of everything the spec says (not of its file: comments and layout do not count), used in
     * the marker line of rendered artifacts.
     */
    public String fingerprint() {
        return ShortHash.of(CanonicalText.of(this));
    }

    /** Why {@code name} is no service name by the rule of the {@code name} key, or null when it is one. */
    public static String nameProblem(String name) {
        return ValueCheck.NAME.problem(name);
    }

    public static Builder builder(String name, String exec) {
        return new Builder(name, exec);
    }

    /** A builder holding every field of this spec, to make a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, exec);
        b.displayName = displayName;
        b.description = description;
        b.args = args;
        b.workingDirectory = workingDirectory;
        b.user = user;
        b.group = group;
        b.env = env;
        b.envFiles = envFiles;
        b.scope = scope;
        b.startup = startup;
        b.dependsOn = dependsOn;
        b.after = after;
        b.restart = restart;
        b.stop = stop;
        b.reloadSignal = reloadSignal;
        b.reloadExec = reloadExec;
        b.logs = logs;
        b.limits = limits;
        b.priority = priority;
        b.hardening = hardening;
        b.healthCheck = healthCheck;
        b.readiness = readiness;
        b.watchdog = watchdog;
        b.supervisor = supervisor;
        b.platform = platform;
        b.hooks = hooks;
        b.cpuAffinity = cpuAffinity;
        return b;
    }

    /** Assembles a spec field by field; unset fields take the spec v1 defaults. */
    public static final class Builder {
        private final String name;
        private String exec;
        private String displayName;
        private Optional<String> description = Optional.empty();
        private List<String> args = List.of();
        private Optional<String> workingDirectory = Optional.empty();
        private Optional<String> user = Optional.empty();
        private Optional<String> group = Optional.empty();
        private Map<String, String> env = Map.of();
        private List<EnvFileEntry> envFiles = List.of();
        private Scope scope = Scope.SYSTEM;
        private Startup startup = Startup.AUTO;
        private List<String> dependsOn = List.of();
        private List<Milestone> after = List.of();
        private RestartSpec restart = RestartSpec.DEFAULT;
        private StopSpec stop = StopSpec.DEFAULT;
        private Optional<Signal> reloadSignal = Optional.empty();
        private List<String> reloadExec = List.of();
        private LogsSpec logs = LogsSpec.DEFAULT;
        private LimitsSpec limits = LimitsSpec.NONE;
        private OptionalInt priority = OptionalInt.empty();
        private Hardening hardening = Hardening.NONE;
        private Optional<HealthCheckSpec> healthCheck = Optional.empty();
        private Optional<ReadinessSpec> readiness = Optional.empty();
        private Optional<Duration> watchdog = Optional.empty();
        private SupervisorMode supervisor = SupervisorMode.AUTO;
        private PlatformSpec platform = PlatformSpec.DEFAULT;
        private Optional<HooksSpec> hooks = Optional.empty();
        private List<Integer> cpuAffinity = List.of();

        private Builder(String name, String exec) {
            this.name = name;
            this.exec = exec;
        }

        public Builder exec(String v) { exec = v; return this; }
        public Builder displayName(String v) { displayName = v; return this; }
        public Builder description(String v) { description = Optional.ofNullable(v); return this; }
        public Builder args(List<String> v) { args = v; return this; }
        public Builder args(String... v) { args = List.of(v); return this; }
        public Builder workingDirectory(String v) { workingDirectory = Optional.ofNullable(v); return this; }
        public Builder user(String v) { user = Optional.ofNullable(v); return this; }
        public Builder group(String v) { group = Optional.ofNullable(v); return this; }
        public Builder env(Map<String, String> v) { env = v; return this; }
        public Builder envFiles(List<EnvFileEntry> v) { envFiles = v; return this; }
        public Builder envFiles(String... written) { envFiles = EnvFileEntry.parseAll(List.of(written)); return this; }
        public Builder scope(Scope v) { scope = v; return this; }
        public Builder startup(Startup v) { startup = v; return this; }
        public Builder dependsOn(List<String> v) { dependsOn = v; return this; }
        public Builder after(List<Milestone> v) { after = v; return this; }
        public Builder restart(RestartSpec v) { restart = v; return this; }
        public Builder stop(StopSpec v) { stop = v; return this; }
        public Builder reloadSignal(Signal v) { reloadSignal = Optional.ofNullable(v); return this; }
        public Builder reloadExec(List<String> v) { reloadExec = v; return this; }
        public Builder logs(LogsSpec v) { logs = v; return this; }
        public Builder limits(LimitsSpec v) { limits = v; return this; }
        public Builder priority(int v) { priority = OptionalInt.of(v); return this; }
        public Builder hardening(Hardening v) { hardening = v; return this; }
        public Builder healthCheck(HealthCheckSpec v) { healthCheck = Optional.ofNullable(v); return this; }
        public Builder readiness(ReadinessSpec v) { readiness = Optional.ofNullable(v); return this; }
        public Builder watchdog(Duration v) { watchdog = Optional.ofNullable(v); return this; }
        public Builder supervisor(SupervisorMode v) { supervisor = v; return this; }
        public Builder platform(PlatformSpec v) { platform = v; return this; }
        public Builder hooks(HooksSpec v) { hooks = Optional.ofNullable(v); return this; }
        public Builder cpuAffinity(List<Integer> v) { cpuAffinity = v; return this; }

        public ServiceSpec build() {
            return new ServiceSpec(name, displayName == null ? name : displayName, description, exec, args,
                    workingDirectory, user, group, env, envFiles, scope, startup, dependsOn, after, restart, stop,
                    reloadSignal, reloadExec, logs, limits, priority, hardening, healthCheck, readiness, watchdog, supervisor,
                    platform, hooks, cpuAffinity);
        }
    }
}
