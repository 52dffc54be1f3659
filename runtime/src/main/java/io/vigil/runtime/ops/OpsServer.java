package io.vigil.runtime.ops;

import io.vigil.config.VigilConfig;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.InstanceHealth;
import io.vigil.runtime.console.Console;
import io.vigil.runtime.console.ConsoleRoutes;
import io.vigil.topology.RuleMetrics;
import io.vigil.topology.StateStoreMetrics;
import io.vigil.topology.StreamInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of one stream instance: how operators and other instances reach it.
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter of the registry in the Prometheus text format: Vigil's own, the JVM's,
 *       and Kafka Streams' (with its consumers' and producers') once an instance is attached;</li>
 *   <li>{@code GET /health}: 200 while the process is alive, 503 with the state and the cause once its stream
 *       instance has failed ({@link InstanceHealth}; a liveness probe: such an instance never processes again, so
 *       the orchestrator should restart it);</li>
 *   <li>{@code GET /ready}: 200 only while Kafka Streams is RUNNING, else 503 with the state, and the cause when
 *       the instance failed (a readiness probe: a load balancer or Kubernetes stops routing queries while the
 *       instance rebalances or restores);</li>
 *   <li>{@code GET /cards/{id}}, {@code GET /devices/{id}}: that entity's detector state, from whichever instance
 *       owns it ({@link EntityQueries});</li>
 *   <li>{@code GET /}: the live console in a browser, with its files and JSON API ({@link ConsoleRoutes}).</li>
 * </ul>
 *
 * <p>Two steps, because Kafka Streams must know this server's address ({@code application.server}) before the
 * instance is built, while the server needs the instance to answer queries: {@link #start} binds the port
 * (and already answers {@code /health} and {@code /metrics}), {@link #applicationServer()} goes into the
 * instance's properties, and {@link #attach} hands it the instance. Wiring into a command:
 * <pre>{@code
 * PrometheusMeterRegistry meters = OpsServer.newRegistry();
 * try (OpsServer ops = OpsServer.start("0.0.0.0", httpPort, meters)) {
 *     Properties props = StreamsProperties.forInstance(config, id, meters, Optional.of(ops.applicationServer()));
 *     StreamInstance instance = new StreamInstance(id, VigilTopology.build(config, clients, meters), props);
 *     ops.attach(instance, config);
 *     instance.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>The JDK's own HTTP server keeps the image free of a web framework; a small pool of daemon threads serves
 * requests, so a slow scrape never blocks a query and the server never keeps the JVM alive.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final int HTTP_THREADS = 4;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final HostInfo advertised;
    private final JvmGcMetrics gcMetrics;
    private volatile StreamInstance instance;
    private volatile EntityQueries queries;
    private volatile KafkaStreamsMetrics streamsMetrics;
    private volatile Console console;

    private OpsServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry,
                      HostInfo advertised) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.advertised = advertised;
        new JvmMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A registry for one instance's meters, rendered by {@code /metrics}. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Binds {@code bindHost:port} and starts serving; the address other instances use is this host's name when
     * {@code bindHost} is a wildcard (0.0.0.0 or ::), else {@code bindHost}.
     *
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @throws ActionableException if the port is taken or the address cannot be bound
     */
    public static OpsServer start(String bindHost, int port, PrometheusMeterRegistry registry) {
        return start(bindHost, port, null, registry);
    }

    /** As {@link #start(String, int, PrometheusMeterRegistry)}, advertising {@code advertisedHost} when not null. */
    public static OpsServer start(String bindHost, int port, String advertisedHost, PrometheusMeterRegistry registry) {
        if (port < 0 || port > 65_535) {
            throw new ActionableException("HTTP port must be 0..65535, was " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindHost, port), 0);
        } catch (BindException e) {
            throw new ActionableException("HTTP port " + port + " on " + bindHost + " is already in use"
                    + " (or the address is not local); choose another with --http-port", e);
        } catch (IOException e) {
            throw new ActionableException("Cannot serve HTTP on " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, r -> {
            Thread t = new Thread(r, "vigil-http-" + server.getAddress().getPort() + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        String host = advertisedHost != null ? advertisedHost : advertisedHostFor(bindHost);
        OpsServer ops = new OpsServer(server, executor, registry, new HostInfo(host, server.getAddress().getPort()));
        server.createContext("/health", ops.guarded(ops::health));
        server.createContext("/ready", ops.guarded(ops::ready));
        server.createContext("/metrics", ops.guarded(ops::metrics));
        server.createContext("/cards", ops.guarded(exchange -> ops.entity(exchange, EntityQueries.Kind.CARD)));
        server.createContext("/devices", ops.guarded(exchange -> ops.entity(exchange, EntityQueries.Kind.DEVICE)));
        ConsoleRoutes console = ConsoleRoutes.register(server, () -> ops.console);
        server.createContext("/", ops.guarded(exchange -> {
            if ("/".equals(exchange.getRequestURI().getPath())) {
                console.index(exchange);
                return;
            }
            ops.json(exchange, 404, Map.of("error", "no such endpoint: " + exchange.getRequestURI().getPath(),
                    "endpoints", "/ (console) /metrics /health /ready /cards/{id} /devices/{id}"));
        }));
        server.start();
        log.debug("Ops HTTP server on {}:{} (advertised {})", bindHost, ops.port(), ops.applicationServer());
        return ops;
    }

    /**
     * Gives the server its stream instance: {@code /ready} and the entity endpoints start answering for it, the
     * instance's Kafka Streams, consumer and producer metrics, its state-entry gauges and the versions of
     * the rules in {@code config} join the registry, and the console starts reading the chain's topics from the
     * cluster in {@code config}.
     */
    public void attach(StreamInstance instance, VigilConfig config) {
        if (this.instance != null) {
            throw new IllegalStateException("an ops server serves one stream instance; already attached to "
                    + this.instance.instanceId());
        }
        KafkaStreams streams = instance.streams();
        this.queries = new EntityQueries(streams, advertised, config);
        StateStoreMetrics.bind(streams, registry);
        RuleMetrics.register(registry, config.rules());
        // Kafka Streams creates its threads, consumers and producers with the KafkaStreams object, so their metrics
        // exist already; task metrics appear at assignment and the binder picks them up at its next refresh
        // (once a minute).
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of("instance_id", instance.instanceId()));
        binder.bindTo(registry);
        this.streamsMetrics = binder;
        this.instance = instance;
        this.console = Console.start(instance, config, registry, applicationServer());
    }

    /** The {@code host:port} other instances reach this one at: Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return advertised.host() + ":" + advertised.port();
    }

    /** The base URL of this server, at its advertised address. */
    public URI url() {
        return URI.create("http://" + applicationServer());
    }

    /** The bound port (the free port chosen when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The console's address: the page at {@code /}. */
    public URI consoleUrl() {
        return URI.create(url() + "/");
    }

    @Override
    public void close() {
        Console current = console;
        if (current != null) {
            // First, so open event streams end and do not hold the server's stop.
            current.close();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaStreamsMetrics binder = streamsMetrics;
        if (binder != null) {
            binder.close();
        }
        gcMetrics.close();
    }

    private void health(HttpExchange exchange) throws IOException {
        StreamInstance current = instance;
        InstanceHealth health = current == null ? null : InstanceHealth.of(current);
        if (health == null || !health.failed()) {
            json(exchange, 200, Map.of("status", "UP"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("state", health.state().name());
        body.put("instanceId", health.instanceId());
        body.put("cause", health.describe());
        json(exchange, 503, body);
    }

    private void ready(HttpExchange exchange) throws IOException {
        StreamInstance current = instance;
        if (current == null) {
            json(exchange, 503, Map.of("ready", false, "state", "NOT_STARTED"));
            return;
        }
        InstanceHealth health = InstanceHealth.of(current);
        boolean ready = health.state() == KafkaStreams.State.RUNNING && !health.failed();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", ready);
        body.put("state", health.state().name());
        body.put("instanceId", health.instanceId());
        if (health.failed()) {
            body.put("cause", health.describe());
        }
        json(exchange, ready ? 200 : 503, body);
    }

    private void metrics(HttpExchange exchange) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
        send(exchange, 200, body);
    }

    private void entity(HttpExchange exchange, EntityQueries.Kind kind) throws IOException {
        String prefix = "/" + kind.path() + "/";
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith(prefix) || path.length() == prefix.length() || path.indexOf('/', prefix.length()) >= 0) {
            json(exchange, 404, Map.of("error", "expected /" + kind.path() + "/{id}, got " + path));
            return;
        }
        EntityQueries current = queries;
        if (current == null) {
            json(exchange, 503, Map.of("error", "stream instance not started yet", "retryable", true));
            return;
        }
        String id = path.substring(prefix.length());
        boolean forwarded = exchange.getRequestHeaders().getFirst(EntityQueries.FORWARDED_HEADER) != null;
        EntityQueries.Answer answer = current.query(kind, id, forwarded);
        json(exchange, answer.status(), answer.body());
    }

    /** Wraps a handler: GET only, and no exception ever leaves a connection hanging without a response. */
    private HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    json(exchange, 405, Map.of("error", "method " + exchange.getRequestMethod() + " not allowed"));
                    return;
                }
                handler.handle(exchange);
            } catch (IOException | UncheckedIOException e) {
                log.debug("HTTP client went away during {}", exchange.getRequestURI(), e);
            } catch (RuntimeException e) {
                log.warn("HTTP request {} failed", exchange.getRequestURI(), e);
                try {
                    json(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
                } catch (IOException | RuntimeException ignored) {
                    // Headers were already sent; the client sees a truncated response instead.
                }
            } finally {
                exchange.close();
            }
        };
    }

    void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, status, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String advertisedHostFor(String bindHost) {
        if (!"0.0.0.0".equals(bindHost) && !"::".equals(bindHost) && !"[::]".equals(bindHost)) {
            return bindHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.warn("Cannot resolve this host's name ({}); advertising localhost. Set application.server "
                    + "(KAFKA_APPLICATION_SERVER) to an address the other instances can reach.", e.getMessage());
            return "localhost";
        }
    }
}
