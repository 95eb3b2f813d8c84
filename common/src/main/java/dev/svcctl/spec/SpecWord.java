package dev.svcctl.spec;

/**
 * An enum whose spec spelling is not its constant's name in lower case with '-' for '_' ({@code network-online},
 * {@code ctrlC}, {@code runKey}): the reader and the writer both take {@link #key()}.
 */
public interface SpecWord {
    /** The spelling used in the spec. */
    String key();
}
