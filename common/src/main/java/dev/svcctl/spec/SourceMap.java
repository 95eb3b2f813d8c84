package dev.svcctl.spec;

import java.util.Map;

/** Where each key path of a spec was written, so errors found after loading still point into the file. */
public record SourceMap(String file, Map<String, SourceLocation> locations) {

    public SourceMap {
        locations = Map.copyOf(locations);
    }

    public static SourceMap none(String file) {
        return new SourceMap(file, Map.of());
    }

    /** The location of the key path, or of its nearest written parent, or the start of the file. */
    public SourceLocation locate(String keyPath) {
        String path = keyPath;
        while (!path.isEmpty()) {
            SourceLocation location = locations.get(path);
            if (location != null) {
                return location;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return new SourceLocation(file, 1, 1);
    }

    public SpecError toError(SpecProblem problem) {
        return SpecError.at(locate(problem.keyPath()), problem.keyPath(), problem.keyPath() + ": " + problem.message(),
                problem.hint().orElse(null));
    }
}
