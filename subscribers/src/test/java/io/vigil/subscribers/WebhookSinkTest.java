package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** The webhook sink against a real HTTP server on 127.0.0.1 that answers with a scripted list of status codes. */
class WebhookSinkTest {

    private static final WebhookSink.Retry RETRY =
            new WebhookSink.Retry(4, Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofSeconds(5));

    private HttpServer server;
    private final List<Integer> script = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> idempotencyKeys = new ConcurrentLinkedQueue<>();
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            int n = requests.getAndIncrement();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            int status = n < script.size() ? script.get(n) : 200;
            byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private WebhookSink sink() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        return new WebhookSink(url, RETRY, java.net.http.HttpClient.newHttpClient(), sleeps::add);
    }

    @Test
    void shouldDeliverAfterRetriesWithDoublingBackoffWhenServerIsBrieflyUnavailable() throws Exception {
        // Given a receiver that answers 503, 503, then 200
        script.addAll(List.of(503, 503, 200));
        Notification notification = Notification.of(Alerts.velocity("a-1").build());

        // When
        sink().deliver(notification);

        // Then three POSTs of the same JSON with the same idempotency key, and waits of 10 then 20 ms
        assertEquals(3, requests.get());
        assertEquals(List.of(notification.toJson(), notification.toJson(), notification.toJson()), List.copyOf(bodies));
        assertEquals(List.of("alert:a-1", "alert:a-1", "alert:a-1"), List.copyOf(idempotencyKeys));
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), List.copyOf(sleeps));
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsWithCappedBackoffWhenServerKeepsFailing() {
        // Given a receiver that always answers 500
        script.addAll(List.of(500, 500, 500, 500, 500));

        // When
        DeliveryFailedException failed = assertThrows(DeliveryFailedException.class,
                () -> sink().deliver(Notification.of(Alerts.velocity("a-2").build())));

        // Then four attempts, waits capped at 25 ms, and the message names the last answer
        assertEquals(4, failed.attempts());
        assertEquals(4, requests.get());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25)), List.copyOf(sleeps));
        assertTrue(failed.getMessage().endsWith("after 4 attempts; last: HTTP 500"), failed.getMessage());
    }

    @Test
    void shouldNotRetryWhenServerRejectsTheRequest() {
        // Given a receiver that answers 400
        script.add(400);

        // When
        DeliveryFailedException failed = assertThrows(DeliveryFailedException.class,
                () -> sink().deliver(Notification.of(Alerts.velocity("a-3").build())));

        // Then one attempt only
        assertEquals(1, failed.attempts());
        assertEquals(1, requests.get());
        assertTrue(sleeps.isEmpty());
        assertTrue(failed.getMessage().contains("HTTP 400; not retried"), failed.getMessage());
    }

    @Test
    void shouldRetryThenFailWhenNothingListens() {
        // Given a webhook URL on a port nobody listens on
        int port = server.getAddress().getPort();
        server.stop(0);
        WebhookSink sink = new WebhookSink(URI.create("http://127.0.0.1:" + port + "/hook"), RETRY,
                java.net.http.HttpClient.newHttpClient(), sleeps::add);

        // When
        DeliveryFailedException failed = assertThrows(DeliveryFailedException.class,
                () -> sink.deliver(Notification.of(Alerts.velocity("a-4").build())));

        // Then every attempt was made and the connection failure is the cause
        assertEquals(4, failed.attempts());
        assertEquals(3, sleeps.size());
        assertTrue(failed.getCause() instanceof IOException, String.valueOf(failed.getCause()));
    }
}
