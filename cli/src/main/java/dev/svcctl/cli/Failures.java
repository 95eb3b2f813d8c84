package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.SpecError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a command's failure is shown and which exit code it gets: for people one line with a hint (spec errors one
 * per line) on stderr; with {@code --json} one error object on stdout ({@link #toData}, the one place a failure
 * becomes data).
 */
public final class Failures {
    private Failures() {
    }

    /**
     * A failure after the command has a result to show (install: a service is installed but failed to run): with
     * {@code --json}, the result's fields and the error go out as one document.
     */
    static final class WithResult extends Exception {
        private final Map<String, ?> result;

        WithResult(Map<String, ?> result, BackendException cause) {
            super(cause.getMessage(), cause);
            this.result = result;
        }

        Map<String, ?> result() {
            return result;
        }
    }

    static int report(Exception e, PrintWriter err) {
        if (e instanceof WithResult partial) {
            return report((Exception) partial.getCause(), err);
        }
        if (e instanceof InvalidSpecException invalid) {
            for (SpecError error : invalid.errors()) {
                err.println(error.format());
            }
            return ExitCode.INVALID_SPEC.code();
        }
        if (e instanceof BackendException failure) {
            err.println("svcctl: " + failure.getMessage() + failure.hint().map(h -> " (hint: " + h + ")").orElse(""));
            if (VerboseOption.isOn()) {
                e.printStackTrace(err);
            }
            return failure.exitCode().code();
        }
        err.println("svcctl: internal error: " + e);
        if (VerboseOption.isOn()) {
            e.printStackTrace(err);
        } else {
            err.println("(hint: run again with --verbose for details, and report it as a bug)");
        }
        return ExitCode.FAILED.code();
    }

    /**
     * With {@code --json}: prints {@code {"version": 1, "error": {...}}} (after the fields of a {@link WithResult})
     * on {@code out} and nothing else; the exit code is the one {@link #report} answers. With --verbose the stack
     * trace still goes to {@code err}.
     */
    static int reportJson(Exception e, PrintWriter out, PrintWriter err) {
        Map<String, Object> document = Json.object();
        Exception failure = e;
        if (e instanceof WithResult partial) {
            document.putAll(partial.result());
            failure = (Exception) partial.getCause();
        }
        Map<String, Object> error = toData(failure);
        document.put("error", error);
        Json.print(out, document);
        if (VerboseOption.isOn()) {
            failure.printStackTrace(err);
        }
        return (Integer) error.get("exitCode");
    }

    /**
     * The error document of {@code e}, {@code {"version": 1, "error": {...}}}, as text: the body of svcctl serve's
     * error answers, the same document a command prints with --json.
     */
    public static String document(BackendException e) {
        StringWriter text = new StringWriter();
        Map<String, Object> document = Json.object();
        document.put("error", toData(e));
        Json.print(new PrintWriter(text), document);
        return text.toString();
    }

    /** A failure as data: {@code {"exitCode", "message", "hint", "problems": [...]}}, see docs/json.md. */
    static Map<String, Object> toData(Exception e) {
        Map<String, Object> error = Json.object();
        List<Map<String, Object>> problems = new ArrayList<>();
        if (e instanceof InvalidSpecException invalid) {
            error.put("exitCode", ExitCode.INVALID_SPEC.code());
            int n = invalid.errors().size();
            error.put("message", n == 1 ? invalid.errors().get(0).format() : n + " problems in the spec files");
            error.put("hint", null);
            for (SpecError spec : invalid.errors()) {
                problems.add(problem(spec));
            }
        } else if (e instanceof BackendException failure) {
            error.put("exitCode", failure.exitCode().code());
            error.put("message", failure.getMessage());
            error.put("hint", failure.hint());
        } else {
            error.put("exitCode", ExitCode.FAILED.code());
            error.put("message", "internal error: " + e);
            error.put("hint", "run again with --verbose for details, and report it as a bug");
        }
        error.put("problems", problems);
        return error;
    }

    /** A usage error (an unknown option, a missing argument) as data: exit code 2. */
    static Map<String, Object> usage(String message, String hint) {
        return toData(new BackendException(ExitCode.USAGE, message, hint));
    }

    private static Map<String, Object> problem(SpecError spec) {
        Map<String, Object> p = Json.object();
        p.put("file", spec.location().file());
        p.put("line", spec.location().line());
        p.put("column", spec.location().column());
        p.put("key", spec.key());
        p.put("message", spec.message());
        p.put("hint", spec.hint());
        return p;
    }
}
