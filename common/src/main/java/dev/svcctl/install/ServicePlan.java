package dev.svcctl.install;

import dev.svcctl.backend.InstallResult.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What install does for one service's files, decided before anything is written. */
public record ServicePlan(String service, List<ArtifactPlan> artifacts) {
    public ServicePlan {
        artifacts = List.copyOf(artifacts);
    }

    public boolean changed() {
        for (ArtifactPlan artifact : artifacts) {
            if (artifact.changes()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a file's text changes (or a file comes or goes): what a running program must be restarted for, unlike a
     * change of a file's mode or owner alone.
     */
    public boolean textChanges() {
        for (ArtifactPlan artifact : artifacts) {
            if (artifact.changes() && !artifact.accessOnly()) {
                return true;
            }
        }
        return false;
    }

    /** Created when the service's main file (its first rendered artifact that is not the spec copy) was absent. */
    public Action action() {
        if (!changed()) {
            return Action.UNCHANGED;
        }
        return main().map(a -> a.before().absent()).orElse(false) ? Action.CREATED : Action.UPDATED;
    }

    /** The file that locates the service for a user: the unit, plist or task; else the first artifact. */
    public Optional<ArtifactPlan> main() {
        for (ArtifactPlan artifact : artifacts) {
            if (artifact.wanted().isPresent() && !SpecCopy.isSpecCopy(artifact.path())) {
                return Optional.of(artifact);
            }
        }
        return artifacts.isEmpty() || artifacts.get(0).wanted().isEmpty() ? Optional.empty()
                : Optional.of(artifacts.get(0));
    }

    public String location() {
        return main().map(ArtifactPlan::path).orElse(service);
    }

    public Optional<ArtifactPlan> artifact(String path) {
        for (ArtifactPlan artifact : artifacts) {
            if (artifact.path().equals(path)) {
                return Optional.of(artifact);
            }
        }
        return Optional.empty();
    }

    /** What a user should know beyond the action: hand edits repaired, files taken over. */
    public Optional<String> note() {
        List<String> notes = new ArrayList<>();
        for (ArtifactPlan artifact : artifacts) {
            switch (artifact.change()) {
                case REPAIR -> notes.add("repaired hand edits of " + artifact.path());
                case UPDATE -> {
                    if (artifact.accessOnly()) {
                        notes.add(artifact.accessNote());
                    }
                }
                case CREATE -> {
                    if (SpecCopy.isSpecCopy(artifact.path()) && main().filter(m -> !m.before().absent()).isPresent()) {
                        notes.add("rewrote the spec copy " + artifact.path() + ", which was missing");
                    }
                }
                case TAKE_OVER -> notes.add("took over " + artifact.path() + "; the old file is kept as "
                        + artifact.path() + InstallEngine.BACKUP_SUFFIX);
                default -> { }
            }
        }
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
    }

    /** The unified diff of every change, file after file; empty when nothing changes. */
    public Optional<String> diff() {
        StringBuilder out = new StringBuilder();
        for (ArtifactPlan artifact : artifacts) {
            out.append(artifact.diff());
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }
}
