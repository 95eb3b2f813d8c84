package dev.svcctl.windows;

import dev.svcctl.spec.Paths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The command line the service host hands to CreateProcessW for an argv whose program may be a bare name
 * ({@code exec: npm}). CreateProcess's own search for a bare name looks in the host's application directory (the
 * JVM's {@code bin}, so {@code exec: java} ran svcctl's own Java) and System32 before PATH, uses the host's PATH
 * rather than the program's environment, and only ever appends {@code .exe} ({@code npm} is {@code npm.cmd}). So a
 * bare name is resolved here as a shell would: each absolute directory of the program's PATH in order, with each
 * PATHEXT extension, never an implicit directory (not the JVM's, not System32 unless PATH names it, not the working
 * directory); the command line then names the absolute path, and CreateProcess searches nothing.
 *
 * <p>A batch file ({@code .cmd}, {@code .bat}) runs through {@code %SystemRoot%\System32\cmd.exe /d /v:off /s /c}.
 * cmd.exe has no quoting that every batch file reads back exactly ({@code "} cannot be escaped inside quotes, {@code
 * %} is expanded, {@code , ; =} split {@code %1}, a batch file may re-parse {@code %*}), so its arguments may only
 * hold characters that cmd.exe, a batch file's {@code %1}..{@code %9} and {@code %*}, and the C runtime of a
 * program {@code %*} is passed on to all read as themselves; anything else is refused with a hint. Any other
 * extension (.vbs, .js, .ps1...) is opened by Windows through a file association, not run: refused.
 *
 * <p>Pure: the file system is a port.
 */
public final class ProgramLookup {
    /** cmd.exe's own default when PATHEXT is unset. */
    static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";
    /** What a batch file's argument may hold (ASCII); see the class comment. */
    static final String BATCH_SAFE_PUNCTUATION = "-_.:/\\+@#~$";

    /** Whether a regular file exists at a Windows path. */
    @FunctionalInterface
    public interface Files {
        boolean isFile(String windowsPath);
    }

    private ProgramLookup() {
    }

    /**
     * The command line for {@code argv} in {@code environment} (the program's, with its PATH, PATHEXT and
     * SystemRoot; names compared ignoring case, as Windows does): {@link WindowsCommandLine#of} of the argv when
     * its program is a path, else of the resolved program, or the cmd.exe line of a batch file.
     *
     * @throws IOException with a one-line reason and hint when the name is not found or cannot be run exactly
     */
    public static String commandLine(List<String> argv, Map<String, String> environment, Files files)
            throws IOException {
        String program = argv.get(0);
        if (!isBare(program)) {
            return WindowsCommandLine.of(argv);
        }
        String path = variable(environment, "PATH").orElse("");
        String pathext = variable(environment, "PATHEXT").filter(v -> !v.isBlank()).orElse(DEFAULT_PATHEXT);
        Optional<String> found = find(program, path, extensions(pathext), files);
        if (found.isEmpty()) {
            throw new IOException("'" + program + "' was not found in any directory of the program's PATH ("
                    + path + ") with any PATHEXT extension (" + pathext + "); hint: give exec as an absolute path,"
                    + " or set PATH in env");
        }
        String resolved = found.get();
        List<String> args = argv.subList(1, argv.size());
        String extension = extension(resolved).toLowerCase(Locale.ROOT);
        switch (extension) {
            case ".exe", ".com" -> {
                List<String> line = new ArrayList<>(argv);
                line.set(0, resolved);
                return WindowsCommandLine.of(line);
            }
            case ".cmd", ".bat" -> {
                return batchLine(program, resolved, args, environment);
            }
            default -> throw new IOException("'" + program + "' resolves to " + resolved + ", which Windows opens"
                    + " through its file association rather than running it; hint: name the program that runs it"
                    + " as exec (e.g. cscript.exe or powershell.exe) with the file as an argument");
        }
    }

    /** A name CreateProcess would search for: no directory, no drive. */
    static boolean isBare(String program) {
        return program.indexOf('\\') < 0 && program.indexOf('/') < 0 && program.indexOf(':') < 0;
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String exact = environment.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return environment.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }

