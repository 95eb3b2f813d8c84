package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.importer.ImportException;
import dev.svcctl.importer.ImportResult;
import dev.svcctl.importer.ImportWarning;
import dev.svcctl.importer.Importer;
import dev.svcctl.importer.Importers;
import dev.svcctl.importer.SourceFile;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code svcctl import}: specs from other tools' service definitions (see docs/import.md). */
final class ImportCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "import",
                        "Print svcctl specs equivalent to systemd units, NSSM, WinSW, supervisord, pm2 or Procfile"
                                + " services.",
                        "What cannot be carried over exactly is reported on stderr as FILE:LINE: SETTING: MESSAGE."
                                + " A SOURCE is a service definition file; a directory holds systemd units: each"
                                + " NAME.service in it, with the drop-ins of NAME.service.d/*.conf. Exit 65 when a file cannot be imported, or with"
                                + " --strict when anything was reported; then nothing is printed or written.")
                // not FILE, which completion offers as spec files (*.yaml): units, XML, INI, JSON and Procfiles
                .addPositional(PositionalParamSpec.builder().paramLabel("SOURCE").arity("1..*").required(true)
                        .type(List.class).auxiliaryTypes(Path.class)
                        .description("Service definitions, or directories of systemd units.").build())
                .addOption(Options.valued(String.class, "FORMAT", "The format of the files: "
                        + String.join(", ", Importers.ids()) + " (default: guessed from each file).", "--from")
                        .build())
                .addOption(Options.valued(Path.class, "DIR", "Write each spec to DIR/NAME.yaml (never over an"
                        + " existing file) instead of printing it.", "-o", "--output").build())
                .addOption(JsonOption.spec())
                .addOption(Options.flag("Treat every warning as an error (exit 65, nothing written).", "--strict"));
    }

    @Override
    public int run(Invocation call) throws Exception {
        List<Path> files = call.parameters(0);
        String from = call.option("--from");
        Path outputDir = call.option("--output");
        boolean json = JsonOption.isOn(call);
        boolean strict = call.flag("--strict");
        Importer forced = null;
        if (from != null) {
            forced = Importers.byId(from);
            if (forced == null) {
                throw new BackendException(ExitCode.USAGE, "unknown format '" + from + "' for --from",
                        "use one of " + String.join(", ", Importers.ids()));
            }
        }
        List<SourceFile> sources = new ArrayList<>();
        for (Path file : files) {
            sources.addAll(sourcesOf(file, forced));
        }
        PrintWriter err = call.err();
        List<ServiceSpec> specs = new ArrayList<>();
        List<ImportWarning> warnings = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, String> namedBy = new LinkedHashMap<>();
        for (SourceFile source : sources) {
            Importer importer = forced != null ? forced : guess(source);
            ImportResult result;
            try {
                result = importer.read(source);
            } catch (ImportException e) {
                failures.add(where(e.file(), e.line()) + ": " + e.getMessage()
                        + (e.hint() == null ? "" : " (hint: " + e.hint() + ")"));
                continue;
            }
            for (ServiceSpec spec : result.specs()) {
                String problem = checked(spec);
                String earlier = namedBy.putIfAbsent(spec.name(), source.path());
                if (problem != null) {
                    failures.add(source.path() + ": " + problem);
                } else if (earlier != null) {
                    failures.add(source.path() + ": a service named " + spec.name() + " was already imported from "
                            + earlier + " (hint: import them separately, with different -o directories)");
                } else {
                    specs.add(spec);
                }
            }
            warnings.addAll(result.warnings());
        }
        if (json) {
            // the warnings are data in the document; a failure is its error, after the warnings
            if (!failures.isEmpty()) {
                throw new Failures.WithResult(toData(List.of(), List.of(), warnings),
                        new BackendException(ExitCode.INVALID_SPEC, failures.size() == 1 ? failures.get(0)
                                : failures.size() + " files could not be imported: " + String.join("; ", failures),
                                "nothing was printed or written"));
            }
            if (strict && !warnings.isEmpty()) {
                throw new Failures.WithResult(toData(List.of(), List.of(), warnings), strictFailure(warnings,
                        "drop --strict to import with the warnings listed"));
            }
        } else {
            for (ImportWarning warning : warnings) {
                err.println(warning.describe());
            }
            if (!failures.isEmpty()) {
                for (String failure : failures) {
                    err.println(failure);
                }
                err.flush();
                return ExitCode.INVALID_SPEC.code();
            }
            err.flush();
            if (strict && !warnings.isEmpty()) {
                throw strictFailure(warnings, "drop --strict to import with the warnings above");
            }
        }
        PrintWriter out = call.out();
        List<Path> written = outputDir == null ? List.of() : write(outputDir, specs);
        if (json) {
            JsonOption.print(call, toData(specs, written, warnings));
        } else if (outputDir == null) {
            for (int i = 0; i < specs.size(); i++) {
                if (i > 0) {
                    out.println("---");
                }
                out.print(SpecWriter.write(specs.get(i)));
            }
        } else {
            for (Path path : written) {
                out.println(path);
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String where(String file, int line) {
        return line > 0 ? file + ":" + line : file;
    }

    /** What an importer answered must read back as a valid spec, as every spec svcctl writes does. */
    private static String checked(ServiceSpec spec) {
        try {
            SpecLoader.parse(spec.name() + ".yaml", SpecWriter.write(spec));
            return null;
        } catch (InvalidSpecException e) {
            return "the imported spec of " + spec.name() + " is invalid: " + e.errors().get(0).format()
                    + " (hint: report it as a bug of svcctl import)";
        }
    }

    private static Importer guess(SourceFile source) throws BackendException {
        List<Importer> found = Importers.recognizing(source);
        if (found.size() == 1) {
            return found.get(0);
        }
        List<String> ids = new ArrayList<>();
        for (Importer importer : found) {
            ids.add(importer.id());
        }
        throw new BackendException(ExitCode.USAGE, found.isEmpty()
                ? source.path() + ": cannot tell which format it is"
                : source.path() + ": looks like " + String.join(" and ", ids) + " alike",
                "say which with --from " + String.join("|", found.isEmpty() ? Importers.ids() : ids));
    }

    /**
     * The inputs a command-line argument names: a file, or for a directory each {@code NAME.service} in it (an
     * alias, a link to another unit of the same directory, is left to that unit) with its drop-ins
     * {@code NAME.service.d/*.conf}, sorted by file name as systemd applies them.
     */
    private static List<SourceFile> sourcesOf(Path file, Importer forced) throws BackendException {
        if (!Files.isDirectory(file)) {
            // absolute: supervisord's %(here)s, a pm2 app's cwd and a Procfile's directory are the file's own
            return List.of(new SourceFile(file.toAbsolutePath().normalize().toString(), read(file)));
        }
        if (forced != null && !forced.id().equals("systemd")) {
            throw new BackendException(ExitCode.USAGE, file + " is a directory; only systemd units are read from"
                    + " directories", "name the " + forced.id() + " files themselves");
        }
        List<Path> units = list(file, ".service");
        List<SourceFile> sources = new ArrayList<>();
        for (Path unit : units) {
            if (Files.isSymbolicLink(unit) && isAliasIn(unit, file)) {
                continue;
            }
            List<SourceFile> dropIns = new ArrayList<>();
            Path dir = file.resolve(unit.getFileName() + ".d");
            if (Files.isDirectory(dir)) {
                for (Path conf : list(dir, ".conf")) {
                    dropIns.add(new SourceFile(conf.toString(), read(conf)));
                }
            }
            sources.add(new SourceFile(unit.toString(), read(unit), dropIns));
        }
        if (sources.isEmpty()) {
            throw new BackendException(ExitCode.USAGE, file + " holds no systemd service unit (NAME.service)",
                    "name the files to import");
        }
        return sources;
    }

    private static boolean isAliasIn(Path link, Path dir) {
        try {
            Path target = link.toRealPath();
            return target.getParent() != null && target.getParent().equals(dir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir, String suffix) throws BackendException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot list " + dir + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * A file's text: at most the size of a spec; UTF-16 with or without a byte order mark (Windows writes .reg
     * files so, see {@link SourceFile#decode}), else strict UTF-8.
     */
    private static String read(Path file) throws BackendException {
        byte[] bytes;
        try {
            if (Files.size(file) > SpecLoader.MAX_FILE_BYTES) {
                throw new BackendException(ExitCode.INVALID_SPEC, file + " is larger than "
                        + SpecLoader.MAX_FILE_BYTES + " bytes", "import the service definition alone");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot read " + file + ": " + e.getMessage(),
                    "check the path and that you may read it", e);
        }
        boolean utf16 = bytes.length >= 2 && ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe
                || (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff || bytes[1] == 0);
        if (utf16) {
            return SourceFile.decode(file.toString(), bytes).text();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BackendException(ExitCode.INVALID_SPEC, file + " is not UTF-8 text",
                    "convert it to UTF-8 first", e);
        }
    }

    /**
     * Writes DIR/NAME.yaml for each spec, each a new file: an existing path (a file, a link, anything) is refused
     * before anything is written, and a file is created with O_EXCL, so no link is ever followed. When a write fails,
     * the files this run wrote are removed again.
     */
    private static List<Path> write(Path dir, List<ServiceSpec> specs) throws BackendException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackendException(ExitCode.USAGE, dir + " is not a directory", "create it first");
        }
        List<Path> targets = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            Path target = dir.resolve(spec.name() + ".yaml");
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
                throw new BackendException(ExitCode.FAILED, target + " already exists; nothing written",
                        "remove it, or write to another directory with -o");
            }
            targets.add(target);
        }
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Path target = targets.get(i);
            try {
                Files.write(target, SpecWriter.write(specs.get(i)).getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                written.add(target);
            } catch (IOException e) {
                for (Path done : written) {
                    try {
                        Files.deleteIfExists(done);
                    } catch (IOException ignored) {
                        // the error below names the file that failed; this one stays
                    }
                }
                throw new BackendException(ExitCode.FAILED, "cannot write " + target + ": " + e.getMessage()
                        + "; nothing written", "check that the directory is writable and the name free", e);
            }
        }
        return written;
    }

    private static BackendException strictFailure(List<ImportWarning> warnings, String hint) {
        return new BackendException(ExitCode.INVALID_SPEC, warnings.size() + " warning"
                + (warnings.size() == 1 ? "" : "s") + " with --strict; nothing imported", hint);
    }

    /**
     * {@code {"specs": [...], "written": [...], "warnings": [...]}}: each spec as the data of its YAML, with the same
     * keys; the files written with -o.
     */
    private static Map<String, Object> toData(List<ServiceSpec> specs, List<Path> written,
            List<ImportWarning> warnings) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Object> specData = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            specData.add(yaml.load(SpecWriter.write(spec)));
        }
        List<Map<String, Object>> warningData = new ArrayList<>();
        for (ImportWarning w : warnings) {
            Map<String, Object> warning = Json.object();
            warning.put("file", w.file());
            warning.put("line", w.line());
            warning.put("service", w.service());
            warning.put("setting", w.setting());
            warning.put("message", w.message());
            warningData.add(warning);
        }
        Map<String, Object> document = Json.object();
        document.put("specs", specData);
        document.put("written", written.stream().map(Path::toString).toList());
        document.put("warnings", warningData);
        return document;
    }
}
