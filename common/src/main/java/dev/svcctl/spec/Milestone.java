package dev.svcctl.spec;

/** Portable start-up milestones a service may wait for. */
public enum Milestone implements SpecWord {
    NETWORK("network"), NETWORK_ONLINE("network-online"), TIME_SYNC("time-sync"), FILESYSTEMS("filesystems");

    private final String key;

    Milestone(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
