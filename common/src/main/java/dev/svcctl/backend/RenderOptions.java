package dev.svcctl.backend;

/**
 * Facts about the target install that the spec does not hold: where the svcctl launcher lives there (units that
 * run {@code svcctl run} name it), and where svcctl keeps its copies of specs.
 */
public record RenderOptions(String svcctlCommand, boolean user) {
    public static final String DEFAULT_SVCCTL = "/usr/bin/svcctl";
    public static final RenderOptions DEFAULT = new RenderOptions(DEFAULT_SVCCTL, false);
}
