package io.vigil.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The OPEN alerts on one entity that have not yet escalated, oldest event first: the escalation store's value.
 * Bounded by the escalation threshold (at most {@code alerts - 1} entries survive a step), and encoded by hand
 * (a version byte, then the entries) because it is private state with no schema subject to register.
 */
final class PendingAlerts {

    /** One OPEN alert waiting for company: its id, rule, event time and severity (the Avro enum's ordinal). */
    record Pending(String alertId, String ruleId, long eventMillis, int severity) {
    }

    private static final byte VERSION = 1;
    private static final Comparator<Pending> BY_EVENT_TIME = Comparator.comparingLong(Pending::eventMillis);

    private final List<Pending> entries;

    PendingAlerts(List<Pending> entries) {
        this.entries = new ArrayList<>(entries);
        this.entries.sort(BY_EVENT_TIME);
    }

    static PendingAlerts empty() {
        return new PendingAlerts(List.of());
    }

    List<Pending> entries() {
        return List.copyOf(entries);
    }

    boolean contains(String alertId) {
        return entries.stream().anyMatch(p -> p.alertId().equals(alertId));
    }

    /** Adds {@code pending} in event-time order (ties keep arrival order). */
    void add(Pending pending) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).eventMillis() > pending.eventMillis()) {
            i--;
        }
        entries.add(i, pending);
    }

    /** Forgets alerts more than {@code windowMillis} older than the newest one: they can no longer escalate with it. */
    void keepWithin(long windowMillis) {
        if (entries.isEmpty()) {
            return;
        }
        long newest = entries.get(entries.size() - 1).eventMillis();
        entries.removeIf(p -> p.eventMillis() < newest - windowMillis);
    }

    /** Event time of the newest pending alert; {@link Long#MIN_VALUE} when none is pending. */
    long newestMillis() {
        return entries.isEmpty() ? Long.MIN_VALUE : entries.get(entries.size() - 1).eventMillis();
    }

    int size() {
        return entries.size();
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * entries.size() + 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeShort(entries.size());
            for (Pending p : entries) {
                out.writeUTF(p.alertId());
                out.writeUTF(p.ruleId());
                out.writeLong(p.eventMillis());
                out.writeByte(p.severity());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static PendingAlerts decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown escalation state format version " + version);
            }
            int count = in.readUnsignedShort();
            List<Pending> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(new Pending(in.readUTF(), in.readUTF(), in.readLong(), in.readByte()));
            }
            return new PendingAlerts(entries);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated escalation state: " + e.getMessage(), e);
        }
    }
}
