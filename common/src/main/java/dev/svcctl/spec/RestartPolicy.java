package dev.svcctl.spec;

public enum RestartPolicy { ALWAYS, ON_FAILURE, NEVER }
