package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.svcctl.supervisor.EnvFileReader;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance of {@code svcctl import} for systemd (#18): every {@code .service} unit shipped on this machine (a
 * template as one instance of it), plus hand-written hostile ones, is imported, validated and rendered for systemd,
 * the rendered unit passes {@code systemd-analyze verify}, and for each unit imported without warnings the sandboxed
 * systemd reports the same ExecStart argv, environment, account, working directory, restart and stop settings for
 * the original and for the rendered unit. Prints the counts.
 */
@ExtendWith(SystemdSandboxExtension.class)
class ImportInSystemdSandboxTest {
    static final List<String> UNIT_DIRS = List.of("/lib/systemd/system", "/usr/lib/systemd/system");
    static final int AT_LEAST = 60;
    static final String INSTANCE = "svcimp";
    static final String COPY_PREFIX = "svcimp-";
    /** Originals are loaded under this prefix (the sandbox masks some shipped units), and imported so named. */
    static final String ORIGINAL_PREFIX = "svcorig-";
    static final List<String> SHOWN = List.of("ExecStart", "Environment", "User", "Group", "WorkingDirectory", "Restart", "RestartUSec",
            "KillSignal", "TimeoutStopUSec");

    /** The program of hostile unit K ({@code @DUMP@} in its text): writes its arguments, NUL-terminated, to /run/argv-K. */
    static String argvDump(String key) {
        return InsideSandbox.WORK.resolve("import-argv").resolve(key).toString();
    }

    /** Hostile units of my own: each must import without warnings and behave the same. */
    static final Map<String, String> HOSTILE = Map.of(
            "hostile-quotes.service", "[Service]\nExecStart=@DUMP@ \"a b\" 'c d' \"q\\\"uote\" 'it\\'s' x\"y z\"w"
                    + " back\\\\slash tab\\tend \\x41\\u00e9 ✓ \"\" \\;\n",
            "hostile-vars.service", "[Service]\nEnvironment=\"OPTS=-a  -b\" PORT=8080 \"SP=x y\" EMPTY=\n"
                    + "Environment=PCT=100%% DOLLAR=$HOME\nExecStart=@DUMP@ $OPTS --port=${PORT} ${SP} $SP ${EMPTY}"
                    + " $EMPTY $$HOME cost$5 ${PORT}$$\nRestart=on-failure\nRestartSec=2500ms\n",
            "hostile-spec.service", "[Unit]\nDescription=100%% %n\n[Service]\nExecStart=@DUMP@ %n %N %p %j %i| %t/%N"
                    + " 100%% %u %h %S %%n\nWorkingDirectory=/var/lib\nUser=daemon\nGroup=daemon\nKillSignal=SIGINT\n"
                    + "TimeoutStopSec=1min 5s\n",
            "hostile-colon.service", "[Service]\nExecStart=:@DUMP@ $HOME ${X} $$ \\\n  --continued\n"
                    + "Restart=always\nKillSignal=QUIT\n[Install]\nWantedBy=multi-user.target\n",
            "hostile-dropin.service", "[Service]\nExecStart=/bin/false\nEnvironment=A=1 B=2\nUser=root\n");
    static final Map<String, String> HOSTILE_DROPINS = Map.of(
            "hostile-dropin.service", "[Service]\nExecStart=\nExecStart=@DUMP@ new \"$B\"\nEnvironment=\n"
                    + "Environment=B=3\nRestart=on-failure\n");

    private static String writeArgvDump(String key) throws IOException {
        Path dump = Path.of(argvDump(key));
        Files.createDirectories(dump.getParent());
        Files.writeString(dump, "#!/bin/sh\nprintf '%s\\0' \"$@\" > /run/argv-" + key + ".tmp\n"
                + "mv /run/argv-" + key + ".tmp /run/argv-" + key + "\n");
        dump.toFile().setExecutable(true, false);
        dump.toFile().setReadable(true, false);
        return dump.toString();
    }

