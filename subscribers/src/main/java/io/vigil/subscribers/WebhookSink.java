package io.vigil.subscribers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * POSTs each notification as JSON to a webhook, retrying with exponential backoff.
 *
 * <p>A 2xx answer is delivery. Connection failures, timeouts, 408, 429 and 5xx are worth retrying: the receiver is
 * down or busy. Any other answer (400, 404, ...) says the request itself is wrong, and sending it again cannot
 * help, so the sink gives up at once. Waits double from {@code initialBackoff} up to {@code maxBackoff}, without
 * jitter: one notifier retries one request at a time, so there is no herd to spread.
 *
 * <p>Every request carries the notification key as {@code Idempotency-Key}: the notifier never sends a delivered
 * notification again, except in the moment between the receiver's answer and the notifier recording it, and a
 * receiver that honours the header closes that gap too.
 */
public final class WebhookSink implements NotificationSink {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    /** How the sink waits between attempts; a parameter so that tests need not sleep for real. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param maxAttempts    attempts per notification, at least 1
     * @param initialBackoff wait after the first failed attempt
     * @param maxBackoff     the longest wait between attempts
     * @param requestTimeout how long one attempt may take
     */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
        }

        /** The wait after failed attempt {@code attempt} (1-based). */
        Duration backoff(int attempt) {
            long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
            return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        }
    }

    private final URI url;
    private final Retry retry;
    private final HttpClient client;
    private final Sleeper sleeper;

    public WebhookSink(URI url, Retry retry) {
        this(url, retry, HttpClient.newBuilder().connectTimeout(retry.requestTimeout()).build(),
                duration -> Thread.sleep(duration.toMillis()));
    }

    WebhookSink(URI url, Retry retry, HttpClient client, Sleeper sleeper) {
        this.url = Objects.requireNonNull(url, "url");
        this.retry = retry;
        this.client = client;
        this.sleeper = sleeper;
    }

    @Override
    public void deliver(Notification notification) throws DeliveryFailedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(retry.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", notification.key())
                .POST(HttpRequest.BodyPublishers.ofString(notification.toJson()))
                .build();
        String lastProblem = "";
        Exception lastError = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                lastProblem = "HTTP " + status;
                if (!retryable(status)) {
                    throw new DeliveryFailedException("Webhook " + url + " refused " + notification.key() + " with "
                            + lastProblem + "; not retried", attempt, null);
                }
            } catch (IOException e) {
                lastProblem = e.toString();
                lastError = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryFailedException("Interrupted while delivering " + notification.key(), attempt, e);
            }
            if (attempt < retry.maxAttempts()) {
                Duration wait = retry.backoff(attempt);
                LOG.warn("Webhook {} failed for {} ({}), attempt {} of {}; retrying in {} ms", url, notification.key(),
                        lastProblem, attempt, retry.maxAttempts(), wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeliveryFailedException("Interrupted while delivering " + notification.key(), attempt, e);
                }
            }
        }
        throw new DeliveryFailedException("Webhook " + url + " failed for " + notification.key() + " after "
                + retry.maxAttempts() + " attempts; last: " + lastProblem, retry.maxAttempts(), lastError);
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    @Override
    public String describe() {
        return "webhook " + url;
    }
}
