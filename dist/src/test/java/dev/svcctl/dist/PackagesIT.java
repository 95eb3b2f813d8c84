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
                "lib/jna/linux-x86-64/libjnidispatch.so")) {
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
    void theDebInstallsTheLauncherLibrariesManPagesAndCompletion() throws Exception {
        boolean haveDpkgDeb = Files.isExecutable(Path.of("/usr/bin/dpkg-deb"));
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(haveDpkgDeb, "dpkg-deb is not installed here");
        }
        Path deb = TARGET.resolve("svcctl_" + VERSION.replace('-', '~') + "_all.deb");
        Run contents = Run.of(TARGET, List.of("dpkg-deb", "--contents", deb.toString()));
        assertEquals(0, contents.exitCode(), contents::toString);
        String listing = contents.out();
        for (String path : List.of("./usr/share/svcctl/bin/svcctl", "./usr/share/svcctl/lib/svcctl.jar",
                "./usr/share/svcctl/lib/svcctl.classlist", "./usr/share/svcctl/lib/svcctl-run.classlist",
                "./usr/share/man/man1/svcctl.1",
                "./usr/share/man/man1/svcctl-render.1", "./usr/share/bash-completion/completions/svcctl",
                "./usr/share/svcctl/examples/hello.yaml", "./usr/share/doc/svcctl/copyright")) {
            assertTrue(listing.lines().anyMatch(l -> l.endsWith(" " + path)), () -> path + " missing:\n" + listing);
        }
        assertTrue(listing.contains("./usr/bin/svcctl -> /usr/share/svcctl/bin/svcctl"), listing);
        assertTrue(listing.lines().noneMatch(l -> l.contains(".jsa")), listing);
        assertTrue(listing.contains("./usr/share/svcctl/lib/jna/linux-x86-64/libjnidispatch.so"), listing);
        assertTrue(listing.lines().noneMatch(l -> l.contains("/win32-")), "no Windows DLLs in a .deb:\n" + listing);
        Run control = Run.of(TARGET, List.of("dpkg-deb", "--field", deb.toString(), "Package", "Depends"));
        assertEquals("Package: svcctl\nDepends: java17-runtime-headless\n", control.out(), control::toString);
    }
}
