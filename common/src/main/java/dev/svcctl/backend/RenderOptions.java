package dev.svcctl.backend;

import java.util.Optional;

/**
 * Facts about the target install that the spec does not hold: where the svcctl launcher lives there (units that
 * run {@code svcctl run} name it), and, for backends that start svcctl's Java directly instead of a launcher script
 * (Windows: the SCM cannot run {@code svcctl.cmd}), where svcctl is installed ({@code svcctlHome}) and which Java
 * runs it ({@code javaHome}); empty means the backend's documented default.
 */
public record RenderOptions(String svcctlCommand, boolean user, Optional<String> svcctlHome,
                            Optional<String> javaHome) {
    public static final String DEFAULT_SVCCTL = "/usr/bin/svcctl";
    public static final RenderOptions DEFAULT = new RenderOptions(DEFAULT_SVCCTL, false);

    public RenderOptions(String svcctlCommand, boolean user) {
        this(svcctlCommand, user, Optional.empty(), Optional.empty());
    }
}
