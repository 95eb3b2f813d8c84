package dev.svcctl.systemd;

import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.SvcctlPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Where svcctl keeps a service's files for a scope, and what is found there. */
final class UnitFiles {
    static final String SYSTEM_SPEC_DIR = SvcctlPaths.SYSTEM_SPECS + "/";
    static final String USER_SPEC_DIR = "~/" + SvcctlPaths.USER_SPECS_IN_HOME + "/";
    static final String BACKUP_SUFFIX = ".svcctl-backup";

    private UnitFiles() {
    }

    static String unitName(String service) {
        return service + ".service";
    }

    static String unitDir(boolean user) {
        return user ? SystemdBackend.USER_UNIT_DIR : SystemdBackend.SYSTEM_UNIT_DIR;
    }

    /** The unit's path on the target host ({@code /etc/...} or {@code ~/...}). */
    static String unitPath(String service, boolean user) {
        return unitDir(user) + unitName(service);
    }

    /** The canonical copy of the spec that {@code svcctl run --name} reads. */
    static String specPath(String service, boolean user) {
        return (user ? USER_SPEC_DIR : SYSTEM_SPEC_DIR) + service + ".yaml";
    }

    /** What lies at a unit's path. */
    enum Kind { ABSENT, LINK, FOREIGN, MANAGED }

    record Found(Kind kind, String content, Optional<ManagedMarker> marker, Optional<Instant> modified) {
        static final Found ABSENT = new Found(Kind.ABSENT, "", Optional.empty(), Optional.empty());

        /** A managed unit whose text is no longer what svcctl wrote. */
        boolean drift() {
            return kind == Kind.MANAGED && !marker.get().matches(body(content));
        }
    }

    static Found read(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return new Found(Kind.LINK, "", Optional.empty(), Optional.empty());
        }
        if (!Files.exists(file)) {
            return Found.ABSENT;
        }
        String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int nl = content.indexOf('\n');
        Optional<ManagedMarker> marker = ManagedMarker.find(nl < 0 ? content : content.substring(0, nl));
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        return new Found(marker.isPresent() ? Kind.MANAGED : Kind.FOREIGN, content, marker, Optional.of(modified));
    }

    /** Everything after the marker line. */
    static String body(String content) {
        int nl = content.indexOf('\n');
        return nl < 0 ? "" : content.substring(nl + 1);
    }
}
