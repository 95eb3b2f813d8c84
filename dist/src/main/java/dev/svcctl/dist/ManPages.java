package dev.svcctl.dist;

import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.SpecKeyTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * What the man pages say beyond {@code --help}, added to the AsciiDoc that picocli's generator writes from the
 * command model (so a new command gets a page with every section by itself): EXIT STATUS, ENVIRONMENT and FILES
 * (the same for every command), EXAMPLES (hand-written per command in {@code src/man/examples/NAME.adoc}; a command
 * without one gets its usage line, and PackagesIT names it), SEE ALSO (the other pages). Also writes
 * {@code svcctl-spec(5)} from the spec reader's key table, the table the JSON Schema is checked against.
 */
final class ManPages {
    private static final String EXIT_STATUS_TAG = "// tag::picocli-generated-man-section-exit-status[]";

    private final CommandLine root;
    private final Path examples;

    ManPages(CommandLine root, Path examples) {
        this.root = root;
        this.examples = examples;
    }

    /** What each exit code means, for EXIT STATUS; a code without a line here is named by its constant. */
    static String meaning(ExitCode code) {
        return switch (code.name()) {
            case "OK" -> "Success.";
            case "FAILED" -> "The operation failed: a service did not come up, or the init system refused.";
            case "USAGE" -> "Usage error: an unknown command or option, or a missing argument.";
            case "NOT_RUNNING" -> "status: a service named is not running.";
            case "NOT_INSTALLED" -> "A service named is not installed.";
            case "NO_INPUT" -> "A spec file named does not exist or cannot be read.";
            case "INVALID_SPEC" -> "A spec file is invalid; each problem is printed as FILE:LINE:COLUMN.";
            case "UNAVAILABLE" -> "The backend is not available on this host (e.g. systemd where none runs).";
            case "PERMISSION_DENIED" -> "Permission denied: system services need root (Administrator on Windows).";
            default -> null;
        };
    }

