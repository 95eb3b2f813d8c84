package dev.svcctl.backend;

import java.util.List;
import java.util.Map;

/**
 * What a backend would install for one service, computed without touching the host: the files, plus
 * registration data that is not a file (for Windows SCM: start type, account, failure actions...).
 */
public record Rendering(String backend, String service, List<Artifact> artifacts, Map<String, Object> registration) {
    public Rendering {
        artifacts = List.copyOf(artifacts);
        registration = Map.copyOf(registration);
    }

    public Rendering(String backend, String service, List<Artifact> artifacts) {
        this(backend, service, artifacts, Map.of());
    }
}