    private static List<String> extensions(String pathext) {
        List<String> out = new ArrayList<>();
        for (String ext : pathext.split(";")) {
            String e = ext.trim();
            if (e.length() > 1 && e.startsWith(".")) {
                out.add(e.toLowerCase(Locale.ROOT)); // NTFS ignores the case; lower case as files are named
            }
        }
        return out;
    }

    private static String extension(String name) {
        int slash = name.lastIndexOf('\\');
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(dot) : "";
    }

    /**
     * The first file in PATH order: a name whose extension is in PATHEXT is looked for as it is, any other with
     * each extension of PATHEXT in order. Relative and empty entries are skipped (they would depend on the host's
     * working directory); an entry in quotes is taken without them, as cmd.exe does.
     */
    private static Optional<String> find(String name, String path, List<String> extensions, Files files) {
        String own = extension(name);
        boolean complete = !own.isEmpty() && extensions.stream().anyMatch(own::equalsIgnoreCase);
        for (String entry : path.split(";")) {
            String dir = entry.trim();
            if (dir.length() >= 2 && dir.startsWith("\"") && dir.endsWith("\"")) {
                dir = dir.substring(1, dir.length() - 1);
            }
            if (!Paths.isWindowsAbsolute(dir) || dir.indexOf('"') >= 0) {
                continue;
            }
            String prefix = dir.endsWith("\\") ? dir : dir + "\\";
            List<String> candidates = complete ? List.of(prefix + name)
                    : extensions.stream().map(ext -> prefix + name + ext).toList();
            for (String candidate : candidates) {
                if (files.isFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code "SYSTEMROOT\System32\cmd.exe" /d /v:off /s /c ""SCRIPT" ARGS"}: /d skips the AutoRun commands of the
     * registry, /v:off keeps {@code !} literal, and with /s cmd.exe removes exactly the first and the last quote of
     * what follows /c, leaving {@code "SCRIPT" ARGS}.
     */
    private static String batchLine(String program, String script, List<String> args, Map<String, String> env)
            throws IOException {
        String hint = "; hint: run the program the batch file starts as exec (e.g. exec: node with the script as"
                + " its first argument), which gets its arguments exactly";
        if (script.indexOf('%') >= 0) {
            throw new IOException("'" + program + "' resolves to the batch file " + script + ", whose path holds"
                    + " '%', which cmd.exe would expand" + hint);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Optional<String> unsafe = unsafeForBatch(arg);
            if (unsafe.isPresent()) {
                throw new IOException("'" + program + "' resolves to the batch file " + script + ", which runs"
                        + " through cmd.exe, and argument " + (i + 1) + " ('" + arg + "') " + unsafe.get()
                        + ": cmd.exe has no quoting every batch file reads back exactly, so a batch file's arguments"
                        + " may only hold letters, digits and " + BATCH_SAFE_PUNCTUATION + hint);
            }
            line.append(' ').append(arg);
        }
        String systemRoot = variable(env, "SystemRoot").filter(r -> Paths.isWindowsAbsolute(r)
                && r.indexOf('"') < 0).orElse("C:\\Windows");
        String cmd = (systemRoot.endsWith("\\") ? systemRoot : systemRoot + "\\") + "System32\\cmd.exe";
        return WindowsCommandLine.of(List.of(cmd, "/d", "/v:off", "/s", "/c")) + " \"\"" + script + "\"" + line
                + "\"";
    }

    private static Optional<String> unsafeForBatch(String arg) {
        if (arg.isEmpty()) {
            return Optional.of("is empty");
        }
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            boolean safe = c < 128 && (Character.isLetterOrDigit(c) || BATCH_SAFE_PUNCTUATION.indexOf(c) >= 0);
            if (!safe) {
                return Optional.of("holds " + (c == ' ' ? "a space" : c < 32 || c == 127 ? "a control character"
                        : "'" + c + "'"));
            }
        }
        return Optional.empty();
    }
}
