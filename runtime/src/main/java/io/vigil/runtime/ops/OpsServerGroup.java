package io.vigil.runtime.ops;

import io.vigil.config.VigilConfig;
import io.vigil.topology.StreamInstance;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@link OpsServer} per stream instance of this process, instance {@code i} (from 0) on {@code basePort + i}:
 * how {@code vigil demo --http-port} makes its in-process instances look like separate deployments.
 *
 * <p>Each server renders only its own instance's registry, so Prometheus scraping every port counts each
 * instance once. The process-wide registry the caller passes (the demo reads its summary from it) still sees
 * every instance's Vigil meters, through a composite registry per instance.
 */
public final class OpsServerGroup implements AutoCloseable {

    private final List<OpsServer> servers;

    private OpsServerGroup(List<OpsServer> servers) {
        this.servers = servers;
    }

    /** Binds {@code count} servers on {@code host}, ports {@code basePort} to {@code basePort + count - 1}. */
    public static OpsServerGroup start(String host, int basePort, int count) {
        if (basePort < 1 || basePort + count - 1 > 65_535) {
            throw new IllegalArgumentException("HTTP ports " + basePort + ".." + (basePort + count - 1)
                    + " are outside 1..65535");
        }
        List<OpsServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                servers.add(OpsServer.start(host, basePort + i, host, OpsServer.newRegistry()));
            }
        } catch (RuntimeException e) {
            servers.forEach(OpsServer::close);
            throw e;
        }
        return new OpsServerGroup(servers);
    }

    /** The registry instance {@code index}'s topology reports to: its own server's, plus {@code shared}. */
    public MeterRegistry meters(int index, MeterRegistry shared) {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(servers.get(index).registry());
        composite.add(shared);
        return composite;
    }

    /** Instance {@code index}'s {@code application.server}. */
    public Optional<String> applicationServer(int index) {
        return Optional.of(servers.get(index).applicationServer());
    }

    public void attach(int index, StreamInstance instance, VigilConfig config) {
        servers.get(index).attach(instance, config);
    }

    public List<OpsServer> servers() {
        return List.copyOf(servers);
    }

    /** The console's address first (every instance serves one; the first is as good as any), then one line per instance. */
    public void printAddresses(List<StreamInstance> instances, PrintStream out) {
        if (!servers.isEmpty()) {
            out.printf("Console: %s  (open it in a browser: live alerts, charts, card and device search, actions)%n",
                    servers.get(0).consoleUrl());
        }
        for (int i = 0; i < servers.size(); i++) {
            String name = i < instances.size() ? instances.get(i).instanceId() : "instance-" + (i + 1);
            out.printf("%s: %s/metrics  /health  /ready  /cards/{id}  /devices/{id}%n", name, servers.get(i).url());
        }
    }

    @Override
    public void close() {
        servers.forEach(OpsServer::close);
    }
}
