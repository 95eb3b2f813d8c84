package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.cli.serve.ApiServer;
import dev.svcctl.cli.serve.ApiToken;
import dev.svcctl.cli.serve.PemTls;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.StepPauses;
import dev.svcctl.os.FileRoot;
import dev.svcctl.spec.Durations;
import dev.svcctl.spec.Scope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Model.CommandSpec;

/** {@code svcctl serve}: the status API, metrics and status page over the same backend as the other commands. */
final class ServeCommand implements Subcommand {
    static final String DEFAULT_LISTEN = "127.0.0.1:9860";
    private static final int THREADS = 8;

    @Override
    public CommandSpec spec() {
        return Options.command(this, "serve", "Serve the services' status, actions, logs and Prometheus metrics over"
                        + " HTTP(S), with a status page; every endpoint but /healthz needs the token (docs/serve.md).")
                .addOption(Options.valued(String.class, "ADDR:PORT", "Where to listen (default: " + DEFAULT_LISTEN
                        + "); an address other than loopback needs --tls-cert and --tls-key.", "--listen")
                        .defaultValue(DEFAULT_LISTEN).build())
                .addOption(Options.valued(Path.class, "PATH", "The bearer token's file, made with a new random token"
                        + " (mode 0600) when absent (default: /etc/svcctl/api-token, with --user"
                        + " ~/.config/svcctl/api-token).", "--token-file").build())
                .addOption(Options.valued(Path.class, "PEM", "Serve HTTPS with this certificate chain (PEM, the"
                        + " server's certificate first).", "--tls-cert").build())
                .addOption(Options.valued(Path.class, "PEM", "The private key of --tls-cert (PEM, PKCS#8).",
                        "--tls-key").build())
                .addOption(Options.valued(Path.class, "PEM", "Require client certificates issued by these CAs"
                        + " (needs --tls-cert).", "--client-ca").build())
                .addOption(Options.valued(String.class, "DURATION", "Close a connection whose request has not"
                        + " arrived whole within this time (default: 10s).", "--request-timeout")
                        .defaultValue("10s").build())
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        InetSocketAddress listen = listenAddress(call.option("--listen"));
        Path cert = call.option("--tls-cert");
        Path key = call.option("--tls-key");
        Path clientCa = call.option("--client-ca");
        if ((cert == null) != (key == null)) {
            throw new BackendException(ExitCode.USAGE, "--tls-cert and --tls-key go together", "give both, or"
                    + " neither for plain HTTP on loopback");
        }
        if (clientCa != null && cert == null) {
            throw new BackendException(ExitCode.USAGE, "--client-ca needs --tls-cert and --tls-key", null);
        }
        if (cert == null && !listen.getAddress().isLoopbackAddress()) {
            throw new BackendException(ExitCode.USAGE, "refusing to listen on " + call.option("--listen")
                    + " without TLS: the token and the services' state would cross the network in clear text",
                    "give --tls-cert and --tls-key, or listen on loopback (" + DEFAULT_LISTEN + ")");
        }
        Duration timeout;
        try {
            timeout = Durations.parse(call.option("--request-timeout"));
        } catch (IllegalArgumentException e) {
            throw new BackendException(ExitCode.USAGE, "--request-timeout: " + e.getMessage(), null);
        }
        if (timeout.toSeconds() < 1) {
            throw new BackendException(ExitCode.USAGE, "--request-timeout must be at least 1s", null);
        }
        boolean user = ScopeOption.user(call);
        Backend backend = BackendOption.selectForServices(call);
        SSLContext tls = cert == null ? null : PemTls.context(cert, key, clientCa);
        Path tokenFile = call.option("--token-file");
        if (tokenFile == null) {
            tokenFile = SvcctlPaths.current().apiToken(user ? Scope.USER : Scope.SYSTEM);
        }
        tokenFile = tokenFile.toAbsolutePath();
        ApiToken token = ApiToken.loadOrCreate(LocalArtifactFiles.host(FileRoot.host(), StepPauses.NONE), tokenFile,
                System.getProperty("user.name"), new SecureRandom());

        ApiServer.limitRequests(timeout);
        ApiServer server = ApiServer.start(backend, user, new ApiServer.Config(listen, token, tls, clientCa != null,
                THREADS), call.err());
        call.out().println("svcctl serve: listening on " + server.url() + " (" + backend.id() + " backend, token in "
                + tokenFile + ")");
        call.out().flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "svcctl-serve-stop"));
        new CountDownLatch(1).await(); // until SIGTERM or Ctrl-C ends the JVM
        return 0;
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}, resolved. */
    static InetSocketAddress listenAddress(String text) throws BackendException {
        int colon = text.lastIndexOf(':');
        String hint = "give ADDR:PORT, e.g. " + DEFAULT_LISTEN + " or [::1]:9860";
        if (colon <= 0) {
            throw new BackendException(ExitCode.USAGE, "--listen " + text + ": no port", hint);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new BackendException(ExitCode.USAGE, "--listen " + text + ": the port must be 0 to 65535", hint);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new BackendException(ExitCode.USAGE, "--listen " + text + ": unknown host " + host, hint);
        }
    }
}
