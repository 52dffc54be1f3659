package io.vigil.serdes.testkit;

import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import java.time.Instant;

/** A {@link Transaction} with sensible defaults (see {@link Events#aTransaction()}); set only what a test is about. */
public final class TransactionBuilder {

    private String eventId = "tx-1";
    private String cardId = "card-1";
    private Instant timestamp = Events.T0;
    private long amountMinor = 2_500;
    private String currency = "EUR";
    // Null until set: the merchant then follows the event id, so that events of one test differ by merchant.
    private String merchantId;
    private String merchantCategory = "5411";
    private Channel channel = Channel.ECOMMERCE;
    private Double latitude;
    private Double longitude;
    private String country = "DE";

    TransactionBuilder() {
    }

    public TransactionBuilder id(String eventId) {
        this.eventId = eventId;
        return this;
    }

    public TransactionBuilder card(String cardId) {
        this.cardId = cardId;
        return this;
    }

    /** Event time. */
    public TransactionBuilder at(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** Event time, {@code seconds} after {@link Events#T0}. */
    public TransactionBuilder atSecond(long seconds) {
        return at(Events.T0.plusSeconds(seconds));
    }

    /** Amount in minor units (cents). */
    public TransactionBuilder amount(long amountMinor) {
        this.amountMinor = amountMinor;
        return this;
    }

    public TransactionBuilder currency(String currency) {
        this.currency = currency;
        return this;
    }

    public TransactionBuilder merchant(String merchantId) {
        this.merchantId = merchantId;
        return this;
    }

    /** ISO 18245 merchant category code. */
    public TransactionBuilder category(String merchantCategory) {
        this.merchantCategory = merchantCategory;
        return this;
    }

    public TransactionBuilder channel(Channel channel) {
        this.channel = channel;
        return this;
    }

    /** Terminal position; null for none. */
    public TransactionBuilder position(Double latitude, Double longitude) {
        this.latitude = latitude;
        this.longitude = longitude;
        return this;
    }

    /** Paid at a terminal at this position. */
    public TransactionBuilder presentAt(double latitude, double longitude) {
        return channel(Channel.CARD_PRESENT).position(latitude, longitude);
    }

    /** Paid online: e-commerce, no terminal position (the default). */
    public TransactionBuilder online() {
        return channel(Channel.ECOMMERCE).position(null, null);
    }

    public TransactionBuilder country(String country) {
        this.country = country;
        return this;
    }

    public Transaction build() {
        return Transaction.newBuilder()
                .setEventId(eventId)
                .setCardId(cardId)
                .setTimestamp(timestamp)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setMerchantId(merchantId == null ? "m-" + eventId : merchantId)
                .setMerchantCategory(merchantCategory)
                .setChannel(channel)
                .setLatitude(latitude)
                .setLongitude(longitude)
                .setCountry(country)
                .build();
    }
}
