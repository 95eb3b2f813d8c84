package dev.svcctl.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backend would install for one service, computed without touching the host: the files, plus
 * registration data that is not a file (for Windows SCM: start type, account, failure actions...). The registration
 * keeps the order the backend gave it, so that text output is stable and reads in a sensible order.
 */
public record Rendering(String backend, String service, List<Artifact> artifacts, Map<String, Object> registration) {
    public Rendering {
        artifacts = List.copyOf(artifacts);
        registration = Collections.unmodifiableMap(new LinkedHashMap<>(registration));
    }

    public Rendering(String backend, String service, List<Artifact> artifacts) {
        this(backend, service, artifacts, Map.of());
    }
}
