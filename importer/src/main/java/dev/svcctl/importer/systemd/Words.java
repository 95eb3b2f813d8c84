package dev.svcctl.importer.systemd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * systemd's splitting of a value into words, as ExecStart= and Environment= do it (extract_first_word with unquoting
 * and C unescaping): blanks separate words; {@code "..."} and {@code '...'} group, anywhere in a word and alike (a
 * backslash escapes inside both); {@code \a \b \f \n \r \t \v \\ \" \' \s \xHH \NNN \\uHHHH \UHHHHHHHH} are C
 * escapes; an unknown escape keeps its backslash (systemd warns "Ignoring unknown escape sequences"); a quote left
 * open makes systemd ignore the whole line.
 */
final class Words {
    static final String BLANKS = " \t\n\r";

    /** A word and where the text goes on after it; {@code relaxed} when an unknown escape was kept as written. */
    record Word(String text, int end, boolean relaxed) {
    }

    /** A value systemd refuses to split: it ignores the line. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private Words() {
    }

    static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && BLANKS.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** The next word from {@code from}, or null when only blanks are left. */
    static Word next(String s, int from) throws SyntaxError {
        int i = skipBlanks(s, from);
        if (i >= s.length()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        char quote = 0;
        boolean relaxed = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quote == 0 && BLANKS.indexOf(c) >= 0) {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    if (quote != 0) {
                        throw new SyntaxError("unbalanced quoting");
                    }
                    out.write('\\');
                    relaxed = true;
                    i++;
                    break;
                }
                int used = unescape(s, i + 1, out);
                if (used < 0) {
                    out.write('\\');
                    appendUtf8(out, s.codePointAt(i + 1));
                    relaxed = true;
                    i += 1 + Character.charCount(s.codePointAt(i + 1));
                } else {
                    i += 1 + used;
                }
                continue;
            }
            if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else {
                int cp = s.codePointAt(i);
                appendUtf8(out, cp);
                i += Character.charCount(cp);
                continue;
            }
            i++;
        }
        if (quote != 0) {
            throw new SyntaxError("unbalanced quoting");
        }
        return new Word(decode(out.toByteArray()), i, relaxed);
    }

    /** Every word of {@code s}. */
    static List<Word> all(String s) throws SyntaxError {
        List<Word> words = new ArrayList<>();
        int at = 0;
        Word w;
        while ((w = next(s, at)) != null) {
            words.add(w);
            at = w.end();
        }
        return words;
    }

    /**
     * One C escape after a backslash at {@code at}: writes what it means and answers how many characters it used,
     * or -1 when it is no escape systemd knows (or would make a NUL).
     */
    private static int unescape(String s, int at, ByteArrayOutputStream out) {
        char c = s.charAt(at);
        switch (c) {
            case 'a' -> out.write(7);
            case 'b' -> out.write(8);
            case 'f' -> out.write(12);
            case 'n' -> out.write(10);
            case 'r' -> out.write(13);
            case 't' -> out.write(9);
            case 'v' -> out.write(11);
            case '\\', '"', '\'' -> out.write(c);
            case 's' -> out.write(' ');
            case 'x' -> {
                int v = hex(s, at + 1, 2);
                if (v <= 0) {
                    return -1;
                }
                out.write(v);
                return 3;
            }
            case 'u', 'U' -> {
                int digits = c == 'u' ? 4 : 8;
                long v = hex(s, at + 1, digits);
                if (v <= 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                    return -1;
                }
                appendUtf8(out, (int) v);
                return 1 + digits;
            }
            default -> {
                if (c >= '0' && c <= '3' && at + 2 < s.length() && octal(s.charAt(at + 1)) && octal(s.charAt(at + 2))) {
                    int v = (c - '0') * 64 + (s.charAt(at + 1) - '0') * 8 + (s.charAt(at + 2) - '0');
                    if (v == 0) {
                        return -1;
                    }
                    out.write(v);
                    return 3;
                }
                return -1;
            }
        }
        return 1;
    }

    private static boolean octal(char c) {
        return c >= '0' && c <= '7';
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < from + digits; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                return -1;
            }
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static void appendUtf8(ByteArrayOutputStream out, int codePoint) {
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    private static String decode(byte[] bytes) throws SyntaxError {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxError("an escape makes it invalid UTF-8, which svcctl cannot pass");
        }
    }
}
