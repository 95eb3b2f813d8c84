package dev.svcctl.systemd;

import dev.svcctl.install.ArtifactFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Enablement without systemctl, for {@code --root DIR}: the same symlinks {@code systemctl enable} makes, from the
 * unit's [Install] section ({@code WantedBy=} to {@code .wants/}, {@code RequiredBy=} to {@code .requires/}).
 */
final class RootEnablement {
    private RootEnablement() {
    }

    /** The links of one unit file ({@code NAME.service}, {@code svcctl-log-NAME-stdout.socket}) at unitPath. */
    static void apply(ArtifactFiles files, boolean user, String unitName, String unitPath, String unitText)
            throws dev.svcctl.backend.BackendException {
        try {
            remove(files, user, unitName);
            for (String link : links(unitText, unitName)) {
                Path linkFile = files.locate(UnitFiles.unitDir(user) + link);
                Files.createDirectories(linkFile.getParent());
                // Like systemctl enable, system links point at the unit's path on the target system; the home of
                // a user unit is not known at build time, so its link is relative.
                Files.deleteIfExists(linkFile);
                Files.createSymbolicLink(linkFile, Path.of(user ? "../" + unitName : unitPath));
            }
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot write the enablement links of " + unitName, e);
        }
    }

    /** Removes every link to the unit file in the unit directory's .wants/ and .requires/ directories. */
    static void remove(ArtifactFiles files, boolean user, String unitName) throws IOException {
        Path dir = files.locate(UnitFiles.unitDir(user));
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> subdirs = Files.newDirectoryStream(dir, "*.{wants,requires}")) {
            for (Path sub : subdirs) {
                Files.deleteIfExists(sub.resolve(unitName));
                try (DirectoryStream<Path> rest = Files.newDirectoryStream(sub)) {
                    if (!rest.iterator().hasNext()) {
                        Files.delete(sub);
                    }
                }
            }
        }
    }

    /** The link paths, relative to the unit directory, e.g. {@code multi-user.target.wants/NAME.service}. */
    static List<String> links(String unitText, String unitName) {
        List<String> links = new ArrayList<>();
        boolean inInstall = false;
        for (String line : unitText.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                inInstall = trimmed.equals("[Install]");
            } else if (inInstall) {
                int eq = trimmed.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = trimmed.substring(0, eq).strip();
                String suffix = key.equals("WantedBy") ? ".wants/" : key.equals("RequiredBy") ? ".requires/" : null;
                if (suffix != null) {
                    for (String target : trimmed.substring(eq + 1).strip().split("\\s+")) {
                        if (!target.isEmpty()) {
                            links.add(target + suffix + unitName);
                        }
                    }
                }
            }
        }
        return links;
    }
}
