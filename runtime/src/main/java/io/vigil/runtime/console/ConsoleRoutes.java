package io.vigil.runtime.console;

import io.vigil.events.LabelVerdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console on an ops server's port: the page at {@code /} (static files from this jar, under
 * {@code /console/}), the charting library from its WebJar (under {@code /webjars/}), and the page's JSON API
 * under {@code /api/}:
 * <ul>
 *   <li>{@code GET /api/overview}: the instance, the rules in force, the chain's counts, precision per rule;</li>
 *   <li>{@code GET /api/series}: the last two minutes of throughput, lag and alerts per rule;</li>
 *   <li>{@code GET /api/events}: the alert feed as server-sent events ({@link EventStream});</li>
 *   <li>{@code GET /api/activity/card/ID}, {@code .../device/ID}: an entity's recent alerts and block state;</li>
 *   <li>{@code POST /api/cards/ID/unblock}, {@code POST /api/alerts/ID/label}: the analyst's actions, JSON bodies
 *       with a {@code requestId} (a retry with the same id writes nothing new).</li>
 * </ul>
 * An entity's detector state is the ops server's own {@code /cards/ID} and {@code /devices/ID}, which ask the
 * instance that owns it. POSTs must say {@code Content-Type: application/json}: a browser will not send that to
 * another origin without a preflight, which this server never grants, so no other site can act through a
 * visitor's browser.
 */
public final class ConsoleRoutes {

    /** The {@code actor} of what the console writes. */
    public static final String ACTOR = "console";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final String STATIC = "io/vigil/runtime/console/static/";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern WEBJAR_PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final Pattern ACTIVITY = Pattern.compile("/api/activity/(card|device)/([^/]+)");
    private static final Pattern UNBLOCK = Pattern.compile("/api/cards/([^/]+)/unblock");
    private static final Pattern LABEL = Pattern.compile("/api/alerts/([^/]+)/label");
    private static final int MAX_BODY = 16 * 1024;

    private final Supplier<Console> console;

    private ConsoleRoutes(Supplier<Console> console) {
        this.console = console;
    }

    /** Adds the console's paths to {@code server}; {@code console} is null until the instance is attached. */
    public static ConsoleRoutes register(HttpServer server, Supplier<Console> console) {
        ConsoleRoutes routes = new ConsoleRoutes(console);
        server.createContext("/console/", routes.safely(routes::staticFile));
        server.createContext("/webjars/", routes.safely(routes::webjar));
        server.createContext("/api/", routes.safely(routes::api));
        return routes;
    }

    /** Serves the page itself; the ops server calls this for {@code GET /}. */
    public void index(HttpExchange exchange) throws IOException {
        resource(exchange, STATIC + "index.html", "no-cache");
    }

    private void staticFile(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/console/".length());
        if (!STATIC_NAME.matcher(name).matches()) {
            json(exchange, 404, Map.of("error", "no such console file: " + name));
            return;
        }
        resource(exchange, STATIC + name, "no-cache");
    }

    private void webjar(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/webjars/".length());
        if (!WEBJAR_PATH.matcher(path).matches() || path.contains("..")) {
            json(exchange, 404, Map.of("error", "no such webjar file: " + path));
            return;
        }
        // Versioned paths never change: a browser may keep them for a day.
        resource(exchange, WEBJARS + path, "max-age=86400");
    }

    private void api(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Console current = console.get();
        if (current == null) {
            json(exchange, 503, Map.of("error", "stream instance not started yet", "retryable", true));
            return;
        }
        Matcher m;
        if ("POST".equals(method)) {
            if ((m = UNBLOCK.matcher(path)).matches()) {
                unblock(exchange, current, decode(m.group(1)));
            } else if ((m = LABEL.matcher(path)).matches()) {
                label(exchange, current, decode(m.group(1)));
            } else {
                json(exchange, 404, Map.of("error", "no such action: POST " + path));
            }
            return;
        }
        if (!"GET".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            json(exchange, 405, Map.of("error", "method " + method + " not allowed"));
        } else if (path.equals("/api/events")) {
            current.events().open(exchange);
        } else if (path.equals("/api/overview")) {
            json(exchange, 200, current.overview());
        } else if (path.equals("/api/series")) {
            json(exchange, 200, Map.of("samples", current.samples()));
        } else if ((m = ACTIVITY.matcher(path)).matches()) {
            json(exchange, 200, current.activity(m.group(1), decode(m.group(2))));
        } else {
            json(exchange, 404, Map.of("error", "no such endpoint: " + path));
        }
    }

