package dev.svcctl.spec;

/** What a stop ends: the program's whole process tree, or its main process only (its children live on). */
public enum StopMode { GROUP, PROCESS }
