package dev.svcctl.backend;

import java.util.Optional;

/**
 * What install did for one service. {@code note} says what else a user should know (a hand edit repaired, a unit
 * taken over and where its backup is).
 */
public record InstallResult(String name, Action action, String location, Optional<ServiceState> state,
                            Optional<String> diff, Optional<String> note) {
    public enum Action { CREATED, UPDATED, UNCHANGED }

    public InstallResult(String name, Action action, String location, Optional<ServiceState> state,
                         Optional<String> diff) {
        this(name, action, location, state, diff, Optional.empty());
    }
}