    private void unblock(HttpExchange exchange, Console current, String cardId) throws IOException {
        JsonNode body = body(exchange);
        if (body == null) {
            return;
        }
        AnalystActions.Written written = current.unblock(cardId, requestId(body),
                body.path("reason").asText("unblocked by an analyst in the console"));
        Map<String, Object> answer = answer(written);
        answer.put("cardId", cardId);
        answer.put("type", "UNBLOCK_CARD");
        json(exchange, 200, answer);
    }

    private void label(HttpExchange exchange, Console current, String alertId) throws IOException {
        JsonNode body = body(exchange);
        if (body == null) {
            return;
        }
        LabelVerdict verdict;
        try {
            verdict = LabelVerdict.valueOf(body.path("verdict").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            json(exchange, 400, Map.of("error", "verdict must be fraud or legit"));
            return;
        }
        AnalystActions.Written written;
        try {
            written = current.label(alertId, verdict, requestId(body), body.path("note").asText(""));
        } catch (IllegalArgumentException notFound) {
            json(exchange, 404, Map.of("error", notFound.getMessage()));
            return;
        }
        Map<String, Object> answer = answer(written);
        answer.put("alertId", alertId);
        answer.put("verdict", verdict.name());
        json(exchange, 200, answer);
    }

    /** The JSON body of a POST, or null after answering 400 or 415 for a missing or foreign one. */
    private JsonNode body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            json(exchange, 415, Map.of("error", "send the action as Content-Type: application/json"));
            return null;
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        try {
            JsonNode body = bytes.length == 0 || bytes.length > MAX_BODY ? null : JSON.readTree(bytes);
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException malformed) {
            // Answered below.
        }
        json(exchange, 400, Map.of("error", "expected a JSON object of at most " + MAX_BODY + " bytes"));
        return null;
    }

    /** The client's idempotency key; without one every request is new (a CLI-like single shot). */
    private static String requestId(JsonNode body) {
        String id = body.path("requestId").asText("");
        return id.isBlank() ? java.util.UUID.randomUUID().toString() : id;
    }

    private static Map<String, Object> answer(AnalystActions.Written written) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", written.id());
        answer.put("topic", written.topic());
        answer.put("partition", written.partition());
        answer.put("offset", written.offset());
        return answer;
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private void resource(HttpExchange exchange, String name, String cacheControl) throws IOException {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                json(exchange, 404, Map.of("error", "not found: " + exchange.getRequestURI().getPath()));
                return;
            }
            byte[] body = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", contentType(name));
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            send(exchange, 200, body);
        }
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "json", "map" -> "application/json; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** No exception leaves a request unanswered; an event stream keeps its exchange open, everything else closes. */
    private com.sun.net.httpserver.HttpHandler safely(Handler handler) {
        return exchange -> {
            boolean streaming = exchange.getRequestURI().getPath().equals("/api/events");
            try {
                handler.handle(exchange);
            } catch (IOException | UncheckedIOException e) {
                log.debug("HTTP client went away during {}", exchange.getRequestURI(), e);
                streaming = false;
            } catch (IllegalStateException e) {
                // Kafka refused or could not be reached: worth a retry, not a stack trace per click.
                log.warn("Console request {} failed: {}", exchange.getRequestURI(), e.getMessage());
                answerQuietly(exchange, 503, Map.of("error", String.valueOf(e.getMessage()), "retryable", true));
                streaming = false;
            } catch (RuntimeException e) {
                log.warn("Console request {} failed", exchange.getRequestURI(), e);
                answerQuietly(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
                streaming = false;
            } finally {
                if (!streaming) {
                    exchange.close();
                }
            }
        };
    }

    private static void answerQuietly(HttpExchange exchange, int status, Map<String, Object> body) {
        try {
            json(exchange, status, body);
        } catch (IOException | RuntimeException ignored) {
            // Headers were already sent; the client sees a truncated response instead.
        }
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, JSON.writeValueAsBytes(body));
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
}
