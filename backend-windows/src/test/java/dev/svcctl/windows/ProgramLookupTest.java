package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, finding 12: a bare {@code exec} reached CreateProcessW as it was, which looks in the host's own
 * directory (the JVM's bin) and System32 before PATH, on the host's PATH, and appends only .exe: {@code exec: npm}
 * failed and {@code exec: java} ran svcctl's own Java. Before the fix the service host's command line for these
 * argv lists was {@code WindowsCommandLine.of(argv)}, i.e. {@code "npm" run start} and {@code "java" -jar app.jar}.
 */
class ProgramLookupTest {
    private static final String JVM_BIN = "C:\\Program Files\\svcctl\\jre\\bin";

    /** A file system holding exactly these files, names compared ignoring case as NTFS does. */
    private static ProgramLookup.Files files(String... paths) {
        Set<String> lower = Set.of(paths).stream().map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return path -> lower.contains(path.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> env(String path) {
        return Map.of("Path", path, "PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC",
                "SystemRoot", "C:\\Windows");
    }

    @Test
    void aBareNameIsTheFirstMatchOnTheProgramsPathNeverTheJvmsOwnDirectory() throws IOException {
        ProgramLookup.Files fs = files(JVM_BIN + "\\java.exe", "C:\\Windows\\System32\\java.exe",
                "C:\\Program Files\\Java\\jdk-21\\bin\\java.exe", "C:\\tools\\java.exe");
        assertEquals("\"C:\\Program Files\\Java\\jdk-21\\bin\\java.exe\" -jar app.jar",
                ProgramLookup.commandLine(List.of("java", "-jar", "app.jar"),
                        env("C:\\Program Files\\Java\\jdk-21\\bin;C:\\Windows\\System32;C:\\tools"), fs));
        assertEquals("\"C:\\tools\\java.exe\" -version", ProgramLookup.commandLine(List.of("java", "-version"),
                env("C:\\tools\\;C:\\Program Files\\Java\\jdk-21\\bin"), fs), "PATH order decides");
        IOException missing = assertThrows(IOException.class,
                () -> ProgramLookup.commandLine(List.of("java"), env("C:\\nowhere"), fs));
        assertTrue(missing.getMessage().contains("'java' was not found") && missing.getMessage().contains("hint:"),
                missing.getMessage());
    }

    @Test
    void pathextIsTriedInOrderInEachDirectoryAndANameWithItsExtensionAsItIs() throws IOException {
        ProgramLookup.Files fs = files("C:\\a\\tool.exe", "C:\\a\\tool.com", "C:\\b\\tool.cmd", "C:\\b\\npm.cmd",
                "C:\\c\\python3.11.exe");
        assertEquals("\"C:\\a\\tool.com\"", ProgramLookup.commandLine(List.of("tool"), env("C:\\a;C:\\b"), fs));
        assertEquals("\"C:\\a\\tool.exe\"", ProgramLookup.commandLine(List.of("tool.exe"), env("C:\\b;C:\\a"), fs));
        assertEquals("\"C:\\c\\python3.11.exe\" -V",
                ProgramLookup.commandLine(List.of("python3.11", "-V"), env("C:\\c"), fs));
        assertEquals("\"C:\\Windows\\System32\\cmd.exe\" /d /v:off /s /c \"\"C:\\b\\npm.cmd\" start\"",
                ProgramLookup.commandLine(List.of("npm.cmd", "start"), env("C:\\a;C:\\b"), fs));
        assertEquals("\"C:\\a\\tool.com\"", ProgramLookup.commandLine(List.of("tool"),
                Map.of("PATH", "C:\\a"), fs), "without PATHEXT, cmd.exe's default .COM;.EXE;.BAT;.CMD");
    }

    @Test
    void relativeEmptyAndQuotedPathEntriesAreHandledAsCmdWouldWithoutTheWorkingDirectory() throws IOException {
        ProgramLookup.Files fs = files("C:\\Program Files\\node\\node.exe", "C:\\work\\node.exe",
                "C:\\rel\\node.exe");
        assertEquals("\"C:\\Program Files\\node\\node.exe\" app.js", ProgramLookup.commandLine(
                List.of("node", "app.js"), env(";.;rel;\"C:\\Program Files\\node\""), fs));
    }

    @Test
    void aPathIsLeftAsItIs() throws IOException {
        assertEquals("\"C:\\app\\app.exe\" a", ProgramLookup.commandLine(List.of("C:\\app\\app.exe", "a"),
                env("C:\\x"), files()));
        assertEquals("\"\\\\srv\\share\\app.exe\"", ProgramLookup.commandLine(List.of("\\\\srv\\share\\app.exe"),
                env("C:\\x"), files()));
    }

    @Test
    void aBatchFileRunsThroughCmdWithArgumentsEveryReaderSeesAsWritten() throws IOException {
        ProgramLookup.Files fs = files("C:\\Program Files\\nodejs\\npm.cmd", "C:\\Program Files\\nodejs\\node.exe");
        Map<String, String> env = Map.of("PATH", "C:\\Program Files\\nodejs\\", "SYSTEMROOT", "D:\\Win");
        assertEquals("\"D:\\Win\\System32\\cmd.exe\" /d /v:off /s /c"
                        + " \"\"C:\\Program Files\\nodejs\\npm.cmd\" run serve --port 8080 ./dist C:\\data\\ @scope/x\"",
                ProgramLookup.commandLine(List.of("npm", "run", "serve", "--port", "8080", "./dist", "C:\\data\\",
                        "@scope/x"), env, fs));
        for (String arg : List.of("a b", "--port=8080", "x,y", "a;b", "%PATH%", "say \"hi\"", "a&b", "a|b", "a^b",
                "(x)", "!x!", "<in", "a\tb", "\u00e9t\u00e9", "")) {
            IOException refused = assertThrows(IOException.class,
                    () -> ProgramLookup.commandLine(List.of("npm", "run", arg), env, fs), arg);
            assertTrue(refused.getMessage().contains("argument 2") && refused.getMessage().contains("batch file")
                    && refused.getMessage().contains("hint: run the program the batch file starts"),
                    refused.getMessage());
        }
    }

    @Test
    void aBatchFileWhosePathHoldsAPercentOrAFileOpenedByAssociationIsRefused() {
        IOException percent = assertThrows(IOException.class, () -> ProgramLookup.commandLine(List.of("run"),
                env("C:\\100%\\bin"), files("C:\\100%\\bin\\run.bat")));
        assertTrue(percent.getMessage().contains("'%'"), percent.getMessage());
        IOException script = assertThrows(IOException.class, () -> ProgramLookup.commandLine(List.of("check"),
                env("C:\\scripts"), files("C:\\scripts\\check.vbs")));
        assertTrue(script.getMessage().contains("C:\\scripts\\check.vbs")
                && script.getMessage().contains("file association"), script.getMessage());
    }
}
