package dev.svcctl.backend;

import java.util.Optional;

/** What install did for one service. */
public record InstallResult(String name, Action action, String location, Optional<ServiceState> state,
                            Optional<String> diff) {
    public enum Action { CREATED, UPDATED, UNCHANGED }
}
