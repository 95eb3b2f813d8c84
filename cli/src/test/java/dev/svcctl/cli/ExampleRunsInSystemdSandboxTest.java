package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.ProcessImage;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example, rendered by the CLI, runs under a real systemd with exactly the spec's argv and env. */
@ExtendWith(SystemdSandboxExtension.class)
class ExampleRunsInSystemdSandboxTest {

    @Test
    void helloExampleStartsWithTheSpecsArgumentsAndEnvironment(SystemdSandbox sandbox) throws Exception {
        Path root = Path.of("target/example-in-sandbox");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "render", "../examples/hello.yaml", "--backend", "systemd", "-o", root.toString());
        assertEquals(0, exit, err.toString());

        // The unit and the private file with env's values that it loads (EnvironmentFile=).
        sandbox.writeFile("/etc/svcctl/env/hello.env", Files.readString(root.resolve("etc/svcctl/env/hello.env")));
        sandbox.installUnit("hello.service", Files.readString(root.resolve("etc/systemd/system/hello.service")));
        assertTrue(sandbox.systemctl("start", "hello.service").ok(), sandbox.journal("hello.service"));
        ProcessImage main = sandbox.mainProcess("hello.service");

        assertEquals(List.of("/bin/sh", "-c", "while true; do echo \"hello from $SVC_NAME\"; sleep 5; done"),
                main.arguments());
        assertEquals("svcctl", main.environmentMap().get("SVC_NAME"));
        assertTrue(sandbox.systemctl("stop", "hello.service").ok());
    }
}
