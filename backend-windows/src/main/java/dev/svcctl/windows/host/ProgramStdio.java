package dev.svcctl.windows.host;

import java.io.File;
import java.util.Optional;

/**
 * What each standard handle of a program started on Windows is, from the {@link ProcessBuilder} redirects the
 * supervisor chose: a pipe the supervisor reads, the NUL device, a copy of the host's own handle (none under SCM:
 * then NUL), or a file. Standard input is always NUL: the supervisor gives programs no input. Pure, so the mapping is
 * tested without Windows; WindowsProcessPort turns it into handles.
 */
public record ProgramStdio(Target output, Target error) {

    public enum Kind { PIPE, NUL, INHERIT, FILE_TRUNCATE, FILE_APPEND, SAME_AS_OUTPUT }

    /** One standard handle: its kind, and the file for the file kinds. */
    public record Target(Kind kind, Optional<File> file) {
        static Target of(Kind kind) {
            return new Target(kind, Optional.empty());
        }
    }

    public static ProgramStdio of(ProcessBuilder builder) {
        Target output = target(builder.redirectOutput());
        Target error = builder.redirectErrorStream() ? Target.of(Kind.SAME_AS_OUTPUT) : target(builder.redirectError());
        return new ProgramStdio(output, error);
    }

    private static Target target(ProcessBuilder.Redirect redirect) {
        return switch (redirect.type()) {
            case PIPE -> Target.of(Kind.PIPE);
            case INHERIT -> Target.of(Kind.INHERIT);
            case WRITE -> redirect.file() == null || isDiscard(redirect) ? Target.of(Kind.NUL)
                    : new Target(Kind.FILE_TRUNCATE, Optional.of(redirect.file()));
            case APPEND -> new Target(Kind.FILE_APPEND, Optional.of(redirect.file()));
            case READ -> throw new IllegalArgumentException("an output cannot read from " + redirect.file()); // ProcessBuilder refuses it first
        };
    }

    /** Redirect.DISCARD is a WRITE to the JDK's null file ("NUL" on Windows, /dev/null elsewhere). */
    private static boolean isDiscard(ProcessBuilder.Redirect redirect) {
        return redirect.equals(ProcessBuilder.Redirect.DISCARD);
    }
}
