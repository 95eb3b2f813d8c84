package dev.svcctl.spec;

/** A validated spec together with where its keys were written. */
public record LoadedSpec(ServiceSpec spec, SourceMap sources) {
}
