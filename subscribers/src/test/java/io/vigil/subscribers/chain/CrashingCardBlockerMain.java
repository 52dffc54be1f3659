package io.vigil.subscribers.chain;

import io.vigil.events.Severity;
import io.vigil.subscribers.CardBlocker;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A card-blocker in a child JVM that commits its first transaction with actions normally, then, in its second,
 * announces {@code MID-TRANSACTION n} on stdout with the transaction's actions already sent and flushed to the
 * broker but not committed, and waits there for the test to {@code kill -9} it.
 *
 * <p>Arguments: bootstrap servers, schema registry URL, alerts topic, actions topic, DLQ topic, group, instance id.
 */
public final class CrashingCardBlockerMain {

    private CrashingCardBlockerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> clients = Map.of("bootstrap.servers", args[0], "schema.registry.url", args[1]);
        CardBlocker.Settings settings = new CardBlocker.Settings(args[2], args[3], args[4], Severity.HIGH, args[5],
                args[6]);
        AtomicInteger withActions = new AtomicInteger();
        CardBlocker blocker = CardBlocker.create(clients, settings, (alerts, actions) -> {
            if (actions > 0) {
                int n = withActions.incrementAndGet();
                System.out.println("COMMITTING " + n + " " + actions);
                if (n == 2) {
                    System.out.println("MID-TRANSACTION " + actions);
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                System.out.flush();
            }
        });
        blocker.run();
    }
}
