package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.spec.LoadedSpec;
import dev.svcctl.spec.ServiceSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class InstallCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "install",
                        "Register, enable and start services from spec files; re-installing updates in place.",
                        "Exit 1 when a service does not come up (its state says how it ended).",
                        "FILE '-' reads one spec from standard input. A service last installed from another spec"
                                + " file than this one is installed all the same, with a warning that names both.")
                .addPositional(Options.specFiles())
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec())
                .addOption(JsonOption.spec())
                .addOption(Options.flag("Show what would change (a diff of each file, the values of env masked) and change nothing.",
                        "--dry-run"))
                .addOption(Options.flag("Do not start the services.", "--no-start"))
                .addOption(Options.flag("Do not restart running services whose spec changed.", "--no-restart"))
                .addOption(Options.flag("Take over an existing service svcctl did not create (keeps a backup).",
                        "--force"))
                .addOption(Options.valued(Path.class, "DIR", "Write files under DIR and call nothing (packaging).",
                        "--root").build())
                .addOption(Options.valued(String.class, "PATH", "The svcctl launcher that units running 'svcctl run'"
                        + " name (default: this svcctl's own, refused when it would not last: a build tree, /tmp, a"
                        + " home directory for a system service).", "--svcctl-path").build());
    }

    @Override
    public int run(Invocation call) throws Exception {
        Path root = call.option("--root");
        Backend backend = root != null ? BackendOption.selectForRoot(call) : BackendOption.select(call);
        List<Path> files = call.parameters(0);
        List<LoadedSpec> loaded = SpecFiles.load(files, backend);
        List<ServiceSpec> specs = loaded.stream().map(LoadedSpec::spec).toList();
        Map<String, String> sources = new HashMap<>();
        // Under --root (a package or image being built) nothing records where a spec came from: the build
        // machine's paths mean nothing on the target, and the tree must be what 'render -o' writes.
        for (int i = 0; i < loaded.size() && root == null; i++) {
            sources.put(loaded.get(i).spec().name(), SpecFiles.sourceName(files.get(i)));
        }
        boolean dryRun = call.flag("--dry-run");
        List<InstallResult> results = backend.install(specs, new InstallOptions(dryRun, call.flag("--no-start"),
                call.flag("--no-restart"), call.flag("--force"), ScopeOption.user(call), Optional.ofNullable(root),
                Optional.ofNullable(call.option("--svcctl-path")), sources));
        for (InstallResult result : results) {
            result.formerSource().ifPresent(former -> call.err().println("svcctl: warning: " + result.name()
                    + " was installed from " + former + "; now from " + sources.get(result.name())));
        }
        call.err().flush();
        PrintWriter out = call.out();
        boolean json = JsonOption.isOn(call);
        if (!json) {
            printText(out, results, dryRun);
            out.flush();
        }
        List<String> down = results.stream().filter(r -> r.state().filter(s -> s == ServiceState.FAILED).isPresent())
                .map(InstallResult::name).toList();
        if (!down.isEmpty()) {
            BackendException failed = new BackendException(ExitCode.FAILED, String.join(", ", down)
                    + (down.size() == 1 ? " is" : " are") + " installed but failed to run",
                    "'svcctl logs " + down.get(0) + "' shows why");
            // With --json the results and the error are one document: a script learns what changed either way.
            throw json ? new Failures.WithResult(toData(results, dryRun), failed) : failed;
        }
        if (json) {
            JsonOption.print(call, toData(results, dryRun));
        }
        return ExitCode.OK.code();
    }

    private static void printText(PrintWriter out, List<InstallResult> results, boolean dryRun) {
        for (InstallResult result : results) {
            StringBuilder line = new StringBuilder(result.name()).append(": ");
            line.append(dryRun ? "would be " : "").append(action(result)).append(' ').append(result.location());
            result.state().ifPresent(s -> line.append(dryRun ? ", now " : ", ").append(s.label()));
            result.note().ifPresent(n -> line.append(" (").append(n).append(')'));
            out.println(line);
            result.diff().ifPresent(out::print);
        }
    }

    /**
     * {@code {"dryRun", "services": [{"name", "action", "changed", "unit", "state", "note", "diff"}]}}: changed is
     * whether anything was (with --dry-run: would be) created or updated.
     */
    private static Map<String, Object> toData(List<InstallResult> results, boolean dryRun) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (InstallResult result : results) {
            Map<String, Object> s = Json.object();
            s.put("name", result.name());
            s.put("action", action(result));
            s.put("changed", result.action() != InstallResult.Action.UNCHANGED);
            s.put("unit", result.location());
            s.put("state", result.state().map(ServiceState::label));
            s.put("note", result.note());
            s.put("formerSource", result.formerSource());
            s.put("diff", result.diff());
            services.add(s);
        }
        Map<String, Object> document = Json.object();
        document.put("dryRun", dryRun);
        document.put("services", services);
        return document;
    }

    private static String action(InstallResult result) {
        return result.action().name().toLowerCase(Locale.ROOT);
    }
}
