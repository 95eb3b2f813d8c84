package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * One svcctl subcommand: its picocli model and what it does with what picocli parsed. The model is built in code,
 * not from annotations: picocli reads annotations through reflection and annotation proxies, which cost a short
 * run more than everything else it does, and a model is built on every call. {@link Options} holds the options
 * that several commands share.
 */
interface Subcommand {
    /** A fresh model of this command with this object as its user object, but without the help options. */
    CommandSpec spec();

    /** Runs the command with the values picocli parsed into its model; answers the exit code. */
    int run(Invocation call) throws Exception;
}
