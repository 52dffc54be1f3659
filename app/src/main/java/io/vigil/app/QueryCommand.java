package io.vigil.app;

import io.vigil.runtime.ActionableException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil query card ID} / {@code vigil query device ID}: prints one entity's detector state as JSON, asking
 * any running stream instance's HTTP endpoint; the instance finds the owner of the key and forwards if needed.
 */
@Command(name = "query",
        mixinStandardHelpOptions = true,
        description = {
                "Prints the detector state of one card or device as JSON: window counts, baselines, last position "
                        + "or last seen, open alerts. Asks the stream instance at --url (any instance: it forwards "
                        + "to the one that owns the entity).",
                "Exits 0 with the JSON; 1 when the entity has no state (never seen), the instances are not ready "
                        + "(rebalancing: try again) or --url cannot be reached."})
final class QueryCommand implements Callable<Integer> {

    /** What can be queried. */
    enum Kind {
        CARD("cards"), DEVICE("devices");

        private final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "card or device.")
    private Kind kind;

    @Parameters(index = "1", paramLabel = "ID", description = "The card id or device id, e.g. card-00000042.")
    private String id;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:28080", paramLabel = "URL",
            description = "Base URL of a stream instance's HTTP endpoint (default: ${DEFAULT-VALUE}).")
    private URI url;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        URI target = target();
        String noun = kind.name().toLowerCase(Locale.ROOT);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ActionableException("cannot reach " + url + " (connection refused): is a stream instance "
                    + "running with --http-port there?", e);
        } catch (HttpTimeoutException e) {
            throw new ActionableException("no answer from " + url + " within " + timeout, e);
        } catch (IOException e) {
            throw new ActionableException("cannot query " + target + ": " + e, e);
        }
        JsonNode body = parse(response.body(), target);
        if (response.statusCode() == 200) {
            spec.commandLine().getOut().println(body.toPrettyString());
            return 0;
        }
        String error = body.path("error").asText("HTTP " + response.statusCode());
        if (response.statusCode() == 404) {
            throw new ActionableException(error);
        }
        if (response.statusCode() == 503) {
            throw new ActionableException("not ready to answer for " + noun + " '" + id + "': " + error
                    + " (try again shortly)");
        }
        throw new ActionableException("HTTP " + response.statusCode() + " from " + target + ": " + error);
    }

    private URI target() {
        if (url.getScheme() == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new ParameterException(spec.commandLine(), "--url must be an http(s) URL such as "
                    + "http://127.0.0.1:28080, got '" + url + "'");
        }
        if (id.isBlank() || id.contains("/")) {
            throw new ParameterException(spec.commandLine(), "ID must be non-empty and contain no '/', got '" + id + "'");
        }
        String base = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), base + "/" + kind.path + "/" + id,
                    null, null);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "cannot build a URL for ID '" + id + "': " + e.getMessage());
        }
    }

    private static JsonNode parse(String body, URI target) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new ActionableException(target + " did not answer with JSON; is --url a Vigil instance?", e);
        }
    }
}
