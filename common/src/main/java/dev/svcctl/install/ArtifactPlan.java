package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
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

    /** The unified diff of this change ("" when nothing changes); java-diff-utils loads only here. */
    public String diff() {
        if (!changes()) {
            return "";
        }
        String after = wanted.map(Artifact::content).orElse("");
        return UnifiedDiffs.of(before.absent() ? "/dev/null" : path, before.absent() ? "" : before.text(),
                wanted.isPresent() ? path : "/dev/null", after);
    }
}
