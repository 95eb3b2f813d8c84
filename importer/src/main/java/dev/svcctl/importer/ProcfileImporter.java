package dev.svcctl.importer;

import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Procfiles (foreman, honcho, Heroku): one {@code NAME: COMMAND} per line. foreman and honcho hand the command to
 * {@code /bin/sh -c}; the import writes that out (exec {@code /bin/sh}, args {@code -c} and the command exactly as
 * written), so the shell still expands {@code $VARS}, pipes and redirections at each start.
 */
public final class ProcfileImporter implements Importer {
    /** foreman's and honcho's line rule: a name of letters, digits, '_' or '-', a colon, the command. */
    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_-]+):\\s*(.+)$");
    private static final Duration FOREMAN_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern DRIVE_PATH = Pattern.compile("[A-Za-z]:[\\\\/]");
    private static final Pattern PORT = Pattern.compile("\\$\\{?PORT\\b");

    @Override
    public String id() {
        return "procfile";
    }

    @Override
    public boolean recognizes(SourceFile source) {
        String path = source.path().replace('\\', '/');
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (base.equals("Procfile") || base.startsWith("Procfile.")) {
            return true;
        }
        int matching = 0;
        int other = 0;
        for (String raw : source.text().split("\n", -1)) {
            String line = stripCr(raw);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!LINE.matcher(line).matches() || DRIVE_PATH.matcher(line).lookingAt()) {
                other++; // C:\tools\nssm.exe ... fits the line rule but is a Windows path (an NSSM dump)
                continue;
            }
            String command = line.substring(line.indexOf(':') + 1).strip();
            if (command.startsWith("[") || command.startsWith("{")) {
                return false; // YAML or JSON, not a command
            }
            matching++;
        }
        return matching > 0 && matching >= other;
    }

    @Override
    public ImportResult read(SourceFile source) throws ImportException {
        String file = source.path();
        List<ServiceSpec> specs = new ArrayList<>();
        List<ImportWarning> warnings = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String root = file.startsWith("/") ? (file.lastIndexOf('/') == 0 ? "/" : file.substring(0, file.lastIndexOf('/')))
                : null;
        String[] lines = source.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = stripCr(lines[i]);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                warnings.add(new ImportWarning(file, lineNo, null, line.strip(), "not NAME: COMMAND; foreman and"
                        + " honcho skip such a line, and so does the import"));
                continue;
            }
            String name = m.group(1);
            String command = m.group(2);
            String problem = ServiceSpec.nameProblem(name);
            if (problem != null) {
                throw new ImportException(file, lineNo, "process type " + problem,
                        "rename it in the Procfile: svcctl uses it as the service name");
            }
            Integer earlier = seen.put(name, lineNo);
            if (earlier != null) {
                throw new ImportException(file, lineNo, "process type '" + name + "' is already on line " + earlier,
                        "give each line its own name");
            }
            if (PORT.matcher(command).find()) {
                warnings.add(new ImportWarning(file, lineNo, name, "$PORT", "foreman and honcho set PORT for each"
                        + " process (5000, 5100, ...); svcctl does not: add PORT to env in the spec"));
            }
            ServiceSpec.Builder b = ServiceSpec.builder(name, "/bin/sh").args("-c", command)
                    // foreman stops with SIGTERM to the process group, then SIGKILL after 5 seconds (its -t default)
                    .stop(new StopSpec(Signal.TERM, FOREMAN_STOP_TIMEOUT, StopMode.GROUP));
            if (root != null) {
                b.workingDirectory(root); // foreman runs the commands in the Procfile's directory (its --root)
            }
            ServiceSpec spec = b.build();
            specs.add(ImportedSpecs.validated(spec, file, lineNo));
        }
        if (specs.isEmpty()) {
            throw new ImportException(file, 1, "no NAME: COMMAND line", "a Procfile holds lines like"
                    + " `web: bundle exec puma -p $PORT`");
        }
        return new ImportResult(specs, warnings);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
