package dev.svcctl.systemd;

import dev.svcctl.os.Accounts;
import java.util.Set;

/** Accounts that exist by fiat. */
record FakeAccounts(Set<String> users, Set<String> groups) implements Accounts {
    @Override
    public boolean userExists(String user) {
        return users.contains(user);
    }

    @Override
    public boolean groupExists(String group) {
        return groups.contains(group);
    }
}