    /** Adds the sections to every command's page under {@code dir} and writes svcctl-spec.adoc there. */
    void write(Path dir) throws IOException {
        List<String> pages = new ArrayList<>();
        pages.add("svcctl");
        root.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                pages.add("svcctl-" + name);
            }
        });
        for (String page : pages) {
            Path file = dir.resolve(page + ".adoc");
            if (!Files.exists(file)) {
                continue;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int at = text.indexOf(EXIT_STATUS_TAG);
            if (at < 0) {
                throw new IOException(file + ": picocli's page has no exit status section to add to");
            }
            String command = page.equals("svcctl") ? null : page.substring("svcctl-".length());
            String sections = exitStatus() + environment() + files() + examples(command) + seeAlso(page, pages);
            Files.writeString(file, text.substring(0, at) + sections + text.substring(at), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("svcctl-spec.adoc"), specPage(), StandardCharsets.UTF_8);
    }

    private static String exitStatus() {
        StringBuilder s = new StringBuilder("== Exit status\n\n");
        for (ExitCode code : ExitCode.values()) {
            String meaning = meaning(code);
            s.append('*').append(code.code()).append("*::\n  ")
                    .append(meaning != null ? meaning : code.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append("\n\n");
        }
        return s.toString();
    }

    private static String environment() {
        return """
                == Environment

                *JAVA_HOME*::
                  The Java 17 or newer that runs svcctl; else the *java* on *PATH*.

                *SVCCTL_JAVA_OPTS*::
                  Extra options for that JVM, split on blanks (e.g. *-Xlog:class+load*).

                *SVCCTL_RUNTIME_DIR*::
                  The directory of the state files of *svcctl run* and of the install locks; default:
                  */run/svcctl* for root, else *$XDG_RUNTIME_DIR/svcctl*.

                *LC_ALL*, *LC_CTYPE*, *LANG*::
                  When none names UTF-8, svcctl runs under C.UTF-8 and hands the caller's *LC_ALL* back to the
                  programs it starts.

                """;
    }

    private static String files() {
        return """
                == Files

                */etc/systemd/system/NAME.service*, *~/.config/systemd/user/NAME.service*::
                  The units svcctl writes for systemd (system and *--user* scope); each starts with a
                  *svcctl-managed* marker line.

                */Library/LaunchDaemons/LABEL.plist*, *~/Library/LaunchAgents/LABEL.plist*::
                  The property lists svcctl writes for launchd.

                */etc/svcctl/services/NAME.yaml*, *~/.config/svcctl/services/NAME.yaml*::
                  The installed copy of a spec that *svcctl run --name NAME* reads (mode 0600: it holds *env*).

                */run/svcctl/*::
                  The state files of *svcctl run* and the install locks (see *SVCCTL_RUNTIME_DIR*).

                */usr/share/svcctl/service-spec-v1.schema.json*::
                  The JSON Schema of spec files, for editors (*share/svcctl/* in the archive).

                */usr/share/svcctl/examples/*::
                  Example spec files (*examples/* in the archive).

                """.replace("/etc/svcctl/services", SvcctlPaths.SYSTEM_SPECS.toString())
                .replace("/run/svcctl/", SvcctlPaths.SYSTEM_RUNTIME + "/");
    }

    private String examples(String command) throws IOException {
        StringBuilder s = new StringBuilder("== Examples\n\n");
        Path file = examples.resolve((command == null ? "svcctl" : command) + ".adoc");
        if (Files.exists(file)) {
            s.append(Files.readString(file, StandardCharsets.UTF_8).strip()).append("\n\n");
        } else {
            String name = command == null ? "svcctl" : "svcctl " + command;
            s.append("Show the usage:\n\n----\n").append(name).append(" --help\n----\n\n");
        }
        return s.toString();
    }

    private static String seeAlso(String page, List<String> pages) {
        List<String> refs = new ArrayList<>();
        for (String other : pages) {
            if (!other.equals(page)) {
                refs.add("*" + other + "*(1)");
            }
        }
        refs.add("*svcctl-spec*(5)");
        refs.add("*systemctl*(1)");
        refs.add("*systemd.service*(5)");
        refs.add("*launchctl*(1)");
        return "== See also\n\n" + String.join(", ", refs) + "\n\n";
    }

    /** svcctl-spec(5): every key of the reader's table, with its kind, default and documentation. */
    static String specPage() {
        StringBuilder s = new StringBuilder("""
                :doctype: manpage
                :manmanual: Svcctl Manual
                :mansource: svcctl
                = svcctl-spec(5)

                == Name

                svcctl-spec - the YAML service spec that svcctl reads

                == Synopsis

                _NAME_.yaml

                == Description

                A service spec is one YAML file that describes one long-lived program: what to run, as whom, how to
                restart and stop it, where its output goes. *svcctl*(1) renders it for systemd, the Windows SCM or
                launchd. Unknown keys are errors (with a "did you mean"), and every error names FILE:LINE:COLUMN.
                Durations are written like *250ms*, *5s*, *1m30s*, *2h*, *1d*; sizes like *512KB*, *10MB*, *1GB*.

                Below, every key in the order the reader knows them; a dotted name is a key inside a section
                (*restart.delay* is *delay:* under *restart:*). The same keys are in the JSON Schema, which editors
                use for completion and checks (see FILES).

                == Keys

                """);
        for (SpecKeyTable.Key key : SpecKeyTable.keys()) {
            s.append('*').append(key.path()).append("*");
            if (key.section()) {
                s.append(" (section)");
            } else {
                s.append(" (").append(key.kind());
                if (key.defaultJson() != null) {
                    s.append(", default: ").append(key.defaultJson().replace("\"", ""));
                }
                s.append(')');
            }
            s.append("::\n  ").append(escape(key.doc())).append("\n\n");
        }
        s.append("""
                == Example

                ----
                # yaml-language-server: $schema=file:///usr/share/svcctl/service-spec-v1.schema.json
                name: hello
                description: Says hello every five seconds
                exec: /bin/sh
                args: ["-c", "while true; do echo hello; sleep 5; done"]
                restart:
                  policy: on-failure
                  delay: 2s
                ----

                == Files

                */usr/share/svcctl/service-spec-v1.schema.json*::
                  The JSON Schema of this format (*share/svcctl/* in the archive); the example files name it in
                  their first line for yaml-language-server.

                */usr/share/svcctl/examples/*::
                  Example specs.

                == See also

                *svcctl*(1), *svcctl-validate*(1), *svcctl-install*(1), *systemd.service*(5)
                """);
        return s.toString();
    }

    /** Keeps AsciiDoc from reading text as markup: attribute references and passthroughs. */
    private static String escape(String text) {
        return text.replace("{", "\\{").replace("+++", "\\+++");
    }
}
