package dev.svcctl.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.EnvironmentFile;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What 'svcctl cat' reads: svcctl's files only, each value of env masked whatever file it is in. */
class InstalledFilesTest {
    private final MemoryArtifactFiles files = new MemoryArtifactFiles();
    private final InstallEngine engine = new InstallEngine(files);

    private void write(String path, String text, int mode) throws Exception {
        files.write(path, text.getBytes(StandardCharsets.UTF_8), mode, Optional.empty(), "test");
    }

    @Test
    void foreignAndAbsentFilesAreLeftOutAndValuesAreMaskedInEveryKindOfFile() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOKEN", "hunter2");
        env.put("QUOTED", "a \"b\" \\ c\nnext line");
        ServiceSpec spec = ServiceSpec.builder("api", "/usr/bin/api").env(env).build();
        String unitBody = "[Service]\nExecStart=/usr/bin/api\n";
        write("/etc/systemd/system/api.service", "# " + ManagedMarker.of("f", unitBody).text() + "\n" + unitBody,
                0644);
        write("/etc/svcctl/env/api.env", EnvironmentFile.text(ManagedMarker.of("f", "x").text(), env), 0600);
        Artifact copy = SpecCopy.of(spec, "/etc/svcctl/services/api.yaml");
        write(copy.installPath(), copy.content(), 0600);
        write("/etc/systemd/system/theirs.service", "[Service]\nEnvironment=T=hunter2\n", 0644);
        write("/etc/svcctl/other/private.plist", "# " + ManagedMarker.of("f", "v").text() + "\nhunter2\n", 0600);

        List<Artifact> shown = InstalledFiles.read(engine, List.of("/etc/systemd/system/api.service",
                "/etc/svcctl/env/api.env", "/etc/svcctl/services/api.yaml", "/etc/systemd/system/theirs.service",
                "/etc/systemd/system/absent.service", "/etc/svcctl/other/private.plist"));

        assertEquals(List.of("/etc/systemd/system/api.service", "/etc/svcctl/env/api.env",
                "/etc/svcctl/services/api.yaml", "/etc/svcctl/other/private.plist"),
                shown.stream().map(Artifact::installPath).toList(), "a file svcctl did not write is never read out");
        for (Artifact file : shown) {
            assertFalse(file.printable().contains("hunter2"), file.printable());
            assertFalse(file.printable().contains("next line"), file.printable());
        }
        assertEquals(unitBody, shown.get(0).printable().substring(shown.get(0).printable().indexOf('\n') + 1));
        assertTrue(shown.get(1).printable().endsWith("TOKEN=<secret: 7 bytes>\nQUOTED=<secret: 19 bytes>\n"),
                shown.get(1).printable());
        assertTrue(shown.get(2).printable().contains("\"TOKEN\": \"<secret: 7 bytes>\""), shown.get(2).printable());
        assertEquals(InstalledFiles.NOT_SHOWN, shown.get(3).printable());
        assertEquals(0600, shown.get(1).mode());
    }

    @Test
    void anEnvironmentFileEditedOutOfItsFormatIsNotShownAtAll() {
        assertEquals(Optional.empty(), EnvironmentFile.masked("TOKEN=hunter2\n"));
        assertEquals(Optional.empty(), EnvironmentFile.masked("TOKEN=\"unterminated\n"));
        assertEquals(Optional.of("# c\nA=<secret: 1 byte>\n"), EnvironmentFile.masked("# c\nA=\"x\"\n"));
    }
}
