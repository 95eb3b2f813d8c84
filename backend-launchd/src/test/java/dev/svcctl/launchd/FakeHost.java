package dev.svcctl.launchd;

/** A user described by the test: uid, home and PATH. */
record FakeHost(long uid, String home, String path) implements LaunchdHost {
    static final FakeHost ALICE = new FakeHost(501, "/Users/alice", "/usr/bin:/bin");
    static final FakeHost ROOT = new FakeHost(0, "/var/root", "/usr/bin:/bin");
}
