package dev.svcctl.spec;

/** How far the platform confines the program; docs/spec.md says what each preset sets on each platform. */
public enum Hardening { NONE, BASIC, STRICT }
