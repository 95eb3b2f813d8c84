package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an {@code envFile} with the rules of systemd's {@code EnvironmentFile=} (systemd 252, checked byte for byte
 * against it by {@code EnvFileAgainstSystemdTest}), so that a spec's environment does not change when it moves
 * under the supervisor. The rules, as systemd applies them to the bytes of the file:
 * <ul>
 * <li>a line whose first non-blank byte is {@code #} or {@code ;} is a comment; a backslash in a comment escapes
 * the next byte, so a comment ending in a backslash swallows the next line too;</li>
 * <li>LF and CR both end a line; blanks before a key and between the key and {@code =} are dropped; a line without
 * {@code =} is ignored;</li>
 * <li>at the start of a value (and right after a closing quote) blanks are skipped, {@code '...'} is literal and
 * {@code "..."} keeps everything but turns {@code \"}, {@code \\}, {@code \`} and {@code \$} into the character
 * and drops backslash-LF; any other backslash stays. Quoted and unquoted parts concatenate ({@code A="x"y} is
 * {@code xy}); a quote not at such a start is an ordinary character; a quote left open runs to the end of the
 * file, across lines;</li>
 * <li>outside quotes a backslash takes the next byte literally, and backslash-newline (LF or CR) joins lines; blanks
 * at the end of an unquoted value are dropped unless escaped;</li>
 * <li>no {@code export}, no variable expansion; a later assignment of a name wins;</li>
 * <li>a name that is not {@code [A-Za-z_][A-Za-z0-9_]*} is ignored with a warning; a name or value that is not
 * valid UTF-8 (noncharacters count as invalid), or a NUL byte anywhere, makes the whole file fail.</li>
 * </ul>
 */
final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The variables a file assigns, in order of first assignment, and the lines it ignored. */
    record Contents(Map<String, String> variables, List<String> warnings) {
    }

    private enum State {
        BEFORE_KEY, KEY, BEFORE_VALUE, VALUE, VALUE_ESCAPE, SINGLE_QUOTED, DOUBLE_QUOTED, DOUBLE_QUOTED_ESCAPE,
        COMMENT, COMMENT_ESCAPE
    }

    private EnvFile() {
    }

    static Contents read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    static Contents parse(byte[] bytes, String fileName) throws IOException {
        // One char per byte: every byte that matters to the syntax is ASCII, and UTF-8 is checked per name and value,
        // as systemd does (invalid bytes in a comment or an ignored line are harmless).
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Parser parser = new Parser(fileName);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new IOException(fileName + ": holds a NUL byte (hint: systemd refuses the whole file for it,"
                        + " and so does svcctl)");
            }
            parser.accept(c);
        }
        parser.finish();
        return new Contents(parser.variables, parser.warnings);
    }

    private static final class Parser {
        private final String fileName;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final StringBuilder key = new StringBuilder();
        private final StringBuilder value = new StringBuilder();
        private State state = State.BEFORE_KEY;
        private int line = 1;
        /** Where the run of blanks that ends the key (or the unquoted value) starts; -1: it ends with no blank. */
        private int keyBlanksFrom = -1;
        private int valueBlanksFrom = -1;

        Parser(String fileName) {
            this.fileName = fileName;
        }

        void accept(char c) throws IOException {
            switch (state) {
                case BEFORE_KEY -> {
                    if (c == '#' || c == ';') {
                        state = State.COMMENT;
                    } else if (c == '\n' || c == '\r') {
                        line++;
                    } else if (!isBlank(c)) {
                        state = State.KEY;
                        key.setLength(0);
                        key.append(c);
                        keyBlanksFrom = -1;
                    }
                }
                case KEY -> {
                    if (c == '\n' || c == '\r') {
                        warnings.add(fileName + ":" + line + ": no '=' on this line; ignored");
                        state = State.BEFORE_KEY;
                        line++;
                    } else if (c == '=') {
                        state = State.BEFORE_VALUE;
                        value.setLength(0);
                        valueBlanksFrom = -1;
                    } else {
                        trackBlank(c, key, true);
                        key.append(c);
                    }
                }
                case BEFORE_VALUE -> {
                    if (c == '\n' || c == '\r') {
                        assign();
                        line++;
                    } else if (c == '\'') {
                        state = State.SINGLE_QUOTED;
                    } else if (c == '"') {
                        state = State.DOUBLE_QUOTED;
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                    } else if (!isBlank(c)) {
                        state = State.VALUE;
                        value.append(c);
                    }
                }
                case VALUE -> {
                    if (c == '\n' || c == '\r') {
                        if (valueBlanksFrom >= 0) {
                            value.setLength(valueBlanksFrom);
                        }
                        assign();
                        line++;
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                        valueBlanksFrom = -1;
                    } else {
                        trackBlank(c, value, false);
                        value.append(c);
                    }
                }
                case VALUE_ESCAPE -> {
                    state = State.VALUE;
                    if (c == '\n' || c == '\r') {
                        line++;
                    } else {
                        value.append(c);
                    }
                }
                case SINGLE_QUOTED -> {
                    if (c == '\'') {
                        state = State.BEFORE_VALUE;
                    } else {
                        value.append(c);
                    }
                }
                case DOUBLE_QUOTED -> {
                    if (c == '"') {
                        state = State.BEFORE_VALUE;
                    } else if (c == '\\') {
                        state = State.DOUBLE_QUOTED_ESCAPE;
                    } else {
                        value.append(c);
                    }
                }
                case DOUBLE_QUOTED_ESCAPE -> {
                    state = State.DOUBLE_QUOTED;
                    if (c == '"' || c == '\\' || c == '`' || c == '$') {
                        value.append(c);
                    } else if (c == '\n') {
                        line++;
                    } else {
                        value.append('\\').append(c);
                    }
                }
                case COMMENT -> {
                    if (c == '\\') {
                        state = State.COMMENT_ESCAPE;
                    } else if (c == '\n' || c == '\r') {
                        state = State.BEFORE_KEY;
                        line++;
                    }
                }
                case COMMENT_ESCAPE -> state = State.COMMENT;
                default -> throw new IllegalStateException(state.name());
            }
        }

        /** At the end of the file, an assignment in progress counts, even inside an unclosed quote. */
        void finish() throws IOException {
            switch (state) {
                case VALUE -> {
                    if (valueBlanksFrom >= 0) {
                        value.setLength(valueBlanksFrom);
                    }
                    assign();
                }
                case BEFORE_VALUE, VALUE_ESCAPE, SINGLE_QUOTED, DOUBLE_QUOTED, DOUBLE_QUOTED_ESCAPE -> assign();
                case KEY -> warnings.add(fileName + ":" + line + ": no '=' on this line; ignored");
                default -> {
                }
            }
        }

        private void trackBlank(char c, StringBuilder text, boolean inKey) {
            int from = inKey ? keyBlanksFrom : valueBlanksFrom;
            if (!isBlank(c)) {
                from = -1;
            } else if (from < 0) {
                from = text.length();
            }
            if (inKey) {
                keyBlanksFrom = from;
            } else {
                valueBlanksFrom = from;
            }
        }

        private void assign() throws IOException {
            state = State.BEFORE_KEY;
            if (keyBlanksFrom >= 0) {
                key.setLength(keyBlanksFrom);
            }
            String name = utf8(key, "a name");
            String text = utf8(value, "the value of " + name);
            if (NAME.matcher(name).matches()) {
                variables.put(name, text);
            } else {
                warnings.add(fileName + ":" + line + ": '" + name + "' is not a valid variable name; ignored");
            }
        }

        private String utf8(StringBuilder bytes, String what) throws IOException {
            byte[] raw = bytes.toString().getBytes(StandardCharsets.ISO_8859_1);
            String decoded;
            try {
                decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(fileName + ":" + line + ": " + what + " is not valid UTF-8"
                        + " (hint: systemd refuses the whole file for it, and so does svcctl)");
            }
            for (int i = 0; i < decoded.length(); ) {
                int cp = decoded.codePointAt(i);
                if (cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE) {
                    throw new IOException(fileName + ":" + line + ": " + what + " holds U+"
                            + Integer.toHexString(cp).toUpperCase() + ", a Unicode noncharacter"
                            + " (hint: systemd refuses the whole file for it, and so does svcctl)");
                }
                i += Character.charCount(cp);
            }
            return decoded;
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }
    }
}
