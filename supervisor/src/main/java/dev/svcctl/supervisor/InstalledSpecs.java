package dev.svcctl.supervisor;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The installed copies of specs ({@link SvcctlPaths#installedSpec}), read the one way: {@code svcctl run --name},
 * {@code svcctl host} and {@code svcctl wait-ready} all load them here, and check that the copy names the service
 * it is installed as.
 *
 * <p>{@code svcctl host} and {@code svcctl wait-ready} also demand an owner ({@link #load(Path, String, OptionalInt)}):
 * they run as root (system scope) or as the user and act on what the spec says (health check commands, restarts),
 * so a copy is believed only when it is a regular file (never a link) of that very account that no one else may
 * write. {@code svcctl run} runs as the service's own account, which owns its copy.
 */
public final class InstalledSpecs {
    private InstalledSpecs() {
    }

    /** The installed spec of service {@code name}, as {@code svcctl run --name NAME [--user]} reads it. */
    public static ServiceSpec load(SvcctlPaths paths, String name, boolean user)
            throws BackendException, InvalidSpecException {
        Path installed = paths.installedSpec(name, user ? Scope.USER : Scope.SYSTEM);
        if (!Files.exists(installed, LinkOption.NOFOLLOW_LINKS)) {
            throw notInstalled(name, installed, user);
        }
        return load(installed, name, OptionalInt.empty());
    }

    /**
     * Loads {@code file}, the installed copy of service {@code name}.
     *
     * @param owner the uid that must own the file (and be the only one able to write it); empty for no such check
     */
    public static ServiceSpec load(Path file, String name, OptionalInt owner)
            throws BackendException, InvalidSpecException {
        ServiceSpec spec;
        if (owner.isEmpty()) {
            spec = SpecLoader.load(file).spec();
        } else {
            spec = SpecLoader.parse(file.toString(), readTrusted(file, owner.getAsInt())).spec();
        }
        if (!spec.name().equals(name)) {
            throw new BackendException(ExitCode.FAILED, "the installed spec for '" + name + "' names the service '"
                    + spec.name() + "'", "reinstall the service with 'svcctl install'");
        }
        return spec;
    }

    /** The names of the services installed in {@code dir} ({@code NAME.yaml}), sorted; none when there is no dir. */
    public static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path file : listing) {
                String fileName = file.getFileName().toString();
                if (!fileName.startsWith(".")) {
                    names.add(fileName.substring(0, fileName.length() - ".yaml".length()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    private static byte[] readTrusted(Path file, int owner) throws BackendException {
        try (var channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            // Opened without following a link; the specs directory is root's (the user's), so the name the attributes
            // are read by is the file opened.
            PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            String problem = !attrs.isRegularFile() ? "is not a regular file"
                    : uid != owner ? "is owned by uid " + uid + ", not " + owner
                    : attrs.permissions().contains(PosixFilePermission.GROUP_WRITE)
                            || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE)
                    ? "is writable by other users" : null;
            if (problem != null) {
                throw new BackendException(ExitCode.PERMISSION_DENIED, "the installed spec " + file + " " + problem
                        + "; not trusting it", "reinstall the service with 'svcctl install'");
            }
            if (attrs.size() > SpecLoader.MAX_FILE_BYTES) {
                throw new BackendException(ExitCode.INVALID_SPEC, "the installed spec " + file + " is larger than "
                        + SpecLoader.MAX_FILE_BYTES + " bytes", "reinstall the service with 'svcctl install'");
            }
            try (InputStream in = Channels.newInputStream(channel)) {
                return in.readNBytes(SpecLoader.MAX_FILE_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new BackendException(ExitCode.NOT_INSTALLED, "no installed spec " + file,
                    "install the service with 'svcctl install FILE'");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Too many levels of symbolic links")) {
                throw new BackendException(ExitCode.PERMISSION_DENIED, "the installed spec " + file
                        + " is a symbolic link; not following it", "reinstall the service with 'svcctl install'");
            }
            throw new BackendException(ExitCode.FAILED, "cannot read " + file + ": " + e.getMessage(),
                    "check the file's permissions");
        }
    }

    static BackendException notInstalled(String name, Path installed, boolean user) {
        return new BackendException(ExitCode.NOT_INSTALLED, "'" + name + "' is not installed (no " + installed + ")",
                "install it with 'svcctl install FILE'" + (user ? "" : ", or add --user for a user service"));
    }
}
