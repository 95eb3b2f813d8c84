package dev.svcctl.windows;

import dev.svcctl.backend.Host;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.ServiceSpec;
import java.util.List;

/** Loaded by NoJnaOnTheRenderPathTest in a class loader without JNA. */
public final class RenderWithoutJna {
    private RenderWithoutJna() {
    }

    public static List<String> run() throws Exception {
        WindowsBackend backend = new WindowsBackend();
        Host windows = new Host() {
            @Override
            public String osName() {
                return "Windows Server 2022";
            }

            @Override
            public boolean exists(String path) {
                return false;
            }
        };
        ServiceSpec spec = ServiceSpec.builder("web", "C:\\web\\web.exe").args("a b").build();
        return List.of(backend.id(), String.valueOf(backend.detect(windows)),
                String.valueOf(backend.check(spec).size()),
                String.valueOf(backend.render(spec, RenderOptions.DEFAULT).registration().get("binaryPath")));
    }
}
