package dev.svcctl.cli;

import com.google.gson.stream.JsonWriter;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Register, enable and start services from spec files; re-installing updates in place.",
            "Exit 1 when a service does not come up (its state says how it ended)."})
final class InstallCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Service spec files (YAML).")
    List<Path> files;

    @Mixin
    BackendOption backendOption;

    @Mixin
    ScopeOption scope;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--dry-run", description = "Show what would change (a diff of each file) and change nothing.")
    boolean dryRun;

    @Option(names = "--no-start", description = "Do not start the services.")
    boolean noStart;

    @Option(names = "--no-restart", description = "Do not restart running services whose spec changed.")
    boolean noRestart;

    @Option(names = "--force", description = "Take over an existing service svcctl did not create (keeps a backup).")
    boolean force;

    @Option(names = "--root", paramLabel = "DIR", description = "Write files under DIR and call nothing (packaging).")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Backend backend = backendOption.select();
        List<ServiceSpec> specs = SpecFiles.load(files, backend).stream().map(LoadedSpec::spec).toList();
        List<InstallResult> results = backend.install(specs,
                new InstallOptions(dryRun, noStart, noRestart, force, scope.user, Optional.ofNullable(root)));
        PrintWriter out = spec.commandLine().getOut();
        if (jsonOption.json) {
            printJson(out, results);
        } else {
            printText(out, results);
        }
        out.flush();
        List<String> down = results.stream().filter(r -> r.state().filter(s -> s == ServiceState.FAILED).isPresent())
                .map(InstallResult::name).toList();
        if (!down.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join(", ", down) + (down.size() == 1 ? " is" : " are")
                    + " installed but failed to run", "'svcctl logs " + down.get(0) + "' shows why");
        }
        return ExitCode.OK.code();
    }

    private void printText(PrintWriter out, List<InstallResult> results) {
        for (InstallResult result : results) {
            StringBuilder line = new StringBuilder(result.name()).append(": ");
            line.append(dryRun ? "would be " : "").append(action(result)).append(' ').append(result.location());
            result.state().ifPresent(s -> line.append(dryRun ? ", now " : ", ").append(s.label()));
            result.note().ifPresent(n -> line.append(" (").append(n).append(')'));
            out.println(line);
            result.diff().ifPresent(out::print);
        }
    }

    private static void printJson(PrintWriter out, List<InstallResult> results) throws java.io.IOException {
        JsonWriter json = new JsonWriter(out);
        json.setIndent("  ");
        json.beginArray();
        for (InstallResult result : results) {
            json.beginObject();
            json.name("name").value(result.name());
            json.name("action").value(action(result));
            json.name("unit").value(result.location());
            json.name("state");
            if (result.state().isPresent()) {
                json.value(result.state().get().label());
            } else {
                json.nullValue();
            }
            if (result.note().isPresent()) {
                json.name("note").value(result.note().get());
            }
            if (result.diff().isPresent()) {
                json.name("diff").value(result.diff().get());
            }
            json.endObject();
        }
        json.endArray();
        json.flush();
        out.println();
    }

    private static String action(InstallResult result) {
        return result.action().name().toLowerCase(Locale.ROOT);
    }
}
