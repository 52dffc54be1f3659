package io.vigil.runtime.ops;

import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateView;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.DeviceStateView;
import io.vigil.topology.StateQuery;
import io.vigil.topology.TelemetryTopology;
import io.vigil.topology.TransactionTopology;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers {@code /cards/{id}} and {@code /devices/{id}} for one stream instance: from its own store when it owns
 * the key, else by asking the owner over HTTP and passing its answer through (status and body), so a client can
 * ask any instance.
 *
 * <p>A forwarded request carries {@link #FORWARDED_HEADER}; an instance that receives one and finds the key
 * owned elsewhere answers 503 instead of forwarding again, so two instances with different views of the
 * assignment during a rebalance can never bounce a request between them.
 *
 * <p>Answers: 200 with the entity's state view; 404 when the owner holds no state for the id (never seen); 503
 * with {@code "retryable": true} while no instance can answer (starting, rebalancing, restoring, owner down).
 */
final class EntityQueries {

    static final String FORWARDED_HEADER = "X-Vigil-Forwarded-By";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The two kinds of entity with detector state, their URL segment and their store. */
    enum Kind {
        CARD("cards", "card", TransactionTopology.CARD_STATE_STORE),
        DEVICE("devices", "device", TelemetryTopology.DEVICE_STATE_STORE);

        private final String path;
        private final String noun;
        private final String store;

        Kind(String path, String noun, String store) {
            this.path = path;
            this.noun = noun;
            this.store = store;
        }

        String path() {
            return path;
        }

        String noun() {
            return noun;
        }

        String store() {
            return store;
        }
    }

    /** An HTTP status and the JSON body to send with it. */
    record Answer(int status, Object body) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final CardDetection cards;
    private final DeviceDetection devices;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    EntityQueries(KafkaStreams streams, HostInfo self, VigilConfig config) {
        this.streams = streams;
        this.self = self;
        // The same rules the topology runs, so window lengths and cooldowns in the views match what detection uses.
        this.cards = CardDetection.fromRules(config.rules(), config.streams().grace());
        this.devices = DeviceDetection.fromRules(config.rules(), config.streams().grace());
    }

    Answer query(Kind kind, String id, boolean forwarded) {
        StateQuery.Result<Object> result = StateQuery.lookup(streams, kind.store(), id, self);
        if (result instanceof StateQuery.Found<Object> found) {
            Map<String, Object> body = header(kind, id, found.partition());
            body.put("state", view(kind, id, found.value()));
            return new Answer(200, body);
        }
        if (result instanceof StateQuery.Absent<Object> absent) {
            Map<String, Object> body = header(kind, id, absent.partition());
            body.put("error", kind.noun() + " '" + id + "' not found: no detector state for it (never seen, "
                    + "or the id is misspelt)");
            return new Answer(404, body);
        }
        if (result instanceof StateQuery.Elsewhere<Object> elsewhere) {
            if (forwarded) {
                return unavailable("the owner of " + kind.noun() + " '" + id + "' changed while the request was "
                        + "forwarded (rebalancing)");
            }
            return forward(kind, id, elsewhere.owner());
        }
        return unavailable(((StateQuery.Unavailable<Object>) result).reason());
    }

    private Map<String, Object> header(Kind kind, String id, int partition) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entityType", kind.noun());
        body.put("entityId", id);
        body.put("partition", partition);
        body.put("servedBy", self.host() + ":" + self.port());
        return body;
    }

    private Object view(Kind kind, String id, Object state) {
        return kind == Kind.CARD
                ? CardStateView.of(id, (CardState) state, cards)
                : DeviceStateView.of(id, (DeviceState) state, devices);
    }

    private Answer forward(Kind kind, String id, HostInfo owner) {
        URI uri;
        try {
            uri = new URI("http", null, owner.host(), owner.port(), "/" + kind.path() + "/" + id, null, null);
        } catch (URISyntaxException e) {
            return new Answer(400, Map.of("error", "cannot address " + kind.noun() + " '" + id + "': " + e.getMessage()));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header(FORWARDED_HEADER, self.host() + ":" + self.port()).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = OpsServer.JSON.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            return unavailable("the owner of " + kind.noun() + " '" + id + "', " + owner.host() + ":" + owner.port()
                    + ", did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while asking " + owner.host() + ":" + owner.port());
        }
    }

    private static Answer unavailable(String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("retryable", true);
        return new Answer(503, body);
    }
}
