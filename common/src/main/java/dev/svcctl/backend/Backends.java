package dev.svcctl.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The backends on the class path, and which of them runs this host. */
public final class Backends {
    private final List<Backend> all;

    public Backends(List<Backend> all) {
        this.all = List.copyOf(all);
    }

    public static Backends discover() {
        List<Backend> found = new ArrayList<>();
        ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).forEach(found::add);
        return new Backends(found);
    }

    public List<Backend> all() {
        return all;
    }

    public Optional<Backend> byId(String id) {
        return all.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The named backend, or the host's own when {@code id} is null. */
    public Backend select(String id, Host host) throws BackendException {
        if (id != null) {
            return byId(id).orElseThrow(() -> new BackendException(ExitCode.USAGE, "unknown backend '" + id + "'",
                    "one of " + ids()));
        }
        return all.stream().filter(b -> b.detect(host)).findFirst().orElseThrow(() -> new BackendException(
                ExitCode.UNAVAILABLE, "no supported init system found on this host (" + host.osName() + ")",
                "'svcctl render --backend " + ids().replace(", ", "|") + "' works anywhere; 'svcctl run' hosts a"
                        + " program in the foreground"));
    }

    public String ids() {
        return all.stream().map(Backend::id).collect(Collectors.joining(", "));
    }
}
