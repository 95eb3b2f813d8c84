package dev.svcctl.spec;

/** The signals a spec may name; on Windows TERM and INT mean Ctrl-C, then terminate. */
public enum Signal {
    TERM(15), INT(2), HUP(1), QUIT(3), KILL(9), USR1(10), USR2(12);

    private final int linuxNumber;

    Signal(int linuxNumber) {
        this.linuxNumber = linuxNumber;
    }

    public int linuxNumber() {
        return linuxNumber;
    }

    /** The conventional name with the SIG prefix, as systemd and kill(1) spell it. */
    public String sigName() {
        return "SIG" + name();
    }
}
