package dev.svcctl.launchd;

import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.Scope;
import java.nio.file.Path;
import java.util.List;

/**
 * Facts about the invoking user the launchd backend needs: the gui/UID domain, root or not, the home, PATH, and where
 * the state files of supervised jobs are.
 */
interface LaunchdHost {
    long uid();

    default boolean isRoot() {
        return uid() == 0;
    }

    String home();

    /** The PATH used to resolve a bare {@code exec} and to find launchctl. */
    String path();

    /** Where {@code svcctl run} may have written the state of service NAME ({@link SvcctlPaths#stateFiles}). */
    default List<Path> stateFiles(String name, Scope scope) {
        return SvcctlPaths.current().stateFiles(name, scope);
    }

    /** The current process's user, read lazily (the backend must be cheap to construct). */
    LaunchdHost CURRENT = new LaunchdHost() {
        @Override
        public long uid() {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        }

        @Override
        public String home() {
            return System.getProperty("user.home");
        }

        @Override
        public String path() {
            String path = System.getenv("PATH");
            return path == null ? "/usr/bin:/bin:/usr/sbin:/sbin" : path;
        }
    };
}
