package dev.svcctl.backend;

import dev.svcctl.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way svcctl keeps the values of {@code env} out of what it prints ({@code render}, {@code install
 * --dry-run}'s diff, {@code --json}): each value is replaced by a placeholder that says only its length, and the spec
 * so masked is rendered like any other. What install and {@code render -o} write is the real rendering; output prints
 * {@link Artifact#printable()}.
 */
public final class Secrets {
    static final String NOT_SHOWN = "# (not shown: this file holds the values of env)\n";

    private Secrets() {
    }

    /** What stands for a value in output: {@code <secret: 6 bytes>} (UTF-8 bytes; empty values too). */
    public static String placeholder(String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return "<secret: " + bytes + (bytes == 1 ? " byte>" : " bytes>");
    }

    /** The spec with every value of {@code env} replaced by its {@link #placeholder}; names stay. */
    public static ServiceSpec masked(ServiceSpec spec) {
        if (spec.env().isEmpty()) {
            return spec;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : spec.env().entrySet()) {
            env.put(variable.getKey(), placeholder(variable.getValue()));
        }
        return spec.toBuilder().env(env).build();
    }

    /**
     * The backend's rendering of {@code spec}, each artifact also carrying what output may show of it: the same file
     * rendered from the {@link #masked} spec, where the two differ. Registration data stays the real one.
     */
    public static Rendering render(Backend backend, ServiceSpec spec, RenderOptions options)
            throws UnsupportedSpecException {
        Rendering real = backend.render(spec, options);
        if (spec.env().isEmpty()) {
            return real;
        }
        Rendering masked;
        try {
            masked = backend.render(masked(spec), options);
        } catch (UnsupportedSpecException placeholdersTooLong) {
            // Only at a size limit, where a placeholder is longer than the value it stands for: show no content of
            // the files that hold values rather than fail what the real spec allows.
            List<Artifact> artifacts = new ArrayList<>();
            for (Artifact artifact : real.artifacts()) {
                artifacts.add(artifact.mode() == Artifact.MODE_PRIVATE ? artifact.withShown(NOT_SHOWN) : artifact);
            }
            return new Rendering(real.backend(), real.service(), artifacts, real.registration());
        }
        List<Artifact> artifacts = new ArrayList<>();
        for (Artifact artifact : real.artifacts()) {
            Artifact shown = artifact;
            for (Artifact candidate : masked.artifacts()) {
                if (candidate.installPath().equals(artifact.installPath())
                        && !body(candidate.content()).equals(body(artifact.content()))) {
                    shown = artifact.withShown(candidate.content());
                }
            }
            artifacts.add(shown);
        }
        return new Rendering(real.backend(), real.service(), artifacts, real.registration());
    }

    /**
     * A file without its marker line, whose spec fingerprint differs between the two renderings: a file whose body
     * is the same in both holds no value and is shown as it is written.
     */
    private static String body(String content) {
        return ManagedMarker.locate(content).map(ManagedMarker.Located::body).orElse(content);
    }
}
