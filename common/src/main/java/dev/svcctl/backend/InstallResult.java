package dev.svcctl.backend;

import java.util.Optional;

/**
 * What install did for one service. {@code note} says what else a user should know (a hand edit repaired, a unit
 * taken over and where its backup is). {@code formerSource} is the spec file the service was last installed from
 * when that differs from this install's (two spec files with the same name replace each other).
 */
public record InstallResult(String name, Action action, String location, Optional<ServiceState> state,
                            Optional<String> diff, Optional<String> note, Optional<String> formerSource) {
    public enum Action { CREATED, UPDATED, UNCHANGED }

    public InstallResult(String name, Action action, String location, Optional<ServiceState> state,
                         Optional<String> diff, Optional<String> note) {
        this(name, action, location, state, diff, note, Optional.empty());
    }

    public InstallResult(String name, Action action, String location, Optional<ServiceState> state,
                         Optional<String> diff) {
        this(name, action, location, state, diff, Optional.empty());
    }

    public InstallResult withFormerSource(Optional<String> former) {
        return new InstallResult(name, action, location, state, diff, note, former);
    }
}
