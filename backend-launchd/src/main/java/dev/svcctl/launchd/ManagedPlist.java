package dev.svcctl.launchd;

import dev.svcctl.backend.ManagedMarker;
import java.util.Optional;

/**
 * An installed plist as svcctl sees it: whether it carries the svcctl marker (ownership), whether its text is still
 * what the marker was written for (drift), and the info comment.
 */
record ManagedPlist(String text, Optional<ManagedMarker> marker, Optional<PlistInfo> info) {

    /** Reads the marker from the first comment line before the {@code <plist>} element. */
    static ManagedPlist parse(String text) {
        Optional<ManagedMarker> marker = Optional.empty();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("<plist")) {
                break;
            }
            if (line.startsWith("<!--")) {
                marker = ManagedMarker.find(line);
                break;
            }
        }
        return new ManagedPlist(text, marker, PlistInfo.find(text));
    }

    boolean owned() {
        return marker.isPresent();
    }

    /** True when someone edited the file after svcctl wrote it. */
    boolean drifted() {
        return marker.map(m -> !m.matches(body(text))).orElse(false);
    }

    /** The text without its marker line: what the marker's body hash covers. */
    static String body(String text) {
        int start = text.indexOf("<!-- " + ManagedMarker.TAG);
        if (start < 0) {
            return text;
        }
        int end = text.indexOf('\n', start);
        return text.substring(0, start) + (end < 0 ? "" : text.substring(end + 1));
    }
}
