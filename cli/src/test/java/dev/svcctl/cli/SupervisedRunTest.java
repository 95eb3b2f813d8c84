package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The picocli-free path of {@code svcctl run}: which invocations take it, and that it behaves as picocli's does. */
class SupervisedRunTest {

    @Test
    void thePlainFormsSkipPicocli() {
        assertTrue(SupervisedRun.plainInvocation("run", "app.yaml").isPresent());
        assertTrue(SupervisedRun.plainInvocation("run", "a.yaml", "b.yaml").isPresent(), "several files too");
        assertTrue(SupervisedRun.plainInvocation("run", "--name", "app").isPresent());
        assertTrue(SupervisedRun.plainInvocation("run", "--name", "app", "--user").isPresent());
        assertTrue(SupervisedRun.plainInvocation("run", "--user", "--name", "app").isPresent());
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (String[] args : new String[][] {
                {"run"}, {"run", "--help"}, {"run", "-h"}, {"run", "-v", "app.yaml"}, {"run", "app.yaml", "-v"},
                {"run", "--name=app"}, {"run", "app.yaml", "--user"}, {"run", "@args"}, {"run", "--", "app.yaml"},
                {"run", "a.yaml", "-v", "b.yaml"}, {"run", "--name", "--user"}, {"run", "--name", "app", "--verbose"},
                {"run", ""}, {"validate", "app.yaml"}, {"--verbose", "run", "app.yaml"}}) {
            assertEquals(Optional.empty(), SupervisedRun.plainInvocation(args).map(r -> "taken"), String.join(" ", args));
        }
    }

    @Test
    void failuresAreReportedAsThroughPicocli() {
        String[] args = {"run", "--name", "svcctl-test-surely-not-installed"};
        StringWriter viaPicocli = new StringWriter();
        int picocliCode = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(viaPicocli), args);
        StringWriter direct = new StringWriter();
        int directCode = Failures.report(captureFailure(args), new PrintWriter(direct, true));
        assertEquals(4, picocliCode);
        assertEquals(picocliCode, directCode);
        assertEquals(viaPicocli.toString(), direct.toString());
    }

    private static Exception captureFailure(String... args) {
        try {
            SupervisedRun.plainInvocation(args).orElseThrow().call();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the run should have failed");
    }
}
