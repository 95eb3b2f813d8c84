package dev.svcctl.importer;

import static dev.svcctl.windows.ArgvOracle.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.ArgvOracle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The argv every imported NSSM and WinSW test file gives its program is what a real Windows program receives: the
 * command line the wrapper would hand to CreateProcess ({@code "Application" AppParameters}, {@code "executable"
 * arguments}) goes unchanged to CreateProcessW under Wine and printargs.exe reports what its C runtime parsed. Where
 * CommandLineToArgvW reads the line differently, the import must have said so.
 */
class WindowsArgvOracleWineTest {

    @BeforeAll
    static void wine() throws IOException {
        ArgvOracle.assumeAvailable();
    }

    private record Case(String file, String line, ServiceSpec spec, ImportResult result) {
    }

    @Test
    void everyImportedArgvIsWhatTheProgramReceives() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String file : ImportFiles.all("nssm")) {
            SourceFile source = ImportFiles.source(file);
            ImportResult result = new NssmImporter().read(source);
            List<String> lines = NssmImporter.programLines(source);
            assertEquals(result.specs().size(), lines.size(), file);
            for (int i = 0; i < lines.size(); i++) {
                cases.add(new Case(file, lines.get(i), result.specs().get(i), result));
            }
        }
        for (String file : ImportFiles.all("winsw")) {
            SourceFile source = ImportFiles.source(file);
            ImportResult result = new WinswImporter().read(source);
            cases.add(new Case(file, WinswImporter.programLine(source), result.specs().get(0), result));
        }
        assertTrue(cases.size() >= 32, "cases: " + cases.size());

        List<ArgvOracle.Parsed> parsed = ArgvOracle.run(cases.stream().map(Case::line).toList());

        List<String> failures = new ArrayList<>();
        int disagreements = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ArgvOracle.Parsed p = parsed.get(i);
            String context = c.file + " (" + c.spec.name() + ") line=" + show(List.of(c.line));
            if (!p.raw().equals(c.line)) {
                failures.add(context + ": the program saw " + show(List.of(p.raw())));
            }
            if (!p.crt().equals(c.spec.argv())) {
                failures.add(context + ": imported argv " + show(c.spec.argv()) + ", the C runtime gave "
                        + show(p.crt()));
            }
            if (!p.shell().equals(p.crt())) {
                disagreements++;
                boolean said = c.result.warnings().stream()
                        .anyMatch(w -> w.message().contains("CommandLineToArgvW"));
                if (!said) {
                    failures.add(context + ": CommandLineToArgvW gives " + show(p.shell())
                            + " and the import did not warn");
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " imported programs differ");
        assertTrue(disagreements >= 3, "the files must reach inputs where the parsers differ: " + disagreements);
    }
}
