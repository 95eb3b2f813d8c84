package dev.svcctl.backend;

import dev.svcctl.spec.ShortHash;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker every artifact svcctl writes carries in its first comment: proof of ownership (svcctl never touches a
 * file without it), the fingerprint of the spec it came from, and a hash of the rest of the file, so that a hand
 * edit (drift) shows without the spec at hand.
 */
public record ManagedMarker(String specFingerprint, String bodyHash) {
    public static final String TAG = "svcctl-managed";
    private static final Pattern PATTERN =
            Pattern.compile(TAG + " spec=([0-9a-f]+) body=([0-9a-f]+)");

    /** The marker text for a file whose body (everything after the marker line) is {@code body}. */
    public static ManagedMarker of(String specFingerprint, String body) {
        return new ManagedMarker(specFingerprint, hash(body));
    }

    /** The words that go inside the comment, e.g. {@code svcctl-managed spec=... body=...}. */
    public String text() {
        return TAG + " spec=" + specFingerprint + " body=" + bodyHash;
    }

    /** Finds the marker in a file's first line, if there is one. */
    public static Optional<ManagedMarker> find(String firstLine) {
        Matcher m = PATTERN.matcher(firstLine);
        return m.find() ? Optional.of(new ManagedMarker(m.group(1), m.group(2))) : Optional.empty();
    }

    /** A marker found in a file, and the file's text without the marker's line (what the body hash covers). */
    public record Located(ManagedMarker marker, String body) {
        /** True when the file was edited after svcctl wrote it. */
        public boolean drifted() {
            return !marker.matches(body);
        }
    }

    /** How many leading lines may hold the marker (a plist needs its XML declaration and DOCTYPE first). */
    static final int MARKER_LINES = 3;

    /** The marker in one of the first lines of {@code content}, if any. */
    public static Optional<Located> locate(String content) {
        int start = 0;
        for (int line = 0; line < MARKER_LINES && start <= content.length(); line++) {
            int end = content.indexOf('\n', start);
            String text = end < 0 ? content.substring(start) : content.substring(start, end);
            Optional<ManagedMarker> marker = find(text);
            if (marker.isPresent()) {
                String body = content.substring(0, start) + (end < 0 ? "" : content.substring(end + 1));
                return Optional.of(new Located(marker.get(), body));
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    /** Whether {@code body} is still what this marker was written for. */
    public boolean matches(String body) {
        return bodyHash.equals(hash(body));
    }

    public static String hash(String text) {
        return ShortHash.of(text);
    }
}
