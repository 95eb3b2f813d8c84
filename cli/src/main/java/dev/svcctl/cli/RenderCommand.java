package dev.svcctl.cli;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.Secrets;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.StepPauses;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LoadedSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class RenderCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "render",
                        "Print what install would write for each spec, for any backend, on any host.",
                        "With -o DIR, write each file under DIR at its install path (user-scope files: DIR is the"
                                + " home). The values of env are masked in what is printed (<secret: N bytes>)"
                                + " unless --show-secrets is given; the files written with -o hold them, readable"
                                + " by their owner only.")
                .addPositional(Options.specFiles())
                .addOption(BackendOption.spec())
                .addOption(JsonOption.spec())
                .addOption(Options.flag("Print the values of env as they are, instead of masked.",
                        "--show-secrets"))
                .addOption(Options.valued(Path.class, "DIR", "Write the files under DIR.", "-o", "--output").build())
                .addOption(Options.valued(String.class, "PATH", "Where svcctl is installed on the target (for units"
                        + " that run 'svcctl run'; default: ${DEFAULT-VALUE}; not for Windows, see --svcctl-home).",
                        "--svcctl-path").defaultValue(RenderOptions.DEFAULT_SVCCTL).build())
                .addOption(Options.valued(String.class, "DIR", "Windows: the svcctl directory on the target (holding"
                        + " lib\\svcctl.jar); default: this svcctl's own on Windows, else C:\\Program Files\\svcctl.",
                        "--svcctl-home").build())
                .addOption(Options.valued(String.class, "DIR", "Windows: the Java 17+ on the target that runs svcctl"
                        + " (its bin\\java.exe); default: the one running this svcctl on Windows, else"
                        + " SVCCTL_HOME\\jre.", "--java-home").build());
    }

    @Override
    public int run(Invocation call) throws Exception {
        Backend backend = BackendOption.selectForRender(call);
        List<Path> files = call.parameters(0);
        Path outputDir = call.option("--output");
        String svcctlPath = call.option("--svcctl-path");
        String svcctlHome = call.option("--svcctl-home");
        String javaHome = call.option("--java-home");
        boolean json = JsonOption.isOn(call);
        boolean showSecrets = call.flag("--show-secrets");
        List<LoadedSpec> specs = SpecFiles.load(files, backend);
        List<Rendering> renderings = new ArrayList<>();
        for (LoadedSpec loaded : specs) {
            try {
                renderings.add(Secrets.render(backend, loaded.spec(), new RenderOptions(svcctlPath, false,
                        Optional.ofNullable(svcctlHome), Optional.ofNullable(javaHome))));
            } catch (UnsupportedSpecException e) {
                throw new InvalidSpecException(e.problems().stream().map(loaded.sources()::toError).toList());
            }
        }
        PrintWriter out = call.out();
        Map<Artifact, Path> written = new IdentityHashMap<>();
        if (outputDir != null) {
            ArtifactFiles output = LocalArtifactFiles.under(outputDir, StepPauses.NONE);
            for (Rendering rendering : renderings) {
                for (Artifact artifact : rendering.artifacts()) {
                    Path target = write(output, artifact);
                    written.put(artifact, target);
                    if (!json) {
                        out.println(target);
                    }
                }
            }
        }
        if (json) {
            printJson(call, renderings, showSecrets, written);
        } else if (outputDir == null) {
            printText(out, renderings, showSecrets);
        }
        out.flush();
        return 0;
    }

    private static void printText(PrintWriter out, List<Rendering> renderings, boolean showSecrets) {
        boolean single = renderings.size() == 1 && renderings.get(0).artifacts().size() == 1
                && renderings.get(0).registration().isEmpty();
        for (Rendering rendering : renderings) {
            if (!rendering.registration().isEmpty()) {
                out.println("==> " + rendering.backend() + " registration of " + rendering.service() + " <==");
                rendering.registration().forEach((k, v) -> out.println(k + ": " + v));
                out.println();
            }
            for (Artifact artifact : rendering.artifacts()) {
                if (!single) {
                    out.println("==> " + artifact.installPath() + " <==");
                }
                out.print(showSecrets ? artifact.content() : artifact.printable());
                if (!single) {
                    out.println();
                }
            }
        }
    }

    /** {@code {"version": 1, "renderings": [{"backend", "service", "artifacts": [...], "registration"}]}}. */
    private static void printJson(Invocation call, List<Rendering> renderings, boolean showSecrets,
                                  Map<Artifact, Path> written) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Rendering rendering : renderings) {
            Map<String, Object> r = Json.object();
            r.put("backend", rendering.backend());
            r.put("service", rendering.service());
            List<Map<String, Object>> artifacts = new ArrayList<>();
            for (Artifact artifact : rendering.artifacts()) {
                Map<String, Object> a = Json.object();
                a.put("path", artifact.installPath());
                a.put("mode", String.format("%04o", artifact.mode()));
                a.put("content", showSecrets ? artifact.content() : artifact.printable());
                Path target = written.get(artifact);
                a.put("written", target == null ? null : target.toString());
                artifacts.add(a);
            }
            r.put("artifacts", artifacts);
            r.put("registration", rendering.registration());
            list.add(r);
        }
        Map<String, Object> document = Json.object();
        document.put("renderings", list);
        JsonOption.print(call, document);
    }

    /** Through the install engine's writer, so that render -o and install --root write the same tree. */
    private static Path write(ArtifactFiles output, Artifact artifact) throws BackendException {
        try {
            output.write(artifact.installPath(), artifact.bytes(), artifact.mode(), "render");
            return output.locate(artifact.installPath());
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot write " + output.describe(artifact.installPath())
                    + ": " + e.getMessage(), null, e);
        }
    }
}
