package dev.svcctl.windows.runkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.windows.WineTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Run-key autostart on Wine's real registry: svcctl's {@link RunKeyAutostart} runs here, each registry call of its
 * port made by runkey.exe under Wine with the calls JnaUserRegistry makes (RegCreateKeyEx, RegOpenKeyEx,
 * RegSetValueEx REG_SZ, RegQueryValueEx, RegDeleteValue), and what it wrote is read back independently with Wine's
 * {@code reg.exe query}. A value svcctl did not write (added with {@code reg.exe add}) is refused and left alone.
 */
class RunKeyWineTest {
    private static final String RUN = "HKCU\\" + RunKeyAutostart.RUN_KEY;
    private static Path replay;
    private Process process;
    private final String name = "svcctl-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String foreign = name + "-theirs";

    @BeforeAll
    static void build() throws Exception {
        WineTools.assumeAvailable();
        replay = WineTools.compile("runkey.exe", List.of("runkey.c"), "-municode", "-ladvapi32");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null) {
            process.getOutputStream().close();
            process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            process.destroyForcibly();
        }
        reg("delete", RUN, "/v", foreign, "/f");
    }

    /** {@link UserRegistry} through runkey.exe under Wine, one request and one answer per call. */
    private UserRegistry wineRegistry() throws IOException {
        process = WineTools.startWine(replay);
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return new UserRegistry() {
            private String call(String request) throws RegistryException {
                try {
                    in.write(request + "\n");
                    in.flush();
                    String answer = out.readLine();
                    if (answer == null) {
                        throw new IOException("runkey.exe ended");
                    }
                    if (answer.startsWith("error ")) {
                        throw new RegistryException(Integer.parseInt(answer.substring(6)), request);
                    }
                    return answer;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Optional<String> get(String key, String value) throws RegistryException {
                String answer = call("get " + hex(key) + " " + hex(value));
                if (answer.equals("absent")) {
                    return Optional.empty();
                }
                return Optional.of(answer.startsWith("data ") ? unhex(answer.substring(5)) : "");
            }

            @Override
            public void set(String key, String value, String data) throws RegistryException {
                call("set " + hex(key) + " " + hex(value) + " " + hex(data));
            }

            @Override
            public List<String> names(String key) {
                throw new UnsupportedOperationException("not replayed: RunKeyAutostart's install path lists nothing");
            }

            @Override
            public void delete(String key, String value) throws RegistryException {
                call("delete " + hex(key) + " " + hex(value));
            }
        };
    }

    private static String hex(String s) {
        StringBuilder h = new StringBuilder();
        for (char c : s.toCharArray()) {
            h.append(String.format("%04x", (int) c));
        }
        return h.toString();
    }

    private static String unhex(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i + 4 <= hex.length(); i += 4) {
            s.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
        }
        return s.toString();
    }

    private static WineTools.Result reg(String... args) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of("reg.exe"));
        argv.addAll(List.of(args));
        return WineTools.wineProgram(argv, Map.of(), 120);
    }

    /** The data of {@code value} as `reg query` prints it, or null when reg finds no such value. */
    private static String queried(String value) throws IOException {
        WineTools.Result r = reg("query", RUN, "/v", value);
        if (r.exitCode() != 0) {
            return null;
        }
        for (String line : r.stdout().split("\r?\n")) {
            String trimmed = line.strip();
            String prefix = value + "    REG_SZ    ";
            if (trimmed.startsWith(prefix)) {
                return trimmed.substring(prefix.length());
            }
        }
        throw new AssertionError("no REG_SZ line for " + value + " in:\n" + r.stdout());
    }

    @Test
    void aRunValueIsWrittenReadBackAndRemovedAndAForeignOneIsLeftAlone() throws Exception {
        String line = "\"C:\\Program Files\\svcctl\\jre\\bin\\javaw.exe\" -Xrs -cp \"C:\\Program Files\\svcctl\\lib"
                + "\\svcctl.jar\" dev.svcctl.cli.Main run \"C:\\Users\\ana\\AppData\\Local\\svcctl\\services\\"
                + name + ".yaml\"";
        WineTools.Result added = reg("add", RUN, "/v", foreign, "/t", "REG_SZ", "/d", "C:\\theirs\\tray.exe", "/f");
        assertEquals(0, added.exitCode(), added.stdout() + added.stderr());

        RunKeyAutostart runKey = new RunKeyAutostart(wineRegistry());
        assertEquals(RunKeyAutostart.State.ABSENT, runKey.state(name));
        assertEquals(RunKeyAutostart.Outcome.CREATED, runKey.apply(name, line, "5bec1", false, false));
        assertEquals(line, queried(name), "reg.exe reads back exactly what svcctl wrote");
        assertEquals(RunKeyAutostart.State.OURS, runKey.state(name));
        assertEquals(RunKeyAutostart.Outcome.UNCHANGED, runKey.apply(name, line, "5bec1", false, false));

        assertEquals(RunKeyAutostart.State.FOREIGN, runKey.state(foreign));
        assertThrows(RunKeyAutostart.ForeignValueException.class,
                () -> runKey.apply(foreign, line, "5bec1", false, false));
        assertThrows(RunKeyAutostart.ForeignValueException.class, () -> runKey.remove(foreign, false));
        assertEquals("C:\\theirs\\tray.exe", queried(foreign), "a value svcctl did not write is left alone");

        assertTrue(runKey.remove(name, false));
        assertEquals(null, queried(name), "removed from Wine's registry");
        assertEquals(RunKeyAutostart.State.ABSENT, runKey.state(name));
        assertFalse(runKey.installed(name), "its record is gone too");
        assertEquals("C:\\theirs\\tray.exe", queried(foreign));
    }
}
