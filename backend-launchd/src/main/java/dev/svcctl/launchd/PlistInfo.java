package dev.svcctl.launchd;

import dev.svcctl.spec.Signal;
import dev.svcctl.spec.Startup;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What svcctl needs back from an installed plist that launchd keys do not say: the service name (the label may
 * differ), the reload signal and whether the start-up is manual or disabled. Written as an XML comment, so a name holding {@code --} (which a comment cannot
 * contain) or ending in {@code -} has its dashes written {@code %2D}; names never contain {@code %}.
 */
record PlistInfo(String name, Optional<Signal> reload, Startup startup) {
    private static final Pattern PATTERN = Pattern.compile(
            "<!-- svcctl service=([A-Za-z0-9_.%-]+)(?: reload=SIG([A-Z0-9]+))?(?: startup=([a-z]+))? -->");

    String text() {
        String encoded = name.contains("--") || name.endsWith("-") ? name.replace("-", "%2D") : name;
        return "svcctl service=" + encoded + reload.map(s -> " reload=" + s.sigName()).orElse("")
                + (startup == Startup.MANUAL || startup == Startup.DISABLED
                ? " startup=" + startup.name().toLowerCase(Locale.ROOT) : "");
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
        Startup startup = m.group(3) == null ? Startup.AUTO : switch (m.group(3)) {
            case "manual" -> Startup.MANUAL;
            case "disabled" -> Startup.DISABLED;
            default -> Startup.AUTO;
        };
        return Optional.of(new PlistInfo(m.group(1).replace("%2D", "-"), reload, startup));
    }
}
