package dev.svcctl.windows.tasks;

import dev.svcctl.os.ProcessRunner;
import dev.svcctl.windows.WindowsCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link TaskScheduler} through schtasks.exe, run by a {@link ProcessRunner}.
 *
 * <p>The XML goes to {@code schtasks /Create /XML FILE} as a file in UTF-16LE with a byte-order mark and an XML
 * declaration saying UTF-16, which is how Task Scheduler itself exports tasks. schtasks exits 1 for every failure and
 * prints a localised message; the English messages are mapped to Win32 codes, and a "not found" in another language is
 * recognised by the task's absence from the full task list.
 *
 * <p>Arguments reach schtasks through a Windows command line that the JDK builds, by enclosing an argument that holds a
 * space or tab in quotes. An argument is passed only when {@link WindowsCommandLine}, whose quoting the C runtime reads
 * back exactly, would write it the same way (no {@code "}, no backslash before the closing quote, not empty); any other
 * is refused rather than passed changed. Task names and %LOCALAPPDATA% paths never need more.
 */
public final class SchtasksTaskScheduler implements TaskScheduler {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Last Result and Status in {@code /Query /FO CSV /V} rows (0-based; the order is the same in every language). */
    static final int CSV_STATUS = 3;
    static final int CSV_LAST_RESULT = 6;

    private final ProcessRunner runner;
    private final String schtasks;
    private final Path xmlDirectory;
    private final Function<Path, String> windowsPath;

    /**
     * @param schtasks     the program to run, e.g. {@code C:\Windows\System32\schtasks.exe}
     * @param xmlDirectory where the XML handed to /Create is written (kept: it is what was registered)
     * @param windowsPath  how schtasks names a file of this JVM (the identity on Windows; Z:\ under Wine)
     */
    public SchtasksTaskScheduler(ProcessRunner runner, String schtasks, Path xmlDirectory,
                                 Function<Path, String> windowsPath) {
        this.runner = runner;
        this.schtasks = schtasks;
        this.xmlDirectory = xmlDirectory;
        this.windowsPath = windowsPath;
    }

    @Override
    public void create(String taskName, String xml, boolean replace) throws TaskException {
        Path file = xmlDirectory.resolve(fileName(taskName));
        try {
            Files.createDirectories(xmlDirectory);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, utf16WithBom(TaskXmlFields.withDeclaredEncoding(xml, "UTF-16")));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TaskException(TaskException.UNKNOWN, "cannot write the task XML " + file + ": " + e.getMessage());
        }
        List<String> argv = new ArrayList<>(List.of("/Create", "/TN", taskName, "/XML", windowsPath.apply(file)));
        if (replace) {
            argv.add("/F");
        }
        check(schtasks(argv), "/Create", taskName);
    }

    static byte[] utf16WithBom(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xFE);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        return out.toByteArray();
    }

    /** A task path as a file name: {@code \svcctl\web} becomes {@code web.xml}. */
    static String fileName(String taskName) {
        return taskName.substring(taskName.lastIndexOf('\\') + 1) + ".xml";
    }

    @Override
    public Optional<RegisteredTask> query(String taskName) throws TaskException {
        ProcessRunner.Result xml = schtasks(List.of("/Query", "/TN", taskName, "/XML"));
        if (!xml.ok()) {
            TaskException e = failure(xml, "/Query", taskName);
            if (e.code() == TaskException.ERROR_FILE_NOT_FOUND || e.code() == TaskException.UNKNOWN
                    && !list(folderOf(taskName)).contains(taskName)) {
                return Optional.empty();
            }
            throw e;
        }
        if (!xml.stdout().contains("<Task")) {
            throw new TaskException(TaskException.UNKNOWN, "schtasks /Query /XML printed no task XML for '" + taskName
                    + "'");
        }
        ProcessRunner.Result verbose = schtasks(List.of("/Query", "/TN", taskName, "/FO", "CSV", "/V", "/NH"));
        check(verbose, "/Query", taskName);
        List<List<String>> rows = Csv.parse(verbose.stdout());
        if (rows.isEmpty() || rows.get(0).size() <= CSV_LAST_RESULT) {
            throw new TaskException(TaskException.UNKNOWN, "schtasks /Query /V printed no row for '" + taskName + "'");
        }
        List<String> row = rows.get(0);
        OptionalLong lastResult = parseLastResult(row.get(CSV_LAST_RESULT));
        boolean running = lastResult.equals(OptionalLong.of(RegisteredTask.SCHED_S_TASK_RUNNING))
                || row.get(CSV_STATUS).equalsIgnoreCase("Running");
        return Optional.of(new RegisteredTask(taskName, xml.stdout(), TaskXmlFields.enabled(xml.stdout()), running,
                lastResult));
    }

    /** schtasks prints Last Result in decimal (a negative HRESULT as its unsigned value on current Windows). */
    static OptionalLong parseLastResult(String field) {
        String text = field.strip();
        try {
            long value = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (value < 0) {
                value &= 0xFFFFFFFFL;
            }
            return value == RegisteredTask.SCHED_S_TASK_HAS_NOT_RUN ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void run(String taskName) throws TaskException {
        check(schtasks(List.of("/Run", "/TN", taskName)), "/Run", taskName);
    }

    @Override
    public void end(String taskName) throws TaskException {
        check(schtasks(List.of("/End", "/TN", taskName)), "/End", taskName);
    }

    @Override
    public void setEnabled(String taskName, boolean enabled) throws TaskException {
        check(schtasks(List.of("/Change", "/TN", taskName, enabled ? "/ENABLE" : "/DISABLE")), "/Change", taskName);
    }

    @Override
    public void delete(String taskName) throws TaskException {
        check(schtasks(List.of("/Delete", "/TN", taskName, "/F")), "/Delete", taskName);
    }

    @Override
    public List<String> list(String folder) throws TaskException {
        ProcessRunner.Result result = schtasks(List.of("/Query", "/FO", "CSV", "/NH"));
        check(result, "/Query", folder);
        Set<String> names = new LinkedHashSet<>();
        for (List<String> row : Csv.parse(result.stdout())) {
            String name = row.get(0);
            if (name.regionMatches(true, 0, folder, 0, folder.length())
                    && name.indexOf('\\', folder.length()) < 0 && name.length() > folder.length()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    static String folderOf(String taskName) {
        return taskName.substring(0, taskName.lastIndexOf('\\') + 1);
    }

    private ProcessRunner.Result schtasks(List<String> arguments) throws TaskException {
        for (String argument : arguments) {
            if (!passesUnchanged(argument)) {
                throw new TaskException(TaskException.UNKNOWN, "cannot pass '" + argument + "' to schtasks unchanged");
            }
        }
        List<String> argv = new ArrayList<>();
        argv.add(schtasks);
        argv.addAll(arguments);
        try {
            return runner.run(argv, TIMEOUT);
        } catch (IOException e) {
            throw new TaskException(TaskException.UNKNOWN, "cannot run schtasks: " + e.getMessage());
        }
    }

    /**
     * Whether the JDK's Windows quoting gives schtasks this argument back: true when WindowsCommandLine's quoting of it
     * is the argument itself or the argument in plain quotes, the only forms the JDK writes for an argument without a
     * quote; an empty argument the JDK would drop.
     */
    static boolean passesUnchanged(String argument) {
        if (argument.isEmpty() || argument.indexOf('\0') >= 0) {
            return false;
        }
        String quoted = WindowsCommandLine.quoteArgument(argument);
        return quoted.equals(argument) || quoted.equals('"' + argument + '"');
    }

    private static void check(ProcessRunner.Result result, String command, String taskName) throws TaskException {
        if (!result.ok()) {
            throw failure(result, command, taskName);
        }
    }

    private static TaskException failure(ProcessRunner.Result result, String command, String taskName) {
        String message = firstLine(result.stderr().isBlank() ? result.stdout() : result.stderr());
        String said = message.isEmpty() ? "schtasks " + command + " failed (exit " + result.exitCode() + ")"
                : "schtasks " + command + ": " + message;
        return new TaskException(classify(message), said);
    }

    /** The Win32 error behind one of schtasks' English messages, or {@link TaskException#UNKNOWN}. */
    static int classify(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("cannot find the file") || m.contains("does not exist")) {
            return TaskException.ERROR_FILE_NOT_FOUND;
        }
        if (m.contains("access is denied")) {
            return TaskException.ERROR_ACCESS_DENIED;
        }
        if (m.contains("already exists")) {
            return TaskException.ERROR_ALREADY_EXISTS;
        }
        if (m.contains("has been disabled") || m.contains("task is disabled")) {
            return TaskException.SCHED_E_TASK_DISABLED;
        }
        return TaskException.UNKNOWN;
    }

    private static String firstLine(String text) {
        for (String line : text.split("\r?\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    /** The CSV schtasks prints: every field quoted, "" for a quote inside. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = new ArrayList<>();
                StringBuilder field = new StringBuilder();
                boolean quoted = false;
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (quoted) {
                        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else if (c == '"') {
                            quoted = false;
                        } else {
                            field.append(c);
                        }
                    } else if (c == '"') {
                        quoted = true;
                    } else if (c == ',') {
                        fields.add(field.toString());
                        field.setLength(0);
                    } else {
                        field.append(c);
                    }
                }
                fields.add(field.toString());
                rows.add(fields);
            }
            return rows;
        }
    }
}
