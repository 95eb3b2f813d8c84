package dev.svcctl.importer.unix;

import java.util.ArrayList;
import java.util.List;

/**
 * The two ways supervisord cuts text with Python's {@code shlex} module, reproduced so an import gives the program the
 * argv and environment supervisord would: {@link #split} is {@code shlex.split(command)} (POSIX mode, whitespace
 * split, no comments) for {@code command=}; {@link #classicTokens} is the classic (non-POSIX) {@code shlex.shlex}
 * lexer with supervisord's extra word characters, for {@code environment=}. Written from Python's documented lexer
 * rules; {@code SupervisordOracleTest} checks both against the real Python.
 */
public final class PythonShlex {
    private static final String WHITESPACE = " \t\r\n";
    private static final String QUOTES = "'\"";

    private PythonShlex() {
    }

    /** Text that shlex refuses, with Python's message ("No closing quotation", "No escaped character"). */
    public static final class ShlexException extends Exception {
        public ShlexException(String message) {
            super(message);
        }
    }

    /** {@code shlex.split(text)}: POSIX rules, quotes removed, backslash escapes outside and (some) inside "". */
    public static List<String> split(String text) throws ShlexException {
        List<String> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false; // a word has started (possibly an empty quoted one)
        char quote = 0; // the open quote, or 0
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i++);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    token.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\') {
                    if (i >= n) {
                        throw new ShlexException("No escaped character");
                    }
                    char next = text.charAt(i++);
                    // inside "": the backslash only escapes itself and the quote; elsewhere it stays
                    if (next != '\\' && next != '"') {
                        token.append('\\');
                    }
                    token.append(next);
                } else {
                    token.append(c);
                }
            } else if (WHITESPACE.indexOf(c) >= 0) {
                if (inToken) {
                    out.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
            } else if (c == '\\') {
                if (i >= n) {
                    throw new ShlexException("No escaped character");
                }
                token.append(text.charAt(i++));
                inToken = true;
            } else if (QUOTES.indexOf(c) >= 0) {
                quote = c;
                inToken = true;
            } else {
                token.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new ShlexException("No closing quotation");
        }
        if (inToken) {
            out.add(token.toString());
        }
        return out;
    }

    /**
     * The tokens of {@code shlex.shlex(text)} (classic mode) with {@code /.+-():} added to the word characters, as
     * supervisord's {@code environment=} parser reads them: words of ASCII letters, digits and those characters;
     * quoted strings kept with their quotes (no escapes); {@code #} to the end of the line dropped; any other
     * character a token of its own. Like Python, an empty token ends the stream.
     */
    public static List<String> classicTokens(String text) throws ShlexException {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            // state ' ': between tokens
            StringBuilder token = new StringBuilder();
            String done = null;
            while (done == null) {
                if (i >= n) {
                    done = "";
                    break;
                }
                char c = text.charAt(i++);
                if (WHITESPACE.indexOf(c) >= 0) {
                    continue;
                }
                if (c == '#') {
                    i = skipLine(text, i);
                    continue;
                }
                if (isClassicWordChar(c)) {
                    token.append(c);
                    // state 'a': inside a word
                    while (true) {
                        if (i >= n) {
                            break;
                        }
                        char d = text.charAt(i++);
                        if (WHITESPACE.indexOf(d) >= 0) {
                            break;
                        }
                        if (d == '#') {
                            // classic mode drops the rest of the line and goes on with the same word
                            i = skipLine(text, i);
                            continue;
                        }
                        if (isClassicWordChar(d) || QUOTES.indexOf(d) >= 0) {
                            token.append(d);
                        } else {
                            i--; // pushed back: it starts the next token
                            break;
                        }
                    }
                    done = token.toString();
                } else if (QUOTES.indexOf(c) >= 0) {
                    token.append(c);
                    while (true) {
                        if (i >= n) {
                            throw new ShlexException("No closing quotation");
                        }
                        char d = text.charAt(i++);
                        token.append(d);
                        if (d == c) {
                            break;
                        }
                    }
                    done = token.toString();
                } else if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(text.charAt(i))) {
                    done = text.substring(i - 1, i + 1); // one code point, one token, as in Python
                    i++;
                } else {
                    done = String.valueOf(c);
                }
            }
            if (done.isEmpty()) {
                return out;
            }
            out.add(done);
        }
    }

    private static int skipLine(String text, int i) {
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text.length() : nl + 1;
    }

    /** shlex's classic word characters (ASCII letters, digits, '_') plus supervisord's {@code /.+-():}. */
    static boolean isClassicWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_/.+-():".indexOf(c) >= 0;
    }
}