    /** Runs a hostile unit (its program only writes its arguments) and answers them as systemd passed them. */
    private static List<String> argvWhenRun(SystemdSandbox sandbox, String unit, String key) {
        sandbox.exec("rm", "-f", "/run/argv-" + key);
        sandbox.exec("systemctl", "start", unit);
        for (int i = 0; i < 100; i++) {
            var r = sandbox.exec("cat", "/run/argv-" + key);
            if (r.ok()) {
                sandbox.exec("systemctl", "stop", unit);
                List<String> args = new ArrayList<>(List.of(r.stdout().split("\0", -1)));
                args.remove(args.size() - 1);
                return args;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(unit + " wrote no /run/argv-" + key + ": " + sandbox.journal(unit));
    }

    record Outcome(String unit, String status, List<JsonObject> warnings, String refusal) {
    }

    @Test
    void everyShippedServiceUnitImportsRendersVerifiesAndBehavesTheSame(SystemdSandbox sandbox) throws Exception {
        Path work = Path.of("target", "import-acceptance").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        List<String> shipped = shippedUnits();
        assertTrue(shipped.size() >= AT_LEAST, "only " + shipped.size() + " .service units under " + UNIT_DIRS
                + "; the acceptance needs " + AT_LEAST + " (install more Debian packages in .ci/run)");
        // Each original: its text and its drop-ins (in systemd's order), by file name.
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, List<String>> dropIns = new LinkedHashMap<>();
        for (String unit : shipped) {
            texts.put(unit, Files.readString(shippedPath(unit)));
            dropIns.put(unit, shippedDropIns(unit));
        }
        for (String unit : new java.util.TreeSet<>(HOSTILE.keySet())) {
            texts.put(unit, HOSTILE.get(unit).replace("@DUMP@", writeArgvDump(unit)));
            dropIns.put(unit, HOSTILE_DROPINS.containsKey(unit)
                    ? List.of(HOSTILE_DROPINS.get(unit).replace("@DUMP@", argvDump(unit))) : List.of());
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> unit : texts.entrySet()) {
            String file = ORIGINAL_PREFIX + unit.getKey();
            sandbox.writeFile("/etc/systemd/system/" + file, unit.getValue());
            List<String> confs = dropIns.get(unit.getKey());
            String name = file.endsWith("@.service") ? file.replace("@.service", "@" + INSTANCE + ".service") : file;
            Path dir = Files.createDirectories(work.resolve("in").resolve(name));
            Files.writeString(dir.resolve(name), unit.getValue());
            for (int i = 0; i < confs.size(); i++) {
                String conf = String.format("%03d.conf", i);
                sandbox.writeFile("/etc/systemd/system/" + file + ".d/" + conf, confs.get(i));
                Files.createDirectories(dir.resolve(name + ".d"));
                Files.writeString(dir.resolve(name + ".d").resolve(conf), confs.get(i));
            }
            names.add(name);
        }
        sandbox.execOk("systemctl", "daemon-reload");
        List<String> hostile = new ArrayList<>();
        for (String unit : new java.util.TreeSet<>(HOSTILE.keySet())) {
            hostile.add(ORIGINAL_PREFIX + unit);
        }

        Map<String, Map<String, String>> loaded = show(sandbox, names, List.of("LoadState"));
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Path> rendered = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> notCleanOriginals = new ArrayList<>();
        for (String name : names) {
            Map<String, String> props = loaded.get(name);
            if (props == null || !"loaded".equals(props.get("LoadState"))) {
                failures.add(name + ": not loaded in the sandbox: " + props);
                continue;
            }
            Path dir = work.resolve("in").resolve(name);
            Path out = Files.createDirectories(work.resolve("specs").resolve(name));
            CliTest.Outcome imported = CliTest.svcctl("import", dir.toString(), "--json", "-o", out.toString());
            if (imported.exitCode() == 65) {
                outcomes.add(new Outcome(name, "refused", List.of(), imported.err().strip().lines().reduce((a, b) -> b)
                        .orElse("")));
                continue;
            }
            if (imported.exitCode() != 0) {
                failures.add(name + ": import exited " + imported.exitCode() + ": " + imported.err());
                continue;
            }
            JsonObject result = JsonParser.parseString(imported.out()).getAsJsonObject();
            List<JsonObject> warnings = new ArrayList<>();
            for (JsonElement w : result.getAsJsonArray("warnings")) {
                warnings.add(w.getAsJsonObject());
            }
            outcomes.add(new Outcome(name, warnings.isEmpty() ? "exact" : "warnings", warnings, null));
            String service = name.substring(0, name.length() - ".service".length());
            Path spec = out.resolve(service + ".yaml");
            CliTest.Outcome validate = CliTest.svcctl("validate", "--backend", "systemd", spec.toString());
            if (validate.exitCode() != 0) {
                failures.add(name + ": validate exited " + validate.exitCode() + ": " + validate.err());
                continue;
            }
            Path root = work.resolve("rendered").resolve(name);
            CliTest.Outcome render = CliTest.svcctl("render", "--backend", "systemd", "-o", root.toString(),
                    spec.toString());
            if (render.exitCode() != 0) {
                failures.add(name + ": render exited " + render.exitCode() + ": " + render.err());
                continue;
            }
            Path unitFile = root.resolve("etc/systemd/system").resolve(name);
            String copy = "/etc/systemd/system/" + COPY_PREFIX + name;
            sandbox.writeFile(copy, Files.readString(unitFile));
            // --man=no: Documentation= man pages the original names are not installed in a build image.
            ProcessRunnerResult verify = new ProcessRunnerResult(sandbox.exec("systemd-analyze", "verify", "--man=no",
                    copy));
            if (!verify.clean()) {
                // The sandbox masks some units (dbus.socket...) and ships the originals too (bus names taken):
                // what systemd-analyze says of the original itself is no fault of the import.
                ProcessRunnerResult original = new ProcessRunnerResult(sandbox.exec("systemd-analyze", "verify",
                        "--man=no", "/etc/systemd/system/" + (name.contains("@") ? name.replaceFirst("@[^.]*\\.",
                        "@.") : name)));
                if (original.clean()) {
                    failures.add(name + ": systemd-analyze verify of the rendered unit: " + verify.said());
                    continue;
                }
                notCleanOriginals.add(name);
            }
            if (warnings.isEmpty()) {
                rendered.put(name, root);
            }
        }
        sandbox.execOk("systemctl", "daemon-reload");

        List<String> compared = new ArrayList<>(rendered.keySet());
        List<String> both = new ArrayList<>(compared);
        for (String name : compared) {
            both.add(COPY_PREFIX + name);
        }
        Map<String, Map<String, String>> shown = show(sandbox, both, SHOWN);
        int agreed = 0;
        int ranByDollar = 0;
        for (String name : compared) {
            List<String> differences = new ArrayList<>();
            Map<String, String> original = shown.get(name);
            Map<String, String> copy = shown.get(COPY_PREFIX + name);
            for (String property : SHOWN.subList(2, SHOWN.size())) {
                if (!original.get(property).equals(copy.get(property))) {
                    differences.add(property + ": " + original.get(property) + " vs " + copy.get(property));
                }
            }
            List<String> originalExec = execStart(original.get("ExecStart"));
            if (originalExec.size() == 1 && originalExec.get(0).contains("$")) {
                // systemctl shows argv before the $ expansion at exec time: compare what the program was given.
                if (!hostile.contains(name)) {
                    differences.add("ExecStart expands $ at run time; only the hostile units are run: " + originalExec);
                } else {
                    String key = name.substring(ORIGINAL_PREFIX.length());
                    List<String> ran = argvWhenRun(sandbox, name, key);
                    installRenderedFiles(sandbox, rendered.get(name));
                    List<String> ranCopy = argvWhenRun(sandbox, COPY_PREFIX + name, key);
                    if (!ran.equals(ranCopy)) {
                        differences.add("argv when run: " + ran + " vs " + ranCopy);
                    }
                    ranByDollar++;
                }
            } else if (originalExec.isEmpty() || !originalExec.equals(execStart(copy.get("ExecStart")))) {
                differences.add("ExecStart: " + original.get("ExecStart") + " vs " + copy.get("ExecStart"));
            }
            Map<String, String> originalEnv = environment(original.get("Environment"));
            Map<String, String> copyEnv = environment(copy.get("Environment"));
            copyEnv.putAll(renderedEnvFile(rendered.get(name)));
            if (!originalEnv.equals(copyEnv)) {
                differences.add("Environment: " + originalEnv + " vs " + copyEnv);
            }
            if (differences.isEmpty()) {
                agreed++;
            } else {
                failures.add(name + ": the original and the rendered unit differ: " + differences);
            }
        }

        report(shipped.size(), outcomes, agreed, compared.size());
        System.out.println("  originals that systemd-analyze verify itself complains about in the sandbox: "
                + notCleanOriginals);
        System.out.println("  units whose argv holds $ and were compared by running them: " + ranByDollar);
        for (String name : hostile) {
            assertTrue(outcomes.stream().anyMatch(o -> o.unit().equals(name) && o.status().equals("exact")),
                    name + " imports exactly: " + outcomes.stream().filter(o -> o.unit().equals(name)).toList());
        }
        assertEquals(List.of(), failures);
        assertEquals(compared.size(), agreed);
    }

    private static void report(int shipped, List<Outcome> outcomes, int agreed, int compared) {
        Map<String, Integer> common = new TreeMap<>();
        long exact = outcomes.stream().filter(o -> o.status().equals("exact")).count();
        long warned = outcomes.stream().filter(o -> o.status().equals("warnings")).count();
        long refused = outcomes.stream().filter(o -> o.status().equals("refused")).count();
        Map<String, Integer> refusals = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (JsonObject w : o.warnings()) {
                String message = w.get("message").getAsString();
                String kind = w.get("setting").getAsString() + ": " + message.replaceAll("'[^']*'", "'…'")
                        .replaceAll(";.*", "");
                common.merge(kind, 1, Integer::sum);
            }
            if (o.refusal() != null) {
                String reason = o.refusal().replaceFirst("^[^ ]+ ", "").replaceAll(" \\(hint:.*", "");
                refusals.merge(reason, 1, Integer::sum);
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("svcctl import acceptance: ").append(shipped).append(" shipped .service units (templates as one"
                + " instance) + ").append(HOSTILE.size()).append(" hostile ones\n");
        text.append("  imported exactly: ").append(exact).append(" (").append(agreed).append(" of ").append(compared)
                .append(" agree with the original under systemctl show)\n");
        text.append("  imported with warnings: ").append(warned).append("\n");
        text.append("  refused: ").append(refused).append("\n");
        text.append("  most common warnings:\n");
        common.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .forEach(e -> text.append("    ").append(e.getValue()).append(" x ").append(e.getKey()).append('\n'));
        text.append("  refusals:\n");
        refusals.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .forEach(e -> text.append("    ").append(e.getValue()).append(" x ").append(e.getKey()).append('\n'));
        System.out.print(text);
    }

    record ProcessRunnerResult(dev.svcctl.os.ProcessRunner.Result result) {
        boolean clean() {
            return result.ok() && said().isEmpty();
        }

        String said() {
            return (result.stdout() + result.stderr()).strip();
        }
    }

    static Path shippedPath(String unit) {
        for (String dir : UNIT_DIRS) {
            Path p = Path.of(dir, unit);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(unit);
    }

    /** NAME.service.d/*.conf next to the shipped unit, sorted by file name as systemd applies them. */
    static List<String> shippedDropIns(String unit) throws IOException {
        Path d = shippedPath(unit).resolveSibling(unit + ".d");
        List<String> confs = new ArrayList<>();
        if (Files.isDirectory(d)) {
            try (Stream<Path> entries = Files.list(d)) {
                for (Path p : entries.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                    confs.add(Files.readString(p));
                }
            }
        }
        return confs;
    }

    /** Each distinct shipped unit file (aliases, which are links, left to their targets), by name. */
    static List<String> shippedUnits() throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        Set<String> names = new java.util.TreeSet<>();
        for (String dir : UNIT_DIRS) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(d)) {
                for (Path p : entries.toList()) {
                    if (p.getFileName().toString().endsWith(".service") && !Files.isSymbolicLink(p)
                            && Files.isRegularFile(p) && seen.add(p.toRealPath())) {
                        names.add(p.getFileName().toString());
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** {@code systemctl show} of several units at once: unit name to property to value. */
    private static Map<String, Map<String, String>> show(SystemdSandbox sandbox, List<String> units,
                                                         List<String> properties) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        int chunk = 40;
        for (int from = 0; from < units.size(); from += chunk) {
            List<String> part = units.subList(from, Math.min(units.size(), from + chunk));
            List<String> argv = new ArrayList<>(List.of("systemctl", "show", "--property=Id,"
                    + String.join(",", properties)));
            argv.addAll(part);
            String out = sandbox.execOk(argv.toArray(String[]::new));
            String[] blocks = out.split("\n\n", -1);
            for (int i = 0; i < part.size(); i++) {
                Map<String, String> props = new LinkedHashMap<>();
                for (String line : blocks[i].split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        props.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
                result.put(part.get(i), props);
            }
        }
        return result;
    }

    /**
     * ExecStart as {@code systemctl show} prints it, one {@code { path=... ; argv[]=... ; ignore_errors=... }} per
     * command: the path, the argv words (as systemd joins them, with single spaces) and whether failures count.
     */
    private static List<String> execStart(String shown) {
        List<String> commands = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\{ path=(.*?) ; argv\\[\\]=(.*?) ; ignore_errors=(yes|no) ;").matcher(shown);
        while (m.find()) {
            commands.add("path=" + m.group(1) + " argv[]=" + m.group(2) + " ignore_errors=" + m.group(3));
        }
        return commands;
    }

    /**
     * Environment as {@code systemctl show} prints it: assignments separated by spaces, each in double quotes when
     * it needs them, with a backslash before a character taken as it is.
     */
    static Map<String, String> environment(String shown) {
        Map<String, String> env = new LinkedHashMap<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i <= shown.length(); i++) {
            char c = i < shown.length() ? shown.charAt(i) : ' ';
            if (quoted && c == '\\' && i + 1 < shown.length()) {
                word.append(shown.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any || word.length() > 0) {
                    String a = word.toString();
                    env.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        return env;
    }

    /** The files render wrote besides the unit (its environment file), at their paths in the sandbox. */
    private static void installRenderedFiles(SystemdSandbox sandbox, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".service")).toList()) {
                sandbox.writeFile("/" + root.relativize(f), Files.readAllBytes(f));
            }
        }
    }

    /** The variables of the environment file render wrote for env (svcctl keeps env out of the unit). */
    private static Map<String, String> renderedEnvFile(Path root) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".env")).toList()) {
                env.putAll(EnvFileReader.parse(Files.readAllBytes(f), f.toString()));
            }
        }
        return env;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
