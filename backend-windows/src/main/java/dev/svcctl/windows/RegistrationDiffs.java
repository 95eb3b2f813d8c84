package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.install.ArtifactPlan;
import dev.svcctl.install.Existing;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the SCM or Task Scheduler holds is no file, so its changes are shown as the engine's unified diff of a
 * canonical text (one {@code key: value} line each), named after where Windows keeps it.
 */
final class RegistrationDiffs {
    private RegistrationDiffs() {
    }

    /** The diff from {@code before} (empty: nothing registered yet) to {@code after}; "" when they are equal. */
    static String of(String name, Optional<String> before, String after) {
        Existing old = before.map(text -> Existing.file(text.getBytes(StandardCharsets.UTF_8), 0, Optional.empty()))
                .orElse(Existing.ABSENT);
        return new ArtifactPlan(name, Optional.of(new Artifact(name, after, 0)), old,
                old.absent() ? ArtifactPlan.Change.CREATE : ArtifactPlan.Change.UPDATE).diff();
    }
}
