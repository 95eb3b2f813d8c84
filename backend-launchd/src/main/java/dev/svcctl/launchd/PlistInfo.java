package dev.svcctl.launchd;

import dev.svcctl.spec.Signal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What svcctl needs back from an installed plist that launchd keys do not say: the service name (the label may
 * differ) and the reload signal. Written as an XML comment, so a name holding {@code --} (which a comment cannot
 * contain) or ending in {@code -} has its dashes written {@code %2D}; names never contain {@code %}.
 */
record PlistInfo(String name, Optional<Signal> reload) {
    private static final Pattern PATTERN =
            Pattern.compile("<!-- svcctl service=([A-Za-z0-9_.%-]+)(?: reload=SIG([A-Z0-9]+))? -->");

    static PlistInfo of(String name, Optional<Signal> reload) {
        return new PlistInfo(name, reload);
    }

    String text() {
        String encoded = name.contains("--") || name.endsWith("-") ? name.replace("-", "%2D") : name;
        return "svcctl service=" + encoded + reload.map(s -> " reload=" + s.sigName()).orElse("");
    }

    static Optional<PlistInfo> find(String plistText) {
        Matcher m = PATTERN.matcher(plistText);
        if (!m.find()) {
            return Optional.empty();
        }
        Optional<Signal> reload = Optional.empty();
        if (m.group(2) != null) {
            try {
                reload = Optional.of(Signal.valueOf(m.group(2)));
            } catch (IllegalArgumentException unknown) {
                reload = Optional.empty();
            }
        }
        return Optional.of(new PlistInfo(m.group(1).replace("%2D", "-"), reload));
    }
}
