package io.vigil.subscribers;

/**
 * Where the notifier delivers: a webhook, a file, a terminal, or (in the demo) a collector that measures the chain.
 * A sink returns only once the notification is delivered, because the notifier records it as delivered right after.
 */
public interface NotificationSink extends AutoCloseable {

    /**
     * Delivers {@code notification}, retrying as the sink sees fit.
     *
     * @throws DeliveryFailedException when the sink gave up: the notifier dead-letters the item and moves on
     * @throws java.io.UncheckedIOException when the sink itself is broken (a full disk): the notifier stops without
     *                                      committing, so the item is delivered after a restart
     */
    void deliver(Notification notification) throws DeliveryFailedException;

    /** A short description for logs and the delivered-id log, e.g. {@code webhook http://...}. */
    String describe();

    @Override
    default void close() {
    }
}
