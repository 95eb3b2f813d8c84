package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.EnvironmentFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code svcctl cat} shows: the files svcctl installed for a service as they are now, read through the engine's
 * file port. Only svcctl's own files (the managed marker, {@link InstallEngine#ownership}) are read into the answer;
 * a file someone else wrote at one of the paths is never echoed. Each answer's {@link Artifact#printable()} masks
 * the values of {@code env}: a spec copy is written again from the masked spec ({@link SpecCopy#masked}), an
 * environment file gets placeholders ({@link EnvironmentFile#masked}), and any other private file (mode 0600: it
 * holds values) shows only a note.
 */
public final class InstalledFiles {
    static final String NOT_SHOWN = "# (not shown: this file holds the values of env)\n";

    private InstalledFiles() {
    }

    /** The files at {@code paths} that are svcctl's, in that order; absent and foreign ones are left out. */
    public static List<Artifact> read(InstallEngine engine, List<String> paths) throws BackendException {
        List<Artifact> files = new ArrayList<>();
        for (String path : paths) {
            Existing existing = engine.read(path);
            InstallEngine.Ownership owner = InstallEngine.ownership(path, existing);
            if (owner != InstallEngine.Ownership.MANAGED && owner != InstallEngine.Ownership.DRIFTED) {
                continue;
            }
            String text = existing.text();
            int mode = existing.mode() == 0 ? Artifact.MODE_FILE : existing.mode() & 07777;
            files.add(new Artifact(path, text, mode, existing.owner(), Optional.empty()).withShown(shown(path, text,
                    mode)));
        }
        return files;
    }

    /** What output may print of a file svcctl wrote. */
    static String shown(String path, String text, int mode) {
        if (SpecCopy.isSpecCopy(path)) {
            return SpecCopy.masked(path, text).orElse(NOT_SHOWN);
        }
        if (path.endsWith(".env")) {
            return EnvironmentFile.masked(text).orElse(NOT_SHOWN);
        }
        return (mode & 0077) == 0 && mode != 0 ? NOT_SHOWN : text;
    }
}
