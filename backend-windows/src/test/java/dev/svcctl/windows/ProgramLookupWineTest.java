package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The program {@link ProgramLookup} finds is the one that runs, under Wine's CreateProcessW called as the service
 * host calls it (no application name; {@code bareexec.c}) from a directory standing in for the JVM's bin, which holds
 * a decoy {@code tool.exe}: the bare name as it was (the code before issue #16's fix) runs the decoy, the resolved
 * line runs the {@code tool.exe} on the program's PATH with exactly its argv, and a batch file on PATH
 * ({@code tool2.cmd}, which hands {@code %*} to that tool.exe) runs through Wine's cmd.exe and passes its arguments
 * on exactly.
 */
class ProgramLookupWineTest {
    private static final String ROOT = "C:\\svcctl-lookup";

    @Test
    void theProgramFoundOnThePathIsTheOneThatRunsNotTheOneBesideTheHost() throws Exception {
        WineTools.assumeAvailable();
        Path whichran = WineTools.compile("whichran.exe", List.of("whichran.c"), "-municode");
        Path bareexec = WineTools.compile("bareexec.exe", List.of("bareexec.c"), "-municode");
        Path root = WineTools.driveC().resolve("svcctl-lookup");
        Path jvmBin = Files.createDirectories(root.resolve("jre/bin"));
        Path onPath = Files.createDirectories(root.resolve("path one"));
        Files.createDirectories(root.resolve("empty"));
        Path host = jvmBin.resolve("bareexec.exe");
        Files.copy(bareexec, host, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(whichran, jvmBin.resolve("tool.exe"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(whichran, onPath.resolve("tool.exe"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(onPath.resolve("tool2.cmd"), "@\"%~dp0tool.exe\" %*\r\n", StandardCharsets.US_ASCII);

        Map<String, String> environment = Map.of("PATH", ROOT + "\\empty;" + ROOT + "\\path one", "SystemRoot",
                "C:\\windows");
        ProgramLookup.Files files = path -> path.startsWith(ROOT + "\\")
                && Files.isRegularFile(root.resolve(path.substring(ROOT.length() + 1).replace('\\', '/')));
        List<String> direct = List.of("tool", "x y", "say \"hi\"", "C:\\dir\\", "");
        List<String> batch = List.of("tool2", "run", "--port", "8080", "C:\\data\\", "@scope/x", "~$#+:.");
        List<String> lines = List.of(WindowsCommandLine.of(List.of("tool", "x")),
                ProgramLookup.commandLine(direct, environment, files),
                ProgramLookup.commandLine(batch, environment, files));

        WineTools.Result run = WineTools.wine(host, List.of(), String.join("\n", lines.stream()
                .map(ProgramLookupWineTest::hex).toList()) + "\n", 120);
        String context = lines + "\n" + run.stdout() + run.stderr();
        List<Ran> ran = parse(run.stdout());
        assertEquals(3, ran.size(), context);

        assertEquals((ROOT + "\\jre\\bin\\tool.exe").toLowerCase(Locale.ROOT), ran.get(0).module(), context);
        assertEquals((ROOT + "\\path one\\tool.exe").toLowerCase(Locale.ROOT), ran.get(1).module(), context);
        assertEquals(direct.subList(1, direct.size()), ran.get(1).args(), context);
        assertEquals((ROOT + "\\path one\\tool.exe").toLowerCase(Locale.ROOT), ran.get(2).module(), context);
        assertEquals(batch.subList(1, batch.size()), ran.get(2).args(), context);
    }

    /** One run: its module path in lower case, and its argv after argv[0]. */
    private record Ran(String module, List<String> args) {
    }

    private static List<Ran> parse(String stdout) {
        List<Ran> out = new ArrayList<>();
        String module = null;
        List<String> args = null;
        for (String line : stdout.split("\r?\n")) {
            if (line.startsWith("module:")) {
                module = unhex(line.substring(7)).toLowerCase(Locale.ROOT);
                args = new ArrayList<>();
            } else if (line.startsWith("arg=") && args != null) {
                args.add(unhex(line.substring(4)));
            } else if (line.startsWith("exit:") && module != null) {
                out.add(new Ran(module, args.isEmpty() ? List.of() : args.subList(1, args.size())));
                module = null;
                args = null;
            }
        }
        return out;
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("%04x", (int) c));
        }
        return b.toString();
    }

    private static String unhex(String hex) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 4 <= hex.length(); i += 4) {
            b.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
        }
        return b.toString();
    }
}
