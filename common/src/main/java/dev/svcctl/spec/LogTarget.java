package dev.svcctl.spec;

/** Where a stream goes; DEFAULT means the journal on systemd and a file elsewhere. */
public enum LogTarget { DEFAULT, FILE, JOURNAL, INHERIT, DISCARD }
