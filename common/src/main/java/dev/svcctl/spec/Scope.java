package dev.svcctl.spec;

public enum Scope { SYSTEM, USER }
