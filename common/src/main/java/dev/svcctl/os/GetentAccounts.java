package dev.svcctl.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Looks accounts up with getent(1), which also sees NSS sources (LDAP, sssd) that /etc/passwd does not list. */
public final class GetentAccounts implements Accounts {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ProcessRunner runner;

    public GetentAccounts(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public boolean userExists(String user) throws IOException {
        return lookup("passwd", user);
    }

    @Override
    public boolean groupExists(String group) throws IOException {
        return lookup("group", group);
    }

    private boolean lookup(String database, String key) throws IOException {
        ProcessRunner.Result result = runner.run(List.of("getent", database, key), TIMEOUT);
        if (result.exitCode() == 2) {
            return false;
        }
        if (!result.ok()) {
            throw new IOException("getent " + database + " " + key + " failed: " + result.stderr().strip());
        }
        return true;
    }
}
