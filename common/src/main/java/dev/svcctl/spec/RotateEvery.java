package dev.svcctl.spec;

public enum RotateEvery { NONE, HOURLY, DAILY, WEEKLY }
