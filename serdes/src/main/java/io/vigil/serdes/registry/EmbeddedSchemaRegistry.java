package io.vigil.serdes.registry;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small schema registry server speaking the Confluent REST subset, for Vigil's embedded default: with it, any
 * Confluent-compatible client (Confluent's own serde, kcat, a UI) can read Vigil's topics while the demo runs, with
 * no registry to install. It serves an {@link InMemorySchemaStore}, so schemas live only as long as the process.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} to add no dependency. It binds to {@value #DEFAULT_HOST} by
 * default, because an unauthenticated registry should not be reachable from other machines unless asked for.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final int HANDLER_THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final InMemorySchemaStore store;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, InMemorySchemaStore store) {
        this.server = server;
        this.executor = executor;
        this.store = store;
    }

    /** Starts a registry on {@value #DEFAULT_HOST}; {@code port} 0 picks a free port (see {@link #url()}). */
    public static EmbeddedSchemaRegistry start(int port) {
        return start(DEFAULT_HOST, port);
    }

    /** Starts a registry on {@code host} ({@code 0.0.0.0} for every interface) with an empty store. */
    public static EmbeddedSchemaRegistry start(String host, int port) {
        return start(host, port, new InMemorySchemaStore());
    }

    /**
     * Starts a registry on {@code host} serving {@code store}; passing {@code MockSchemaRegistry.store(scope)}
     * publishes a {@code mock://} scope over HTTP.
     *
     * @throws UncheckedIOException when the address cannot be bound (port in use, unknown host)
     */
    public static EmbeddedSchemaRegistry start(String host, int port, InMemorySchemaStore store) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded schema registry on " + host + ":" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, handlerThreads());
        server.createContext("/", new RegistryHttpHandler(store));
        server.setExecutor(executor);
        server.start();
        return new EmbeddedSchemaRegistry(server, executor, store);
    }

    /** The base URL to give as {@code schema.registry.url}, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        InetAddress bound = address.getAddress();
        InetAddress reachable = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        String host = reachable.getHostAddress();
        if (reachable instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort();
    }

    /** The port actually bound, useful after {@code start(0)}. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The store this server serves, for in-process access to the same schemas. */
    public InMemorySchemaStore store() {
        return store;
    }

    /** Stops accepting requests, ends the handler threads and frees the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static ThreadFactory handlerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "vigil-schema-registry-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
