package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A shared host's dispatcher table under Wine's SCM: sharehost.c does towards the SCM what {@code svcctl host
 * --group} does (every service of the group, read at its start, in one StartServiceCtrlDispatcher table, a service
 * main and handler per service, each reporting SERVICE_WIN32_SHARE_PROCESS itself), and sharereplay.c drives the
 * life of a group: two services started, one stopped while the other runs, a third installed later, the last stopped,
 * starts again.
 *
 * <p>What Wine can show: services.exe accepts the type and a table of several services, starts each one through its
 * own entry, and delivers STOP to that service alone. What it cannot: Wine 8's services.exe shares a process only
 * among kernel drivers (winedevice.exe, by load order group) and starts a new process for every other service, of
 * any type (service_start_process in programs/services/services.c). So two services of one image path never share
 * a process here, and the 1083 of a service missing from a running process's table cannot happen. The facts that
 * depend on sharing are asserted as Wine has them, so this test fails, and says so, if a Wine version starts sharing;
 * the Windows behaviour is what the in-memory SCM models (WindowsSharedGroupOperationsTest) and what the real-Windows
 * workflow must prove.
 */
class SharedProcessWineTest {

    @Test
    void servicesOfOneImagePathShareAProcessWhoseTableIsFixedAtItsStart() throws Exception {
        WineTools.assumeAvailable();
        Path host = WineTools.compile("sharehost.exe", List.of("sharehost.c"), "-municode", "-ladvapi32");
        Path replay = WineTools.compile("sharereplay.exe", List.of("sharereplay.c"), "-municode", "-ladvapi32");
        String prefix = "svcctl-share-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = WineTools.driveC().resolve(prefix);
        Files.createDirectories(dir);
        Files.copy(host, dir.resolve("sharehost.exe"), StandardCopyOption.REPLACE_EXISTING);
        WineTools.Result run = WineTools.wine(replay, List.of(), "dir=" + hex("C:\\" + prefix) + "\nprefix=" + prefix
                + "\n", 240);
        Map<String, String> facts = new LinkedHashMap<>();
        for (String l : run.stdout().split("\r?\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                facts.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        String context = run.stdout() + run.stderr();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("create", "ok");
        expected.put("start-a", "ok");
        expected.put("a-running", "yes");
        expected.put("start-b", "ok");
        expected.put("b-running", "yes");
        expected.put("one-process", WINE_SHARES ? "yes" : "no");
        expected.put("stop-a", "ok");
        expected.put("a-stopped", "yes");
        expected.put("b-after-stop-a", "running");
        expected.put("host-after-stop-a", WINE_SHARES ? "alive" : "gone");
        expected.put("create-c", "ok");
        expected.put("start-c-while-running", WINE_SHARES ? "error 1083" : "ok");
        expected.put("c-after-start", WINE_SHARES ? "stopped" : "running");
        expected.put("restart-a-same-process", "ok");
        expected.put("a-running-again", "yes");
        expected.put("a-same-process", WINE_SHARES ? "yes" : "no");
        expected.put("stop-b", "ok");
        expected.put("b-stopped", "yes");
        expected.put("host-after-last", "ended");
        expected.put("start-c-new-process", "ok");
        expected.put("c-running", "yes");
        expected.put("start-a-with-c", "ok");
        expected.put("a-running-with-c", "yes");
        expected.put("new-process", "yes");
        expected.put("a-with-c-one-process", WINE_SHARES ? "yes" : "no");
        expected.put("delete", "ok");
        Map<String, String> got = new LinkedHashMap<>();
        expected.keySet().forEach(k -> got.put(k, facts.get(k)));
        assertEquals(expected, got, "Wine " + (WINE_SHARES ? "was expected to share" : "8 shares no process between"
                + " SERVICE_WIN32_SHARE_PROCESS services (only drivers); if it does now, set WINE_SHARES") + "\n"
                + context);
    }

    /**
     * Whether Wine's SCM runs SERVICE_WIN32_SHARE_PROCESS services of one image path in one process, as Windows
     * does; false for Wine 8 (see the class comment). With true, the expectations are Windows' own.
     */
    static final boolean WINE_SHARES = false;

    private static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(String.format("%04x", (int) c));
        }
        return out.toString();
    }
}
