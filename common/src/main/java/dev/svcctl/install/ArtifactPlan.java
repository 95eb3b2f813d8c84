package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import java.util.Arrays;
import java.util.Optional;

/**
 * What install does with one file: {@code wanted} is the rendered artifact (empty when a file the service owned is
 * no longer rendered and goes), {@code before} what is there now.
 */
public record ArtifactPlan(String path, Optional<Artifact> wanted, Existing before, Change change) {

    public enum Change {
        /** Nothing there yet. */
        CREATE,
        /** svcctl's file, to be replaced with the new rendering. */
        UPDATE,
        /** svcctl's file, edited by hand since: replaced, and said so. */
        REPAIR,
        /** Someone else's file, replaced under {@code --force}; the old one is kept as a backup. */
        TAKE_OVER,
        /** Already exactly what is wanted. */
        KEEP,
        /** svcctl's file that the service no longer needs. */
        REMOVE
    }

    public boolean changes() {
        return change != Change.KEEP;
    }

    public boolean writes() {
        return change != Change.KEEP && change != Change.REMOVE;
    }

    /**
     * The unified diff of this change ("" when nothing changes); java-diff-utils loads only here. A file that holds
     * values of {@code env} shows them masked ({@link Artifact#printable()}); what a private file held before is
     * masked the same way when it is a spec copy (read back), else not shown, since this rendering does not know the
     * values it held. A change of mode or owner alone has no diff (GNU patch would find nothing to apply): the plan's
     * note says it ({@link #accessNote}).
     */
    public String diff() {
        if (!changes()) {
            return "";
        }
        String after = wanted.map(Artifact::printable).orElse("");
        boolean secret = wanted.flatMap(Artifact::shown).isPresent() || before.kind() == Existing.Kind.FILE
                && (before.mode() & 077) == 0 && before.mode() != 0;
        String old = before.absent() ? "" : before.text();
        if (accessOnly()) {
            return "";
        }
        if (secret && !before.absent()) {
            old = SpecCopy.isSpecCopy(path) ? SpecCopy.masked(path, old).orElse(HIDDEN) : HIDDEN;
        }
        return UnifiedDiffs.of(before.absent() ? "/dev/null" : path, old, wanted.isPresent() ? path : "/dev/null",
                after);
    }

    static final String HIDDEN = "# (the previous content is not shown: it may hold values of env)\n";

    /** Whether only the file's mode or owner changes, not its text. */
    public boolean accessOnly() {
        return writes() && before.kind() == Existing.Kind.FILE && Arrays.equals(before.bytes(), wanted.get().bytes());
    }

    /** What an {@link #accessOnly} change does, e.g. {@code mode of PATH 0644 -> 0600}. */
    public String accessNote() {
        Artifact artifact = wanted.orElseThrow();
        boolean owners = artifact.owner().isPresent();
        return "mode of " + path + " " + String.format("%04o", before.mode())
                + (owners ? before.owner().map(o -> ", owner " + o).orElse("") : "")
                + " -> " + String.format("%04o", artifact.mode()) + artifact.owner().map(o -> ", owner " + o).orElse("");
    }
}
