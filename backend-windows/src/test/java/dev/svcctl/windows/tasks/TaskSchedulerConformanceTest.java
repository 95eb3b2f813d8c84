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
import java.util.Arrays;
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
 * The in-memory Task Scheduler model against Wine's real Task Scheduler. Each sequence under
 * src/test/resources/task-sequences is replayed three ways: through {@link InMemoryTaskScheduler}; through
 * {@link SchtasksTaskScheduler} (the adapter svcctl uses on Windows: it writes the XML file and builds the schtasks
 * arguments) on Wine's schtasks.exe; and through Wine's Task Scheduler service by the taskschd COM API
 * (src/test/c/taskreplay.c), which reaches what Wine's schtasks.exe does not implement.
 *
 * <p>A line's note {@code # windows: X; schtasks: Y; taskschd: Z} says where Wine 8 departs: an oracle it names must
 * answer what it says (so the note stays true), one it does not name must answer as the model does, and the model
 * must answer X when given. Wine's schtasks prints no message when it fails (Windows prints a localised one), so its
 * failures read "error ?" and count as the model's error of any code; taskschd gives the codes themselves.
 */
class TaskSchedulerConformanceTest {
    static final String SCHTASKS = "C:\\windows\\system32\\schtasks.exe";
    private static final List<String> NOTES = List.of("windows", "schtasks", "taskschd");
    /** A space, a non-ASCII letter, an ampersand and an apostrophe in the /XML path, as a profile path may hold. */
    private static final Path XML_DIRECTORY = Path.of("target", "wine", "task xml \u00eb & o'brien").toAbsolutePath();
    private static Path taskReplay;

    @BeforeAll
    static void wine() throws IOException {
        WineTools.assumeAvailable();
        taskReplay = WineTools.compile("taskreplay.exe", List.of("taskreplay.c"), "-municode", "-ltaskschd",
                "-lole32", "-loleaut32");
    }

    /** Every schtasks run on Wine that exited non-zero, with all it printed, for a failure report. */
    private static final List<String> FAILED_RUNS = new ArrayList<>();

    static SchtasksTaskScheduler onWine() {
        ProcessRunner wine = (argv, timeout) -> {
            WineTools.Result r = WineTools.wineProgram(argv, Map.of(), (int) timeout.toSeconds());
            if (r.exitCode() != 0) {
                FAILED_RUNS.add(argv.subList(1, argv.size()) + " exit " + r.exitCode() + ": " + r.stdout()
                        + r.stderr().strip());
            }
            return new ProcessRunner.Result(r.exitCode(), r.stdout(), r.stderr());
        };
        return new SchtasksTaskScheduler(wine, SCHTASKS, XML_DIRECTORY, WineTools::windowsPath);
    }

    private static String folder() {
        return "\\svcctl-" + UUID.randomUUID().toString().substring(0, 8) + "\\";
    }

    @ParameterizedTest
    @ValueSource(strings = {"lifecycle"})
    void theModelAnswersEveryCallAsWinesTaskSchedulerDoes(String sequence) throws IOException {
        List<String> script = Files.readAllLines(Path.of("src/test/resources/task-sequences", sequence + ".txt"),
                StandardCharsets.UTF_8);
        String folder = folder();
        Map<Integer, String> model = results(new TaskReplay(new InMemoryTaskScheduler(), folder).run(script));
        Map<Integer, String> schtasks = results(new TaskReplay(onWine(), folder).run(script));
        WineTools.Result com = WineTools.wine(taskReplay, List.of(), TaskReplay.comInput(script, folder), 120);
        assertEquals(0, com.exitCode(), com.stdout() + com.stderr());
        Map<Integer, String> taskschd = results(List.of(com.stdout().split("\r?\n")));
        assertEquals(model.keySet(), schtasks.keySet(), "schtasks ran every call");
        assertEquals(model.keySet(), taskschd.keySet(), "taskschd ran every call:\n" + com.stdout());

        List<String> differences = new ArrayList<>();
        for (var e : model.entrySet()) {
            String call = script.get(e.getKey() - 1);
            Map<String, String> notes = notes(call);
            String modelSaid = e.getValue();
            if (notes.containsKey("windows") && !modelSaid.equals(notes.get("windows"))) {
                differences.add("line " + e.getKey() + " '" + call + "': model " + modelSaid);
            }
            for (var oracle : Map.of("schtasks", schtasks, "taskschd", taskschd).entrySet()) {
                String said = oracle.getValue().get(e.getKey());
                boolean agrees = notes.containsKey(oracle.getKey()) ? said.equals(notes.get(oracle.getKey()))
                        : said.equals(modelSaid) || said.equals("error ?") && modelSaid.startsWith("error ");
                if (!agrees) {
                    differences.add("line " + e.getKey() + " '" + call + "': model " + modelSaid + ", "
                            + oracle.getKey() + " " + said);
                }
            }
        }
        assertEquals(List.of(), differences, sequence + "\nschtasks said: " + schtasks.values()
                + "\nschtasks' failures: " + FAILED_RUNS
                + "\ntaskschd said: " + taskschd.values());
    }

    private static Map<String, String> notes(String line) {
        Map<String, String> notes = new LinkedHashMap<>();
        int hash = line.indexOf('#');
        if (hash >= 0) {
            for (String key : NOTES) {
                Matcher m = Pattern.compile("\\b" + key + ":\\s*([^;]*)").matcher(line.substring(hash));
                if (m.find()) {
                    notes.put(key, m.group(1).strip());
                }
            }
        }
        return notes;
    }

    /** "N call -> result" lines by N; a task list is sorted, as neither schtasks nor taskschd promise an order. */
    private static Map<Integer, String> results(List<String> lines) {
        Map<Integer, String> results = new LinkedHashMap<>();
        for (String line : lines) {
            int arrow = line.lastIndexOf(" -> ");
            if (arrow < 0) {
                continue;
            }
            String result = line.substring(arrow + 4).strip();
            if (result.startsWith("tasks=")) {
                result = "tasks=" + String.join(",", Arrays.stream(result.substring(6).split(","))
                        .filter(n -> !n.isEmpty()).sorted().toList());
            }
            results.put(Integer.parseInt(line.substring(0, line.indexOf(' '))), result);
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
