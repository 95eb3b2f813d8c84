package dev.svcctl.os;

import java.io.IOException;

/** The user/group lookup port: whether an account exists on the host. */
public interface Accounts {
    boolean userExists(String user) throws IOException;

    boolean groupExists(String group) throws IOException;
}
