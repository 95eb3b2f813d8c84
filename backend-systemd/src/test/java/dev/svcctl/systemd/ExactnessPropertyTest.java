package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.systemd.sandbox.ProcessImage;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random strings through the same path as {@link ExactnessTest}: render, load into systemd, start, read /proc. */
class ExactnessPropertyTest {
    static SystemdSandbox sandbox;
    static int serial;

    @BeforeContainer
    static void boot() {
        sandbox = SystemdSandbox.bootInModule("exactness-property");
    }

    @AfterContainer
    static void shutDown() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of((int) '"', (int) '\\', (int) '$', (int) '%', (int) ' ',
                        (int) '\t', (int) '\n', (int) '\'', (int) ';', (int) '{', (int) '}', (int) '@', (int) '-')),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x01, 0x1f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xa0, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        // Noncharacters are refused by check() (systemd will not load them); SystemdCheckTest covers that.
        return codePoint.filter(cp -> !SystemdBackend.isNoncharacter(cp)).list().ofMaxSize(40).map(cps -> {
            StringBuilder s = new StringBuilder();
            cps.forEach(s::appendCodePoint);
            return s.toString();
        });
    }

    @Property(tries = 30)
    void randomArgumentsAndValuesReachTheProgramExactly(
            @ForAll("argLists") List<String> args, @ForAll("argLists") List<String> values) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            env.put("P" + i, values.get(i));
        }
        ServiceSpec spec = ExactnessTest.holding("prop-" + serial++, "/bin/sh", args, env);
        assertEquals(List.of(), new SystemdBackend().check(spec));
        String unit = spec.name() + ".service";
        // The unit and the private environment file that carries env's values.
        for (dev.svcctl.backend.Artifact artifact : new SystemdBackend().render(spec, RenderOptions.DEFAULT)
                .artifacts()) {
            sandbox.writeFile(artifact.installPath(), artifact.content());
        }
        sandbox.execOk("systemctl", "daemon-reload");
        sandbox.execOk("systemctl", "start", unit);
        ProcessImage image = sandbox.mainProcess(unit);
        sandbox.execOk("systemctl", "stop", unit);
        assertEquals(spec.argv(), image.arguments());
        Map<String, String> received = image.environmentMap();
        env.forEach((k, v) -> assertEquals(v, received.get(k), k));
    }

    @Provide
    Arbitrary<List<String>> argLists() {
        return hostile().list().ofMaxSize(12);
    }
}
