package dev.svcctl.backend;

import java.util.List;

/**
 * Exit 4: services that are not installed. {@link Backend#uninstall} throws it only after it removed the others it
 * was given; {@link #removed} then says what that call answered for them (the lines uninstall returns), so that a
 * caller for which "absent" is success ({@code svcctl uninstall}: idempotent, like Ansible's {@code state: absent})
 * can report each name.
 */
public final class NotInstalledException extends BackendException {
    private final List<String> names;
    private final List<String> removed;

    public NotInstalledException(List<String> names, List<String> removed, String message, String hint) {
        super(ExitCode.NOT_INSTALLED, message, hint);
        this.names = List.copyOf(names);
        this.removed = List.copyOf(removed);
    }

    /** The names that are not installed. */
    public List<String> names() {
        return names;
    }

    /** What uninstall answered for the names that were installed and are now removed (put-back lines). */
    public List<String> removed() {
        return removed;
    }
}
