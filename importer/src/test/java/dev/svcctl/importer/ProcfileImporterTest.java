package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ServiceSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcfileImporterTest {
    @Test
    void theShellIsWrittenOutAndTheCommandKeptAsWritten() throws Exception {
        ServiceSpec s = new ProcfileImporter().read(new SourceFile("/app/Procfile", "web:   echo \"$PORT\" 'x'  \n"))
                .specs().get(0);
        assertEquals(List.of("/bin/sh", "-c", "echo \"$PORT\" 'x'  "), s.argv());
        assertEquals(Optional.of("/app"), s.workingDirectory());
    }

    @Test
    void aNameSvcctlRefusesIsAnErrorAtItsLine() {
        ImportException e = assertThrows(ImportException.class, () -> new ProcfileImporter().read(
                new SourceFile("Procfile", "# c\nweb: a\n_private: b\n")));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("_private"), e.getMessage());
        assertEquals(3, assertThrows(ImportException.class, () -> new ProcfileImporter().read(
                new SourceFile("Procfile", "web: a\n\nweb: b\n"))).line());
        assertEquals(2, assertThrows(ImportException.class, () -> new ProcfileImporter().read(
                new SourceFile("Procfile", "web: a\nnul: b\n"))).line());
    }

    @Test
    void recognizedByNameOrContent() {
        ProcfileImporter p = new ProcfileImporter();
        assertTrue(p.recognizes(new SourceFile("/srv/app/Procfile", "")));
        assertTrue(p.recognizes(new SourceFile("Procfile.dev", "anything")));
        assertTrue(p.recognizes(new SourceFile("procs.txt", "# x\nweb: run\nworker: work\n")));
        assertFalse(p.recognizes(new SourceFile("a.yaml", "name: x\nargs: [a]\nenv: {A: b}\n")));
        assertFalse(p.recognizes(new SourceFile("a.service", "[Service]\nExecStart=/bin/x\n")));
    }
}
