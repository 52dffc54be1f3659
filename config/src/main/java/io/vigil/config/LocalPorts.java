package io.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finding a free TCP port on the loopback address, for in-process and child-process brokers. */
public final class LocalPorts {

    /** The address Vigil's local brokers listen on: loopback, never an outside interface. */
    public static final String HOST = "127.0.0.1";

    private LocalPorts() {
    }

    /**
     * A port nothing listens on at the moment of the call. Another process may take it before
     * the caller binds it; callers that start a server on it retry or fail with that port named.
     *
     * @throws UncheckedIOException when the operating system gives no port
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket()) {
            // Reuse lets the caller bind the port at once although this socket was just closed on it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }
}
