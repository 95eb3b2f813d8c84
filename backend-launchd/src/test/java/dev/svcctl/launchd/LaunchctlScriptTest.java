package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * End to end through the real process runner and the real file system: a fake {@code launchctl} shell script on a
 * PATH the test controls records the exact argv it receives and answers like launchctl does (print output from the
 * fixtures, whose sources are in src/test/resources/launchctl/SOURCES.md; "Could not find service" with exit 113
 * as quoted in TencentCloud/Octop#838). Everything lives under target/.
 */
class LaunchctlScriptTest {
    private static final String SCRIPT = String.join("\n",
            "#!/bin/sh",
            "state='@STATE@'",
            "home='@HOME@'",
            "{ for a in \"$@\"; do printf '%s\\037' \"$a\"; done; printf '\\n'; } >> \"$state/calls.log\"",
            "verb=$1; shift",
            "case \"$verb\" in",
            "  print)",
            "    case \"$1\" in",
            "      */*/*) label=${1##*/}",
            "        if [ -f \"$state/loaded-$label\" ]; then sed \"s#^system/worker = {#$1 = {#\" \"$state/print-running.txt\"; exit 0; fi",
            "        echo \"Could not find service \\\"$label\\\" in domain for user gui: 501\" >&2; exit 113;;",
            "      *) cat \"$state/print-domain.txt\"; exit 0;;",
            "    esac;;",
            "  bootstrap) label=$(basename \"$2\" .plist)",
            "    if [ -f \"$state/loaded-$label\" ]; then echo 'Bootstrap failed: 5: Input/output error' >&2; exit 5; fi",
            "    touch \"$state/loaded-$label\";;",
            "  bootout) label=${1##*/}",
            "    if [ -f \"$home/Library/LaunchAgents/$label.plist\" ]; then echo plist-present-at-bootout >> \"$state/calls.log\"; fi",
            "    rm -f \"$state/loaded-$label\";;",
            "  enable|disable|kickstart|kill) ;;",
            "  *) echo \"Unrecognized subcommand: $verb\" >&2; exit 64;;",
            "esac",
            "exit 0",
            "");

    @Test
    void installStatusRestartUninstallThroughALaunchctlOnPath() throws Exception {
        Path sandbox = Sandbox.dir("launchctl-script");
        Path bin = Files.createDirectories(sandbox.resolve("bin"));
        Path state = Files.createDirectories(sandbox.resolve("state"));
        Path home = Files.createDirectories(sandbox.resolve("home"));
        Files.writeString(state.resolve("print-running.txt"), Fixtures.read("print-running.txt"));
        Files.writeString(state.resolve("print-domain.txt"), Fixtures.read("print-domain-system.txt"));
        Path launchctl = bin.resolve("launchctl");
        Files.writeString(launchctl, SCRIPT.replace("@STATE@", state.toString()).replace("@HOME@", home.toString()));
        Files.setPosixFilePermissions(launchctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path calls = state.resolve("calls.log");
        FakeHost host = new FakeHost(501, home.toString(), bin + ":/usr/bin:/bin");
        LaunchdBackend backend = new LaunchdBackend(new CommonsExecProcessRunner(), new LocalPlistFiles(), host);
        ServiceSpec spec = ServiceSpec.builder("worker", "/bin/sleep").args("1000", "a b & <c>")
                .env(Map.of("GREETING", "héllo 😀")).scope(Scope.USER).build();
        Path plist = home.resolve("Library/LaunchAgents/worker.plist");

        InstallResult installed = backend.install(List.of(spec), InstallOptions.DEFAULT).get(0);

        assertEquals(InstallResult.Action.CREATED, installed.action());
        assertEquals(Optional.of(ServiceState.RUNNING), installed.state());
        assertEquals(List.of(
                List.of(launchctl.toString(), "print", "gui/501/worker"),
                List.of(launchctl.toString(), "enable", "gui/501/worker"),
                List.of(launchctl.toString(), "bootstrap", "gui/501", plist.toString()),
                List.of(launchctl.toString(), "print", "gui/501/worker")), calls(calls, launchctl));
        // Private: the plist holds the spec's env values (EnvironmentVariables), which other users must not read.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(plist)));
        Map<String, Object> parsed = PlistLib.parse(plist);
        assertEquals(spec.argv(), parsed.get("ProgramArguments"));
        assertEquals(spec.env(), parsed.get("EnvironmentVariables"));
        assertEquals(home + "/Library/Logs/svcctl/worker/stdout.log", parsed.get("StandardOutPath"));
        assertTrue(Files.isDirectory(home.resolve("Library/Logs/svcctl/worker")));

        Files.delete(calls);
        ServiceStatus status = backend.status(List.of("worker"), true).get(0);
        assertEquals(ServiceState.RUNNING, status.state());
        assertEquals(OptionalLong.of(4242), status.pid());
        assertEquals(List.of(List.of(launchctl.toString(), "print", "gui/501"),
                List.of(launchctl.toString(), "print", "gui/501/worker")), calls(calls, launchctl));

        Files.delete(calls);
        backend.restart(List.of("worker"), true);
        assertEquals(List.of(List.of(launchctl.toString(), "print", "gui/501/worker"),
                List.of(launchctl.toString(), "kickstart", "-k", "gui/501/worker")), calls(calls, launchctl));

        Files.delete(calls);
        backend.uninstall(List.of("worker"), new InstallOptions(false, false, false, false, true, Optional.empty()));
        assertEquals(List.of("print\u001fgui/501/worker\u001f", "bootout\u001fgui/501/worker\u001f",
                "plist-present-at-bootout"), Files.readAllLines(calls),
                "bootout happens while the plist is still there, then the plist goes");
        assertFalse(Files.exists(plist));
        assertTrue(Files.isDirectory(home.resolve("Library/Logs/svcctl/worker")), "logs are kept");
        assertEquals(ServiceState.NOT_INSTALLED, backend.status(List.of("worker"), true).get(0).state());
    }

    /** The script records $@ only (no argv[0]); prefix the command as the runner passed it. */
    private static List<List<String>> calls(Path log, Path launchctl) throws Exception {
        return Files.readAllLines(log).stream().map(line -> {
            List<String> args = new java.util.ArrayList<>(List.of(launchctl.toString()));
            args.addAll(Arrays.asList(line.split("\u001f")));
            return List.copyOf(args);
        }).toList();
    }
}
