package io.vigil.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free-port probing on 127.0.0.1, binding the way Kafka's socket server does. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** Binds like Kafka's socket server does (SO_REUSEADDR), so TIME_WAIT does not count as taken. */
    static boolean isFree(int port) {
        try {
            bind(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port that was free a moment ago. Another process can take it before the broker binds it,
     * which is why single-node start-up retries with new ports.
     */
    static int freePort() {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + KraftLayout.HOST, e);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(KraftLayout.HOST, port), 1);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
