package dev.svcctl.backend;

/**
 * What {@code enable} or {@code disable} found and did for one service: whether it now starts at boot (or at
 * logon, for a user service), and whether this call changed that ({@code false}: it already was so).
 */
public record Enablement(String name, boolean enabled, boolean changed) {
}
