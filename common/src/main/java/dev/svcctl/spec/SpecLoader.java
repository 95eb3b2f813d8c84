package dev.svcctl.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads spec files: YAML in safe mode (no custom types, bounded aliases, bounded size), then strict validation into
 * a {@link ServiceSpec}. Every problem of a file is reported at once, each with its {@code FILE:LINE:COL}.
 */
public final class SpecLoader {
    /** No real spec comes near this; a larger file is refused before it is parsed. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING = 32;

    private SpecLoader() {
    }

    public static LoadedSpec load(Path file) throws InvalidSpecException {
        String name = file.toString();
        byte[] bytes;
        try {
            // The size refuses a large regular file before it is opened; devices and pipes report 0 and a file can
            // grow, so the read itself stops one byte past the limit whatever the size said.
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw single(name, 1, 1, "the file is " + size + " bytes; a spec may be at most "
                        + MAX_FILE_BYTES + " bytes", "is this really a service spec?");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw single(name, 1, 1, "no such file", null);
        } catch (IOException e) {
            throw single(name, 1, 1, "cannot read the file: " + e.getMessage(), null);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw single(name, 1, 1, "more than " + MAX_FILE_BYTES + " bytes were read; a spec may be at most "
                    + MAX_FILE_BYTES + " bytes", "is this really a service spec?");
        }
        return parse(name, bytes);
    }

    /** How errors name a spec read from standard input ({@code -} on the command line): {@code <stdin>:3:5}. */
    public static final String STDIN_NAME = "<stdin>";

    /**
     * Reads a spec from a stream (standard input), at most {@link #MAX_FILE_BYTES}: a longer input is refused once
     * one byte more was read, without reading the rest. Errors name the input {@code name}.
     */
    public static LoadedSpec read(String name, InputStream in) throws InvalidSpecException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw single(name, 1, 1, "cannot read the input: " + e.getMessage(), null);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw single(name, 1, 1, "more than " + MAX_FILE_BYTES + " bytes were read; a spec may be at most "
                    + MAX_FILE_BYTES + " bytes", "is this really a service spec?");
        }
        return parse(name, bytes);
    }

    public static LoadedSpec parse(String fileName, byte[] bytes) throws InvalidSpecException {
        if (bytes.length > MAX_FILE_BYTES) {
            throw single(fileName, 1, 1, "the input is " + bytes.length + " bytes; a spec may be at most "
                    + MAX_FILE_BYTES + " bytes", null);
        }
        return parse(fileName, decodeUtf8(fileName, bytes));
    }

    public static LoadedSpec parse(String fileName, String text) throws InvalidSpecException {
        LoaderOptions options = loaderOptions();
        MarkTrackingParser parser = new MarkTrackingParser(new ParserImpl(new StreamReader(text), options));
        Node root;
        try {
            root = new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " " + e.getContext();
            throw single(fileName, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    "YAML syntax error: " + oneLine(problem + context), yamlHint(problem + context));
        } catch (YAMLException e) {
            // The limits (aliases, nesting) throw without a mark: point at the last event read, where the limit hit.
            Mark mark = parser.lastMark();
            throw single(fileName, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    "YAML error: " + oneLine(e.getMessage()), yamlHint(e.getMessage()));
        }
        if (root == null) {
            throw single(fileName, 1, 1, "the file is empty", "a spec needs at least 'name' and 'exec'");
        }
        return new SpecMapping(fileName).read(root);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setProcessComments(false);
        return options;
    }

    /** Remembers where the last event it handed out started. */
    private static final class MarkTrackingParser implements Parser {
        private final Parser delegate;
        private Mark lastMark;

        MarkTrackingParser(Parser delegate) {
            this.delegate = delegate;
        }

        Mark lastMark() {
            return lastMark;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event event = delegate.getEvent();
            lastMark = event.getStartMark();
            return event;
        }
    }

    private static String decodeUtf8(String fileName, byte[] bytes) throws InvalidSpecException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (MalformedInputException e) {
            int at = firstBadByte(bytes);
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8);
            throw single(fileName, line, before.codePointCount(0, before.length()) + 1, "the file is not valid UTF-8",
                    "save it as UTF-8; to pass other bytes, use the escapes of a double-quoted YAML string");
        } catch (CharacterCodingException e) {
            throw single(fileName, 1, 1, "the file is not valid UTF-8", null);
        }
    }

    private static int firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    private static String yamlHint(String text) {
        if (text == null) {
            return null;
        }
        String problem = text.toLowerCase(java.util.Locale.ROOT);
        if (problem.contains("aliases")) {
            return "a spec may use at most " + MAX_ALIASES + " aliases of lists or maps";
        }
        if (problem.contains("nesting depth")) {
            return "a spec nests lists and maps at most " + MAX_NESTING + " deep";
        }
        if (problem.contains("(tab)")) {
            return "indent with spaces, not tabs";
        }
        if (problem.contains("duplicate key")) {
            return "each key may appear once per map";
        }
        if (problem.contains("single document")) {
            return "one spec file describes one service; remove the '---' separators";
        }
        return null;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static InvalidSpecException single(String file, int line, int col, String message, String hint) {
        List<SpecError> errors = new ArrayList<>();
        errors.add(new SpecError(new SourceLocation(file, line, col), message, hint));
        return new InvalidSpecException(errors);
    }
}
