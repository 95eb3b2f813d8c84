package dev.svcctl.spec;

public enum Startup { AUTO, DELAYED, MANUAL, DISABLED }
