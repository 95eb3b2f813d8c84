package dev.svcctl.launchd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link PlistFiles} on the local file system, with java.nio. */
final class LocalPlistFiles implements PlistFiles {

    @Override
    public List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void setOwner(Path dir, Optional<String> user, Optional<String> group) throws IOException {
        var lookup = dir.getFileSystem().getUserPrincipalLookupService();
        var view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (user.isPresent()) {
            view.setOwner(lookup.lookupPrincipalByName(user.get()));
        }
        if (group.isPresent()) {
            view.setGroup(lookup.lookupPrincipalByGroupName(group.get()));
        }
    }

    @Override
    public boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
