package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import dev.svcctl.testing.HostileStrings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code render} shows is what a real SCM stores: scmapply.exe registers each rendered service in Wine's SCM
 * (CreateService, description, preshutdown), reads it back with QueryServiceConfig/QueryServiceConfig2 and deletes
 * it; every value must come back as rendered, the preshutdown timeout derived from stop.timeout included (every
 * fourth spec sets none).
 */
class RenderedRegistrationWineTest {
    private static Path apply;

    @BeforeAll
    static void build() throws Exception {
        WineTools.assumeAvailable();
        apply = WineTools.compile("scmapply.exe", List.of("scmapply.c"), "-municode", "-ladvapi32");
    }

    @Test
    void scmStoresEveryRenderedValueExactly() throws Exception {
        WindowsBackend backend = new WindowsBackend();
        List<String> texts = HostileStrings.printable().stream().filter(s -> !s.isEmpty() && s.length() <= 256
                && s.equals(s.strip())).limit(40).toList();
        List<String> failures = new ArrayList<>();
        StringBuilder stdin = new StringBuilder();
        List<Map<String, String>> inputs = new ArrayList<>();
        int i = 0;
        for (String text : texts) {
            String name = "reg-" + UUID.randomUUID().toString().substring(0, 8);
            ServiceSpec spec = ServiceSpec.builder(name, "C:\\app\\app.exe").displayName(text)
                    .description("about " + text).startup(Startup.values()[i % Startup.values().length])
                    .platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                            i % 2 == 0 ? "LocalService" : "LocalSystem", Optional.empty(),
                            PlatformSpec.FailureActions.AUTO,
                            i % 4 == 1 ? Optional.empty() : Optional.of(Duration.ofSeconds(90 + i)), true),
                            PlatformSpec.Launchd.DEFAULT)).build();
            String home = i % 3 == 0 ? "C:\\Program Files\\svc ctl\\ünï 日本" : "C:\\svcctl";
            String java = i % 2 == 0 ? "C:\\Program Files\\Java\\jdk-17 (x64)" : "D:\\jre";
            Map<String, Object> r = backend.render(spec, new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false,
                    Optional.of(home), Optional.of(java))).registration();
            i++;

            Map<String, String> input = new LinkedHashMap<>();
            input.put("name", hex(name));
            input.put("display", hex((String) r.get("displayName")));
            input.put("binary", hex((String) r.get("binaryPath")));
            input.put("account", hex((String) r.get("account")));
            input.put("description", hex((String) r.get("description")));
            int start = ScmRegistration.StartType.valueOf(((String) r.get("startType")).toUpperCase()).win32();
            input.put("start", Integer.toString(start));
            input.put("preshutdown", String.valueOf(r.get("preshutdownTimeoutMs")));
            input.forEach((k, v) -> stdin.append(k).append('=').append(v).append('\n'));
            stdin.append("apply\n");
            inputs.add(input);
        }

        WineTools.Result result = WineTools.wine(apply, List.of(), stdin.toString(), 300);
        List<Map<String, String>> outputs = new ArrayList<>();
        Map<String, String> back = new LinkedHashMap<>();
        for (String line : result.stdout().split("\r?\n")) {
            if (line.equals("done")) {
                outputs.add(back);
                back = new LinkedHashMap<>();
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                back.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals(inputs.size(), outputs.size(), result.stdout());
        for (int k = 0; k < inputs.size(); k++) {
            Map<String, String> input = inputs.get(k);
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("create", "ok");
            expected.put("display", input.get("display"));
            expected.put("binary", input.get("binary"));
            expected.put("account", input.get("account"));
            expected.put("start", input.get("start"));
            expected.put("description", input.get("description"));
            expected.put("preshutdown", input.get("preshutdown"));
            expected.put("delete", "ok");
            if (!expected.equals(outputs.get(k))) {
                failures.add("display name «" + texts.get(k) + "»: expected " + expected + " got " + outputs.get(k));
            }
        }
        assertEquals(List.of(), failures);
    }

    private static String hex(String s) {
        return ArgvOracle.hex(s);
    }
}
