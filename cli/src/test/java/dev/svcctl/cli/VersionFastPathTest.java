package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionFastPathTest {
    private static String stdoutOf(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionWithoutPicocliPrintsWhatPicocliWould() {
        StringWriter viaPicocli = new StringWriter();
        Cli.commandLine().printVersionHelp(new PrintWriter(viaPicocli, true));
        assertEquals(viaPicocli.toString(), stdoutOf("--version"));
        assertEquals(viaPicocli.toString(), stdoutOf("-V"));
    }
}
