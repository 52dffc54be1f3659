package io.vigil.runtime.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /api/events}: the alert feed as server-sent events, one {@code alert} event per alert the console
 * reads (committed alerts only: the reader is {@code read_committed}), its sequence number as the event id.
 *
 * <p>Why a thread per browser: the HTTP server's small pool answers every other request, and a stream held open
 * on one of its threads would take it away for as long as the page stays open. The handler therefore writes the
 * headers and the backlog, hands the exchange to a daemon thread of its own and returns; that thread writes each
 * new alert, or a comment line every {@link #HEARTBEAT_SECONDS} seconds so a closed tab is noticed, until the
 * browser goes away or the console closes. At most {@link #MAX_CLIENTS} streams are open at once.
 */
final class EventStream implements AutoCloseable {

    static final int MAX_CLIENTS = 32;
    static final long HEARTBEAT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final String END = "\u0000end";

    private final AlertFeed feed;
    private final ObjectMapper json;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStream(AlertFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    /** Starts a stream on {@code exchange}; returns at once, leaving the exchange open. */
    void open(HttpExchange exchange) throws IOException {
        if (closed || clients.size() >= MAX_CLIENTS) {
            byte[] body = "{\"error\":\"too many open event streams\",\"retryable\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        long lastSeen = lastEventId(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        Client client = new Client(exchange);
        clients.add(client);
        client.queue.add(": connected\nretry: 2000\n\n");
        feed.listen(client, lastSeen);
        Thread thread = new Thread(client::pump, "vigil-console-events-" + clients.size());
        thread.setDaemon(true);
        thread.start();
    }

    private static long lastEventId(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        closed = true;
        clients.forEach(c -> c.queue.add(END));
    }

    private final class Client implements Consumer<AlertFeed.Entry> {
        private final HttpExchange exchange;
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(10_000);
        private long sent;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void accept(AlertFeed.Entry entry) {
            try {
                String event = "id: " + entry.seq() + "\nevent: alert\ndata: "
                        + json.writeValueAsString(entry.json()) + "\n\n";
                // A browser too slow to take 10,000 alerts loses the oldest it has not read; the page says so
                // by the gap in sequence numbers, and the feed is a window anyway.
                if (!queue.offer(event)) {
                    queue.poll();
                    queue.offer(event);
                }
            } catch (JsonProcessingException e) {
                log.warn("Alert {} not sent to the console: {}", entry.alert().getAlertId(), e.getMessage());
            }
        }

        void pump() {
            try (OutputStream out = exchange.getResponseBody()) {
                while (!closed) {
                    String next = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    if (END.equals(next)) {
                        break;
                    }
                    String text = next == null ? ": ping\n\n" : next;
                    if (next != null && next.startsWith("id: ") && !newer(next)) {
                        continue;
                    }
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                log.debug("Console event stream closed by the browser: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                feed.unlisten(this);
                clients.remove(this);
                exchange.close();
            }
        }

        /** Skips an alert sent twice (listened and in the backlog) by its sequence number. */
        private boolean newer(String event) {
            long seq = Long.parseLong(event.substring(4, event.indexOf('\n')));
            if (seq <= sent) {
                return false;
            }
            sent = seq;
            return true;
        }
    }
}
