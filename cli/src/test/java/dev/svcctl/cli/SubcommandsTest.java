package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SubcommandsTest {
    private static Set<String> registered(String... args) {
        return Cli.forInvocation(args).getSubcommands().keySet();
    }

    private static Set<String> all() {
        return Cli.commandLine().getSubcommands().keySet();
    }

    @Test
    void eachEntryIsNamedAsItsCommandAnnotationSays() {
        for (Subcommands.Entry entry : Subcommands.ALL) {
            assertEquals(entry.type().getAnnotation(Command.class).name(), entry.name(), entry.type().getName());
        }
    }

    @Test
    void theFullTreeHasEveryEntryInOrder() {
        assertEquals(Subcommands.ALL.stream().map(Subcommands.Entry::name).toList(), List.copyOf(all()));
    }

    @Test
    void anInvokedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("render"), registered("render", "x.yaml", "--backend", "systemd"));
        assertEquals(Set.of("status"), registered("-v", "status"));
    }

    @Test
    void versionAloneBuildsNoSubcommand() {
        assertEquals(Set.of(), registered("--version"));
        assertEquals(Set.of(), registered("-V"));
    }

    @Test
    void helpAndMistakesSeeEveryCommand() {
        assertEquals(all(), registered());
        assertEquals(all(), registered("--help"));
        assertEquals(all(), registered("-h", "render"));
        assertEquals(all(), registered("help", "render"));
        assertEquals(all(), registered("rendr", "x.yaml"));
        assertEquals(all(), registered("@args.txt"));
    }

    @Test
    void inheritedVerboseOptionReachesALazilyAddedSubcommand() {
        CommandLine cli = Cli.forInvocation("validate", "x.yaml");
        assertNotNull(cli.getSubcommands().get("validate").getCommandSpec().findOption("--verbose"));
    }

    @Test
    void usageErrorsOfALazilyAddedSubcommandKeepTheExitCode() {
        assertEquals(2, Main.run("render", "--no-such-option", "x.yaml"));
        assertEquals(0, Main.run("--version"));
    }
}
