package dev.svcctl.spec;

import java.util.List;
import java.util.Optional;

/**
 * A {@code dependsOn} entry may name a systemd unit of any type by its full name ({@code syslog.socket},
 * {@code remote-fs.target}, {@code app.service}); any other entry names a service. systemd renders such an entry as
 * written, the other backends refuse it: this is the one list of those suffixes.
 */
public final class UnitDependencies {
    /** The unit types of systemd.unit(5), {@code .service} first. */
    public static final List<String> SUFFIXES = List.of(".service", ".socket", ".target", ".mount", ".automount",
            ".path", ".timer", ".device", ".swap", ".slice", ".scope");

    private UnitDependencies() {
    }

    /** The unit type suffix {@code dependency} ends with, if it names a systemd unit by its full name. */
    public static Optional<String> suffix(String dependency) {
        for (String suffix : SUFFIXES) {
            if (dependency.endsWith(suffix) && dependency.length() > suffix.length()) {
                return Optional.of(suffix);
            }
        }
        return Optional.empty();
    }
}
