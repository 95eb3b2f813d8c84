package dev.svcctl.windows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.os.ProcessRunner;
import dev.svcctl.windows.WineTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-memory Task Scheduler model against Wine's real schtasks.exe: each sequence under
 * src/test/resources/task-sequences is replayed through {@link SchtasksTaskScheduler} (the adapter svcctl uses on
 * Windows, writing the XML file and building the schtasks arguments) on Wine, and through
 * {@link InMemoryTaskScheduler}, and every call must give the same result.
 *
 * <p>Wine 8's schtasks prints no message when it fails (Windows prints a localised one), so a failure there reads
 * "error ?" and only the outcome is compared: the model's Win32 code stands for Windows' message. A call annotated
 * {@code # windows: X; wine 8: Y} is one Wine 8 does not implement: Wine must still answer Y and the model answers X.
 */
class TaskSchedulerConformanceTest {
    static final String SCHTASKS = "C:\\windows\\system32\\schtasks.exe";
    private static final Pattern DIVERGENCE = Pattern.compile("#\\s*windows:\\s*(.*?);\\s*wine 8:\\s*(.*)$");
    /** A space, a non-ASCII letter, an ampersand and an apostrophe in the /XML path, as a profile path may hold. */
    private static final Path XML_DIRECTORY = Path.of("target", "wine", "task xml \u00eb & o'brien").toAbsolutePath();

    @BeforeAll
    static void wine() {
        WineTools.assumeAvailable();
    }

    static SchtasksTaskScheduler onWine() {
        ProcessRunner wine = (argv, timeout) -> {
            WineTools.Result r = WineTools.wineProgram(argv, Map.of(), (int) timeout.toSeconds());
            return new ProcessRunner.Result(r.exitCode(), r.stdout(), r.stderr());
        };
        return new SchtasksTaskScheduler(wine, SCHTASKS, XML_DIRECTORY, WineTools::windowsPath);
    }

    private static String folder() {
        return "\\svcctl-" + UUID.randomUUID().toString().substring(0, 8) + "\\";
    }

    @ParameterizedTest
    @ValueSource(strings = {"lifecycle"})
    void theModelAnswersEveryCallAsWinesSchtasksDoes(String sequence) throws IOException {
        List<String> script = Files.readAllLines(Path.of("src/test/resources/task-sequences", sequence + ".txt"),
                StandardCharsets.UTF_8);
        String folder = folder();
        Map<Integer, String> wine = results(new TaskReplay(onWine(), folder).run(script));
        Map<Integer, String> model = results(new TaskReplay(new InMemoryTaskScheduler(), folder).run(script));
        assertEquals(model.keySet(), wine.keySet(), "both ran every call");

        List<String> differences = new ArrayList<>();
        for (var e : model.entrySet()) {
            String call = script.get(e.getKey() - 1);
            Matcher divergence = DIVERGENCE.matcher(call);
            boolean diverges = divergence.find();
            String modelSaid = e.getValue();
            String wineSaid = wine.get(e.getKey());
            boolean same = diverges
                    ? modelSaid.equals(divergence.group(1).strip()) && wineSaid.equals(divergence.group(2).strip())
                    : modelSaid.equals(wineSaid) || modelSaid.startsWith("error ") && wineSaid.equals("error ?");
            if (!same) {
                differences.add("line " + e.getKey() + " '" + call + "': model " + modelSaid + ", wine " + wineSaid);
            }
        }
        assertEquals(List.of(), differences, sequence + ", wine said:\n" + String.join("\n", wine.values()));
    }

    private static Map<Integer, String> results(List<String> lines) {
        Map<Integer, String> results = new LinkedHashMap<>();
        for (String line : lines) {
            int arrow = line.lastIndexOf(" -> ");
            results.put(Integer.parseInt(line.substring(0, line.indexOf(' '))), line.substring(arrow + 4));
        }
        return results;
    }

    /**
     * What Task Scheduler stored from the UTF-16 file the adapter wrote: the ownership marker in
     * RegistrationInfo/Source, the settings' Enabled and a non-ASCII description survive registration, which is what
     * svcctl reads back. Wine keeps its store where Windows does, %SystemRoot%\System32\Tasks\FOLDER\NAME.
     */
    @Test
    void registrationKeepsTheMarkerTheEnabledFlagAndANonAsciiDescription() throws Exception {
        String folder = folder();
        SchtasksTaskScheduler tasks = onWine();
        tasks.create(folder + "web", TaskReplay.xml("disabled", folder + "web"), false);
        try {
            Path stored = WineTools.driveC().resolve("windows/system32/tasks")
                    .resolve(folder.replace("\\", "")).resolve("web");
            String xml = decode(Files.readAllBytes(stored));
            assertTrue(xml.contains("<Source>svcctl-managed spec=0123456789ab body=disabled</Source>"), xml);
            assertTrue(xml.contains("Replay A \u00fc\u2713"), xml);
            assertEquals(false, TaskXmlFields.enabled(xml), xml);
            byte[] passed = Files.readAllBytes(XML_DIRECTORY.resolve("web.xml"));
            assertEquals(0xFF, passed[0] & 0xFF, "UTF-16LE byte-order mark");
            assertEquals(0xFE, passed[1] & 0xFF, "UTF-16LE byte-order mark");
        } finally {
            tasks.delete(folder + "web");
        }
    }

    private static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Wine 8's schtasks implements only /Create, /Delete and part of /Change: /Query, /Run and /End print nothing
     * and exit 0 ("Unsupported command"). Those calls are verified only against the model until this test fails.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/Query", "/Run", "/End"})
    void winesSchtasksStillLacksQueryRunAndEnd(String command) throws IOException {
        WineTools.Result r = WineTools.wineProgram(List.of(SCHTASKS, command, "/TN", "\\svcctl-none\\web"),
                Map.of("WINEDEBUG", "fixme+schtasks"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("Unsupported command"), r.stderr());
    }
}
