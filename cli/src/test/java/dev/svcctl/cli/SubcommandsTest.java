package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubcommandsTest {
    private static Set<String> registered(String... args) {
        return Cli.forInvocation(args).getSubcommands().keySet();
    }

    private static Set<String> all() {
        return Cli.commandLine().getSubcommands().keySet();
    }

    @Test
    void eachNameCreatesTheCommandOfThatName() {
        for (String name : Subcommands.NAMES) {
            Subcommand command = Subcommands.create(name);
            if (name.equals("help")) {
                assertNull(command, "help is picocli's own command");
            } else {
                assertEquals(name, command.spec().name(), command.getClass().getName());
                assertSame(command, command.spec().userObject(), name);
            }
        }
        assertNull(Subcommands.create("rendr"));
    }

    @Test
    void theFullTreeHasEveryEntryInOrder() {
        assertEquals(Subcommands.NAMES, List.copyOf(all()));
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
