package dev.svcctl.spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The corpus of invalid specs under {@code common/src/test/resources/invalid/} with the errors each one must give;
 * the format is described in the README.md there. Public so that other modules' tests (the CLI's) can run the same
 * corpus through their own entry point.
 */
public final class InvalidSpecCorpus {
    /** Where the corpus lives, relative to the common module's directory. */
    public static final String DIRECTORY_IN_COMMON = "src/test/resources/invalid";
    /** Size of the generated oversized file: far above {@link SpecLoader#MAX_FILE_BYTES}. */
    public static final long HUGE_FILE_BYTES = 50L * 1024 * 1024;

    private static final Pattern EXPECT = Pattern.compile("^#?\\s*expect:\\s*(\\d+):(\\d+)\\s+(.+?)\\s*$");
    private static final Pattern SCHEMA = Pattern.compile("^#?\\s*schema:\\s*(rejects|model-only|yaml)\\b\\s*(.*?)\\s*$");

    private InvalidSpecCorpus() {
    }

    /** One error the loader must report: its line and column, and a fragment of "message (hint: ...)". */
    public record Expectation(int line, int column, String fragment) {
        public boolean matches(SpecError error) {
            return error.location().line() == line && error.location().column() == column
                    && error.format().contains(fragment);
        }

        /** For output as printed, e.g. by the CLI: {@code FILE:LINE:COL: message (hint: ...)}. */
        public boolean matchesLine(String file, String printed) {
            String prefix = file + ":" + line + ":" + column + ": ";
            return printed.startsWith(prefix) && printed.substring(prefix.length()).contains(fragment);
        }

        @Override
        public String toString() {
            return line + ":" + column + " " + fragment;
        }
    }

    /**
     * What the JSON Schema makes of the file: REJECTS it; MODEL_ONLY means the rule is one the schema cannot
     * express and it accepts the file; YAML means the YAML reader refuses the file before any schema sees it.
     */
    public enum SchemaVerdict { REJECTS, MODEL_ONLY, YAML }

    public record Case(Path file, List<Expectation> expected, SchemaVerdict schema, String schemaReason) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /** Every case in the directory (sorted by name), without the generated oversized file. */
    public static List<Case> cases(Path directory) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                cases.add(read(file));
            }
        }
        return cases;
    }

    /**
     * Writes the oversized file into {@code directory} (a build directory: it is never committed) and answers its
     * case. The file is a well-formed spec followed by comment lines, so only its size is wrong.
     */
    public static Case hugeFile(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("huge-50mb.yaml");
        if (!Files.exists(file) || Files.size(file) != HUGE_FILE_BYTES) {
            byte[] head = ("# expect: 1:1 the file is " + HUGE_FILE_BYTES + " bytes; a spec may be at most\n"
                    + "# schema: model-only file size\n"
                    + "name: huge\nexec: /bin/true\n").getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[1024];
            Arrays.fill(line, (byte) '#');
            line[line.length - 1] = '\n';
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(head);
                long left = HUGE_FILE_BYTES - head.length;
                while (left > 0) {
                    int n = (int) Math.min(line.length, left);
                    out.write(line, line.length - n, n);
                    left -= n;
                }
            }
        }
        return read(file);
    }

    /** Reads the expectations of one file: from its sidecar {@code FILE.expect} if there is one, else its header. */
    public static Case read(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
        List<String> lines = Files.exists(sidecar) ? Files.readAllLines(sidecar, StandardCharsets.UTF_8) : header(file);
        List<Expectation> expected = new ArrayList<>();
        SchemaVerdict verdict = SchemaVerdict.REJECTS;
        String reason = "";
        for (String line : lines) {
            Matcher e = EXPECT.matcher(line);
            Matcher s = SCHEMA.matcher(line);
            if (e.matches()) {
                expected.add(new Expectation(Integer.parseInt(e.group(1)), Integer.parseInt(e.group(2)),
                        unquote(e.group(3))));
            } else if (s.matches()) {
                verdict = SchemaVerdict.valueOf(s.group(1).toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                reason = s.group(2);
            }
        }
        if (expected.isEmpty()) {
            throw new IllegalStateException(file + " declares no expected error");
        }
        return new Case(file, List.copyOf(expected), verdict, reason);
    }

    /** The leading comment lines; read as ISO-8859-1 so that files that are not UTF-8 on purpose can be read too. */
    private static List<String> header(Path file) throws IOException {
        List<String> header = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = reader.readLine()) != null && line.startsWith("#")) {
                header.add(line);
            }
        }
        return header;
    }

    /** A fragment may be put in backquotes to keep leading or trailing spaces. */
    private static String unquote(String fragment) {
        return fragment.length() >= 2 && fragment.startsWith("`") && fragment.endsWith("`")
                ? fragment.substring(1, fragment.length() - 1) : fragment;
    }
}
