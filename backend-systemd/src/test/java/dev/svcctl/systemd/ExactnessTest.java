package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.systemd.sandbox.ProcessImage;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.testing.HostileStrings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exactness against systemd itself: units rendered from hostile arguments and environment values are loaded into a
 * sandboxed systemd 252 and started, and what the kernel shows in /proc/MAINPID/{cmdline,environ,cwd} must equal
 * the spec byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactnessTest {
    /** Keeps the shell itself as the main process (a lone command would be exec'd in its place). */
    static final String HOLD = "while :; do sleep 1000; done";
    static final int BATCH_BYTES = 60_000;

    SystemdSandbox sandbox;
    final SystemdBackend backend = new SystemdBackend();

    @BeforeAll
    void boot() {
        sandbox = SystemdSandbox.bootInModule("exactness");
    }

    @AfterAll
    void shutDown() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static ServiceSpec holding(String name, String exec, List<String> extraArgs, Map<String, String> env) {
        List<String> args = new ArrayList<>(List.of("-c", HOLD, "argv0"));
        args.addAll(extraArgs);
        return ServiceSpec.builder(name, exec).args(args).env(env)
                .restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .stop(new dev.svcctl.spec.StopSpec(dev.svcctl.spec.Signal.KILL, Duration.ofSeconds(5)))
                .build();
    }

    /** Loads and starts the specs in one daemon-reload, and answers what each main process received. */
    List<ProcessImage> run(List<ServiceSpec> specs) throws Exception {
        List<String> units = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            assertEquals(List.of(), backend.check(spec), "the corpus must be renderable");
            String unit = spec.name() + ".service";
            // Every file: the unit, and the private environment file that carries env's values.
            for (dev.svcctl.backend.Artifact artifact : backend.render(spec, RenderOptions.DEFAULT).artifacts()) {
                sandbox.writeFile(artifact.installPath(), artifact.content());
            }
            units.add(unit);
        }
        sandbox.execOk("systemctl", "daemon-reload");
        List<String> start = new ArrayList<>(List.of("systemctl", "start"));
        start.addAll(units);
        sandbox.execOk(start.toArray(String[]::new));
        List<ProcessImage> images = new ArrayList<>();
        for (String unit : units) {
            images.add(sandbox.mainProcess(unit));
        }
        List<String> stop = new ArrayList<>(List.of("systemctl", "stop"));
        stop.addAll(units);
        sandbox.execOk(stop.toArray(String[]::new));
        return images;
    }

    static byte[] nulJoined(List<String> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    static <T> List<List<T>> batches(List<T> items, java.util.function.ToIntFunction<T> size) {
        List<List<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int bytes = 0;
        for (T item : items) {
            int s = size.applyAsInt(item);
            if (!current.isEmpty() && bytes + s > BATCH_BYTES) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += s;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    @Test
    void everyCorpusArgumentReachesTheProgramByteForByte() throws Exception {
        List<String> corpus = HostileStrings.corpus();
        List<List<String>> batches = batches(corpus, s -> s.length() * 4 + 8);
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            specs.add(holding("exact-args-" + i, "/bin/sh", batches.get(i), Map.of()));
        }
        List<ProcessImage> images = run(specs);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            List<String> expected = specs.get(i).argv();
            if (!java.util.Arrays.equals(nulJoined(expected), images.get(i).rawCommandLine())) {
                List<String> got = images.get(i).arguments();
                for (int a = 0; a < Math.max(expected.size(), got.size()); a++) {
                    String e = a < expected.size() ? expected.get(a) : "<none>";
                    String g = a < got.size() ? got.get(a) : "<none>";
                    if (!e.equals(g)) {
                        mismatches.add("argv[" + a + "] expected " + Printable.of(e) + " got " + Printable.of(g));
                    }
                }
            }
        }
        assertTrue(corpus.size() >= 200);
        assertEquals(List.of(), mismatches);
    }

    @Test
    void everyCorpusValueReachesTheEnvironmentByteForByte() throws Exception {
        List<String> corpus = HostileStrings.corpus();
        List<List<String>> batches = batches(corpus, s -> s.length() * 4 + 16);
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            Map<String, String> env = new LinkedHashMap<>();
            for (int v = 0; v < batches.get(i).size(); v++) {
                env.put("V" + v, batches.get(i).get(v));
            }
            specs.add(holding("exact-env-" + i, "/bin/sh", List.of(), env));
        }
        List<ProcessImage> images = run(specs);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, String> received = images.get(i).environmentMap();
            specs.get(i).env().forEach((k, v) -> {
                if (!v.equals(received.get(k))) {
                    mismatches.add(k + " expected " + Printable.of(v) + " got "
                            + (received.containsKey(k) ? Printable.of(received.get(k)) : "<missing>"));
                }
            });
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void hostileExecutablePathsAndWorkingDirectoriesAreTakenLiterally() throws Exception {
        // systemd refuses quotes and backslashes in executable paths (SystemdCheckTest), not in working directories.
        List<String> dirs = List.of("/opt/svcctl exact/a b", "/opt/svcctl exact/100%n $HOME ${X}",
                "/opt/svcctl exact/\"q\" 'a'", "/opt/svcctl exact/日本 😀 עברית", "/opt/svcctl exact/back\\slash\\x",
                "/opt/svcctl exact/semi;colon & |x|", "/opt/svcctl exact/-@:+!");
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            String dir = dirs.get(i);
            // The sandbox's root is an overlay on a tmpfs: these directories never reach the host.
            sandbox.execOk("sh", "-c", "mkdir -p \"$1\" && cp /bin/sh \"$1/sh\"", "sh", dir);
            String exec = backend.check(ServiceSpec.builder("probe", dir + "/sh").build()).isEmpty()
                    ? dir + "/sh" : "/bin/sh";
            ServiceSpec base = holding("exact-path-" + i, exec, List.of(dir), Map.of());
            specs.add(ServiceSpec.builder(base.name(), base.exec()).args(base.args()).restart(base.restart())
                    .stop(base.stop()).workingDirectory(dir).build());
        }
        List<String> mismatches = new ArrayList<>();
        List<String> units = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            assertEquals(List.of(), backend.check(spec));
            sandbox.writeFile("/etc/systemd/system/" + spec.name() + ".service",
                    backend.render(spec, RenderOptions.DEFAULT).artifacts().get(0).content());
            units.add(spec.name() + ".service");
        }
        sandbox.execOk("systemctl", "daemon-reload");
        for (int i = 0; i < specs.size(); i++) {
            sandbox.execOk("systemctl", "start", units.get(i));
            if (sandbox.mainPid(units.get(i)) == 0) {
                mismatches.add(units.get(i) + " did not start: " + sandbox.journal(units.get(i)).strip());
                continue;
            }
            ProcessImage image = sandbox.mainProcess(units.get(i));
            long pid = image.pid();
            String cwd = new String(sandbox.execRaw(new byte[0], "readlink", "/proc/" + pid + "/cwd").stdout(),
                    StandardCharsets.UTF_8);
            sandbox.execOk("systemctl", "stop", units.get(i));
            if (!specs.get(i).argv().equals(image.arguments())) {
                mismatches.add(units.get(i) + " argv " + image.arguments());
            }
            if (!(dirs.get(i) + "\n").equals(cwd)) {
                mismatches.add(units.get(i) + " cwd expected " + Printable.of(dirs.get(i)) + " got " + Printable.of(cwd));
            }
        }
        assertEquals(List.of(), mismatches);
        assertTrue(specs.stream().filter(s -> !s.exec().equals("/bin/sh")).count() >= 4,
                "most hostile directories must also serve as executable paths");
    }

    /** Readable rendering of a string for failure messages. */
    static final class Printable {
        static String of(String s) {
            StringBuilder out = new StringBuilder("\"");
            s.codePoints().limit(200).forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
                    : new String(Character.toChars(c))));
            return out.append(s.length() > 200 ? "...\"(" + s.length() + " chars)" : "\"").toString();
        }
    }
}
