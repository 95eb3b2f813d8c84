package dev.svcctl.spec;

/** What an exit with one given code does, whatever {@code restart.policy} says: {@code restart.onExit}. */
public enum ExitAction {
    /** Restart the program (still counted toward {@code restart.burst}). */
    RESTART,
    /** Do not restart the program: the service stays down. */
    STOP
}
