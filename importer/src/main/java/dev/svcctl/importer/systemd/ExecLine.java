package dev.svcctl.importer.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * One command of an Exec line (ExecStart=, ExecReload=...) as systemd 252 reads it (config_parse_exec): the prefixes
 * {@code @ - : + !} (and {@code !!}) before the path, the words split and unescaped by {@link Words}, {@code ;} alone
 * separating commands ({@code \;} is a literal {@code ;}), specifiers resolved per word after splitting.
 * {@code argv} holds the words as systemd keeps them: before {@code $} expansion, which happens at exec time
 * ({@link #expand}).
 */
record ExecLine(String path, List<String> argv, String prefixes) {
    ExecLine {
        argv = List.copyOf(argv);
    }

    boolean has(char prefix) {
        return prefixes.indexOf(prefix) >= 0;
    }

    /** The commands of one value (usually one); specifier problems and syntax errors are thrown. */
    static List<ExecLine> parse(String value, Specifiers specifiers, List<String> hostSpecifiers)
            throws Words.SyntaxError {
        List<ExecLine> commands = new ArrayList<>();
        int at = 0;
        while (true) {
            at = Words.skipBlanks(value, at);
            if (at >= value.length()) {
                break;
            }
            StringBuilder prefixes = new StringBuilder();
            while (at < value.length() && "@-:+!".indexOf(value.charAt(at)) >= 0) {
                char p = value.charAt(at);
                boolean doubled = p == '!' && prefixes.indexOf("!") >= 0 && prefixes.indexOf("!!") < 0
                        && prefixes.charAt(prefixes.length() - 1) == '!';
                if (prefixes.indexOf(String.valueOf(p)) >= 0 && !doubled) {
                    throw new Words.SyntaxError("the prefix '" + p + "' is given twice");
                }
                prefixes.append(p);
                at++;
            }
            Words.Word first = Words.next(value, at);
            if (first == null || first.text().isEmpty()) {
                throw new Words.SyntaxError("no executable after the prefixes");
            }
            at = first.end();
            String path = resolve(specifiers, first.text(), hostSpecifiers);
            List<String> argv = new ArrayList<>();
            if (prefixes.indexOf("@") < 0) {
                argv.add(path);
            }
            boolean more = false;
            while (true) {
                int w = Words.skipBlanks(value, at);
                if (w >= value.length()) {
                    at = w;
                    break;
                }
                if (value.charAt(w) == ';' && (w + 1 >= value.length() || Words.BLANKS.indexOf(value.charAt(w + 1)) >= 0)) {
                    at = w + 1;
                    more = true;
                    break;
                }
                if (value.startsWith("\\;", w)
                        && (w + 2 >= value.length() || Words.BLANKS.indexOf(value.charAt(w + 2)) >= 0)) {
                    argv.add(";");
                    at = w + 2;
                    continue;
                }
                Words.Word word = Words.next(value, w);
                argv.add(resolve(specifiers, word.text(), hostSpecifiers));
                at = word.end();
            }
            if (argv.isEmpty()) {
                throw new Words.SyntaxError("'@' needs the program's argv[0] after the path");
            }
            commands.add(new ExecLine(path, argv, prefixes.toString()));
            if (!more) {
                break;
            }
        }
        return commands;
    }

    /**
     * The word with its specifiers resolved; a specifier only the host knows leaves the word as written and is noted
     * in {@code hostSpecifiers}; one systemd does not know makes systemd ignore the line.
     */
    private static String resolve(Specifiers specifiers, String word, List<String> hostSpecifiers)
            throws Words.SyntaxError {
        Specifiers.Expanded e = specifiers.expand(word);
        if (e.text() != null) {
            return e.text();
        }
        if (e.unknown()) {
            throw new Words.SyntaxError(e.problem());
        }
        hostSpecifiers.add(e.problem());
        return word;
    }

    /** How one word of argv expands at exec time: its words, and the variables it needs. */
    record Expansion(List<String> words, List<String> variables) {
    }

    /**
     * systemd's exec-time {@code $} expansion of one argv word (replace_env_argv): a word that is exactly
     * {@code $NAME} becomes the variable's value split at blanks (unquoted as by {@link Words}; nothing when unset);
     * elsewhere {@code ${NAME}} becomes the value as one piece (empty when unset) and {@code $$} a {@code $}; any other
     * {@code $} stays. {@code lookup} answers a value, or null when unset.
     */
    static Expansion expand(String word, java.util.function.Function<String, String> lookup) throws Words.SyntaxError {
        List<String> variables = new ArrayList<>();
        if (word.length() > 1 && word.charAt(0) == '$' && word.charAt(1) != '{' && word.charAt(1) != '$') {
            String name = word.substring(1);
            if (validName(name)) {
                variables.add(name);
                String value = lookup.apply(name);
                List<String> split = new ArrayList<>();
                if (value != null && (value.indexOf('\\') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\'') >= 0)) {
                    throw new Words.SyntaxError("$" + name + " holds quotes or backslashes, which systemd splits by"
                            + " rules of its own");
                }
                if (value != null) {
                    for (Words.Word w : Words.all(value)) {
                        split.add(w.text());
                    }
                }
                return new Expansion(split, variables);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '$' && i + 1 < word.length() && word.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < word.length() && word.charAt(i + 1) == '{') {
                int close = word.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(word, i, word.length());
                    break;
                }
                String name = word.substring(i + 2, close);
                variables.add(name);
                String value = lookup.apply(name);
                out.append(value == null ? "" : value);
                i = close;
            } else {
                out.append(c);
            }
        }
        return new Expansion(List.of(out.toString()), variables);
    }

    static boolean validName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }
}
