package dev.svcctl.spec;

/** Who runs the program: the init system itself, or {@code svcctl run} under the init system. */
public enum SupervisorMode { AUTO, NATIVE, SVCCTL }
