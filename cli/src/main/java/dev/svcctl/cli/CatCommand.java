package dev.svcctl.cli;

import dev.svcctl.backend.Artifact;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code svcctl cat NAME}: the files svcctl installed for a service as they are now, each after a {@code # PATH}
 * line as {@code systemctl cat} prints them, the values of env masked. Only svcctl's own files are shown.
 */
final class CatCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "cat",
                        "Show what is installed for a service: its unit, plist or task, its environment file and the"
                                + " stored spec, each after a '# PATH' line; the values of env are masked.",
                        "Only files svcctl wrote are shown. Exit 4 when the service is not installed, 1 when a"
                                + " service of that name was not installed by svcctl.")
                .addPositional(PositionalParamSpec.builder().paramLabel("NAME").arity("1").required(true)
                        .type(String.class).description("Service name.").build())
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec())
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        String name = call.parameter(0);
        List<Artifact> files = BackendOption.select(call).installedFiles(name, ScopeOption.user(call));
        if (JsonOption.isOn(call)) {
            List<Map<String, Object>> data = new ArrayList<>();
            for (Artifact file : files) {
                Map<String, Object> f = Json.object();
                f.put("path", file.installPath());
                f.put("mode", String.format("%04o", file.mode()));
                f.put("content", file.printable());
                data.add(f);
            }
            Map<String, Object> document = Json.object();
            document.put("name", name);
            document.put("files", data);
            JsonOption.print(call, document);
            return 0;
        }
        PrintWriter out = call.out();
        for (int i = 0; i < files.size(); i++) {
            String text = files.get(i).printable();
            out.print((i == 0 ? "" : "\n") + "# " + files.get(i).installPath() + "\n" + text
                    + (text.endsWith("\n") || text.isEmpty() ? "" : "\n"));
        }
        out.flush();
        return 0;
    }
}
