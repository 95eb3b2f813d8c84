package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.cli.CommandModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What the tar.gz, the zip and the .deb hold. */
class PackagesIT {
    private static final String VERSION = System.getProperty("svcctl.version");
    private static final Path TARGET = Files2.target();
    private static final String BASE = "svcctl-" + VERSION + "/";

    /** The subcommands users see; hidden ones (svcctl host, run only by the Windows SCM) get no page or completion. */
    private static Set<String> subcommands() {
        Set<String> visible = new TreeSet<>();
        CommandModel.commandLine().getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                visible.add(name);
            }
        });
        return visible;
    }

    private static Set<String> tarEntries() throws Exception {
        Run tar = Run.of(TARGET, List.of("tar", "-tzf", TARGET.resolve("svcctl-" + VERSION + ".tar.gz").toString()));
        assertEquals(0, tar.exitCode(), tar::toString);
        return new TreeSet<>(tar.out().lines().map(e -> e.endsWith("/") ? e.substring(0, e.length() - 1) : e).toList());
    }

    @Test
    void theTarballAndTheZipHoldTheSameTree() throws Exception {
        Set<String> zipEntries = new TreeSet<>();
        try (ZipFile zip = new ZipFile(TARGET.resolve("svcctl-" + VERSION + ".zip").toFile())) {
            Collections.list(zip.entries()).forEach(e -> zipEntries.add(e.getName().replaceAll("/$", "")));
        }
        assertEquals(tarEntries(), zipEntries);
    }

    @Test
    void theTarballHoldsTheWholeDistribution() throws Exception {
        Set<String> entries = tarEntries();
        for (String path : List.of("bin/svcctl", "bin/svcctl.cmd", "bin/svcctl-cds", "lib/svcctl.jar",
                "lib/picocli-4.7.7.jar", "lib/svcctl.classlist", "lib/svcctl-run.classlist", "completion/svcctl.bash",
                "completion/_svcctl", "completion/svcctl.fish", "man/man1/svcctl.1", "examples/hello.yaml", "LICENSE", "README",
                "lib/jna/win32-x86-64/jnidispatch.dll", "lib/jna/win32-aarch64/jnidispatch.dll",
                "lib/jna/linux-x86-64/libjnidispatch.so", "share/svcctl/service-spec-v1.schema.json",
                "man/man5/svcctl-spec.5")) {
            assertTrue(entries.contains(BASE + path), () -> path + " missing from " + entries);
        }
        for (String name : subcommands()) {
            assertTrue(entries.contains(BASE + "man/man1/svcctl-" + name + ".1"), () -> "no man page for " + name);
        }
        assertTrue(entries.stream().noneMatch(e -> e.contains(".jsa")), "a CDS archive only fits the build's tree");
    }

    @Test
    void launchersAreExecutableAndTheWindowsOneHasCrlfLineEnds() throws Exception {
        Run tar = Run.of(TARGET, List.of("tar", "-tvzf", TARGET.resolve("svcctl-" + VERSION + ".tar.gz").toString()));
        assertTrue(tar.out().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(BASE + "bin/svcctl")),
                tar::toString);
        String cmd = Files.readString(TARGET.resolve("svcctl/bin/svcctl.cmd"), StandardCharsets.UTF_8);
        assertTrue(cmd.lines().count() > 10 && cmd.split("\n", -1).length - 1 == cmd.split("\r\n", -1).length - 1,
                "every line of svcctl.cmd should end in CRLF");
    }

    @Test
    void completionAndManPagesComeFromTheCommandModel() throws Exception {
        Path dist = TARGET.resolve("svcctl");
        String bash = Files.readString(dist.resolve("completion/svcctl.bash"));
        String zsh = Files.readString(dist.resolve("completion/_svcctl"));
        String fish = Files.readString(dist.resolve("completion/svcctl.fish"));
        for (String name : subcommands()) {
            assertTrue(bash.contains("\n        " + name + ")\n"), () -> "no bash completion for " + name);
            assertTrue(zsh.contains("\n        " + name + ")\n"), () -> "no zsh completion for " + name);
            assertTrue(fish.contains("__fish_seen_subcommand_from " + name + "'"), () -> "no fish completion for " + name);
            String page = Files.readString(dist.resolve("man/man1/svcctl-" + name + ".1"));
            assertTrue(page.contains(".TH \"SVCCTL\\-" + name.toUpperCase() + "\" \"1\""), () -> page);
        }
        assertTrue(!bash.contains("host)") && !zsh.contains("host)"), "the hidden 'host' command is not completed");
        String render = Files.readString(dist.resolve("man/man1/svcctl-render.1"));
        assertTrue(render.contains("\\-\\-backend"), render);
    }

    @Test
    void everyCommandPageHasTheSectionsPeopleLookFor() throws Exception {
        Path man = TARGET.resolve("svcctl/man/man1");
        List<String> pages = new java.util.ArrayList<>(List.of("svcctl"));
        subcommands().forEach(name -> pages.add("svcctl-" + name));
        for (String page : pages) {
            String troff = Files.readString(man.resolve(page + ".1"));
            for (String section : List.of("EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO")) {
                assertTrue(troff.contains(".SH \"" + section + "\""), () -> page + " has no " + section + ":\n" + troff);
            }
            assertTrue(troff.contains("svcctl\\-spec") && troff.contains("(5)"), () -> page + " names no svcctl-spec(5)");
        }
        assertTrue(Files.readString(man.resolve("svcctl-status.1")).contains("svcctl status web worker"));
    }

    /** A command another branch adds gets a page by itself, but its EXAMPLES are written by hand: name the ones missing. */
    @Test
    void everyCommandHasHandWrittenExamples() {
        Path examples = Path.of("src/man/examples");
        List<String> missing = subcommands().stream().filter(name -> !Files.exists(examples.resolve(name + ".adoc")))
                .toList();
        assertEquals(List.of(), missing, "write src/man/examples/NAME.adoc for these commands");
    }

    @Test
    void everyExitCodeIsExplainedInTheManPages() {
        for (dev.svcctl.backend.ExitCode code : dev.svcctl.backend.ExitCode.values()) {
            assertTrue(ManPages.meaning(code) != null, () -> "ManPages.meaning has no line for " + code);
        }
    }

    /** svcctl-spec(5) lists every key of the reader's table, the table the JSON Schema is checked against. */
    @Test
    void theSpecPageNamesEveryKeyOfTheReadersTable() throws Exception {
        String troff = Files.readString(TARGET.resolve("svcctl/man/man5/svcctl-spec.5"));
        assertTrue(troff.contains(".TH \"SVCCTL\\-SPEC\" \"5\""), troff);
        for (dev.svcctl.spec.SpecKeyTable.Key key : dev.svcctl.spec.SpecKeyTable.keys()) {
            assertTrue(troff.contains(key.path()), () -> key.path() + " missing from svcctl-spec(5)");
        }
        assertTrue(troff.contains("restart.delay") && troff.contains("default: 1s"), troff);
    }

    /** This machine's Debian architecture (amd64, arm64), whose .deb the build always makes. */
    private static String debArchitecture() throws Exception {
        Run arch = Run.of(TARGET, List.of("dpkg", "--print-architecture"));
        assertEquals(0, arch.exitCode(), arch::toString);
        return arch.out().strip();
    }

    private static boolean haveDpkg() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/dpkg-deb"));
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(present, "dpkg-deb is not installed here");
        }
        return present;
    }

    private static Path deb(String arch) {
        return TARGET.resolve("svcctl_" + VERSION.replace('-', '~') + "_" + arch + ".deb");
    }

    @Test
    void theDebInstallsTheLauncherLibrariesManPagesCompletionAndSchema() throws Exception {
        haveDpkg();
        String arch = debArchitecture();
        String jna = arch.equals("arm64") ? "linux-aarch64" : "linux-x86-64";
        Run contents = Run.of(TARGET, List.of("dpkg-deb", "--contents", deb(arch).toString()));
        assertEquals(0, contents.exitCode(), contents::toString);
        String listing = contents.out();
        for (String path : List.of("./usr/share/svcctl/bin/svcctl", "./usr/share/svcctl/lib/svcctl.jar",
                "./usr/share/svcctl/lib/svcctl.classlist", "./usr/share/svcctl/lib/svcctl-run.classlist",
                "./usr/share/man/man1/svcctl.1.gz", "./usr/share/man/man1/svcctl-render.1.gz",
                "./usr/share/man/man5/svcctl-spec.5.gz",
                "./usr/share/bash-completion/completions/svcctl", "./usr/share/zsh/vendor-completions/_svcctl",
                "./usr/share/fish/vendor_completions.d/svcctl.fish", "./usr/share/svcctl/service-spec-v1.schema.json",
                "./usr/share/svcctl/examples/hello.yaml", "./usr/share/doc/svcctl/copyright",
                "./usr/share/doc/svcctl/changelog.gz", "./usr/lib/svcctl/jna/" + jna + "/libjnidispatch.so")) {
            assertTrue(listing.lines().anyMatch(l -> l.endsWith(" " + path)), () -> path + " missing:\n" + listing);
        }
        assertTrue(listing.contains("./usr/bin/svcctl -> ../share/svcctl/bin/svcctl"), listing);
        assertTrue(listing.contains("./usr/share/svcctl/lib/jna -> ../../../lib/svcctl/jna"), listing);
        assertTrue(listing.lines().noneMatch(l -> l.contains(".jsa")), listing);
        assertEquals(1, listing.lines().filter(l -> l.contains("jnidispatch")).count(), "only this architecture's:\n"
                + listing);
        assertTrue(listing.lines().noneMatch(l -> l.matches(".*/usr/share/man/.*\\.[0-9]$")), "uncompressed page:\n"
                + listing);
        Run control = Run.of(TARGET, List.of("dpkg-deb", "--field", deb(arch).toString(), "Package", "Architecture",
                "Depends"));
        assertEquals("Package: svcctl\nArchitecture: " + arch + "\nDepends: openjdk-17-jre-headless"
                + " | java17-runtime-headless, libc6 (>= 2.7)\n", control.out(), control::toString);
    }

    /** Debian's own checker finds no error in either package (its warnings are quoted in docs/packaging.md). */
    @Test
    void lintianFindsNoErrors() throws Exception {
        haveDpkg();
        Path lintian = Path.of("/usr/bin/lintian");
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isExecutable(lintian), "lintian is not installed here (.ci/run installs it)");
        }
        for (String arch : List.of(debArchitecture(), "amd64", "arm64")) {
            if (!Files.exists(deb(arch))) {
                continue; // the other architecture is built only where a strip tool for it exists
            }
            Run run = Run.of(TARGET, List.of(lintian.toString(), "--fail-on", "error", "--pedantic", deb(arch)
                    .toString()));
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().lines().noneMatch(l -> l.startsWith("E: ")), run::toString);
        }
    }
}
