package dev.svcctl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitProgressTest {
    private final List<String> heard = new ArrayList<>();

    private final WaitProgress.Listener listener = new WaitProgress.Listener() {
        @Override
        public void waiting(String what, Duration waited) {
            heard.add(what + " " + waited.toMillis());
        }

        @Override
        public void done() {
            heard.add("done");
        }
    };

    @AfterEach
    void noListener() {
        WaitProgress.listen(null);
    }

    @Test
    void onlyWaitsLongerThanASecondAreReportedAndTheirEnd() {
        WaitProgress.listen(listener);
        try (WaitProgress.Wait wait = WaitProgress.start("api.service to settle")) {
            wait.tick(Duration.ofMillis(500));
            wait.tick(Duration.ofMillis(1000));
        }
        assertEquals(List.of(), heard, "a wait of a second or less is not reported, nor its end");

        try (WaitProgress.Wait wait = WaitProgress.start("api.service to settle")) {
            wait.tick(Duration.ofMillis(900));
            wait.tick(Duration.ofMillis(1200));
            wait.tick(Duration.ofMillis(2400));
        }
        assertEquals(List.of("api.service to settle 1200", "api.service to settle 2400", "done"), heard);
    }

    @Test
    void withoutAListenerNothingHappens() {
        try (WaitProgress.Wait wait = WaitProgress.start("x")) {
            wait.tick(Duration.ofSeconds(5));
        }
        WaitProgress.listen(listener);
        assertEquals(List.of(), heard);
    }
}
