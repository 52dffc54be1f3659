package io.vigil.serdes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends Confluent REST requests to one of several registry URLs and turns error answers into
 * {@link SchemaRegistryException}s.
 *
 * <p>When a URL cannot be reached (connection refused, connect or request timeout) the next URL is tried, and the
 * one that answered is tried first next time, so a dead first URL costs one timeout rather than one per request.
 * Retrying elsewhere is safe because every request this client sends is idempotent (registering the same schema
 * twice returns the same id). An HTTP error answer is final: another replica would give the same answer.
 */
final class RegistryTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final int MAX_ERROR_BODY_CHARS = 300;

    private final List<String> baseUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Optional<String> authorization;
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryTransport(List<URI> urls, Duration connectTimeout, Duration requestTimeout,
            Optional<String> basicAuthUserInfo) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is needed");
        }
        this.baseUrls = new ArrayList<>();
        for (URI url : urls) {
            baseUrls.add(withoutUserInfo(url));
        }
        Optional<String> userInfoFromUrl = urls.stream().map(URI::getUserInfo).filter(Objects::nonNull).findFirst();
        this.requestTimeout = requestTimeout;
        this.authorization = basicAuthUserInfo.or(() -> userInfoFromUrl).map(RegistryTransport::basic);
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Encodes one path segment (a subject name may hold characters that are not safe in a URL path). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    List<String> baseUrls() {
        return List.copyOf(baseUrls);
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, byte[] body) {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, byte[] body) {
        int count = baseUrls.size();
        int first = preferred.get();
        IOException lastFailure = null;
        for (int attempt = 0; attempt < count; attempt++) {
            int index = (first + attempt) % count;
            String url = baseUrls.get(index) + path;
            try {
                HttpResponse<byte[]> response = http.send(request(method, url, body),
                        HttpResponse.BodyHandlers.ofByteArray());
                preferred.set(index);
                return answer(method, url, response);
            } catch (IOException e) {
                lastFailure = e;
                if (attempt + 1 < count) {
                    LOG.warn("Schema registry request {} {} failed ({}); trying the next registry URL", method, url,
                            e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted during schema registry request " + method + " " + url, e);
            }
        }
        throw new SchemaRegistryException("Could not reach the schema registry for " + method + " " + path + " at any of "
                + baseUrls + ": " + lastFailure, lastFailure);
    }

    private HttpRequest request(String method, String url, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(requestTimeout)
                .header("Accept", RegistryJson.CONTENT_TYPE + ", application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", RegistryJson.CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static JsonNode answer(String method, String url, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        byte[] body = response.body();
        if (status >= 200 && status < 300) {
            try {
                return RegistryJson.read(body);
            } catch (IOException e) {
                throw new SchemaRegistryException("Schema registry " + method + " " + url
                        + " answered HTTP " + status + " with a body that is not JSON: " + excerpt(body), status,
                        SchemaRegistryException.NO_RESPONSE);
            }
        }
        int errorCode = status;
        String message = excerpt(body);
        try {
            JsonNode error = RegistryJson.read(body);
            if (error.hasNonNull("error_code")) {
                errorCode = error.get("error_code").asInt(status);
            }
            if (error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException e) {
            // Not Confluent's error JSON (a proxy's HTML page, say): the status and the raw body are all there is.
        }
        throw SchemaRegistryException.fromResponse("Schema registry " + method + " " + url + " failed: HTTP " + status
                + ", error code " + errorCode + ": " + message, status, errorCode);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    private static String withoutUserInfo(URI url) {
        String text = url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
