package io.vigil.lab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The peak of used heap over a stage, by sampling.
 *
 * <p>Sampled rather than read from the memory pools' own peaks because those are per pool (eden, survivor, old)
 * and their sum overstates the real peak; a sample every few milliseconds sees the heap just before each young
 * collection, which is the peak that matters for sizing {@code -Xmx}. It is the whole process's heap: in the
 * embedded default that includes the broker and the in-memory backlog, not only the stream application.
 */
final class HeapWatch {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private long peak;

    void sample() {
        peak = Math.max(peak, currentBytes());
    }

    long currentBytes() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    long peakBytes() {
        return peak;
    }

    /** The heap's upper bound ({@code -Xmx}), or -1 if the JVM does not say. */
    static long maxBytes() {
        return MEMORY.getHeapMemoryUsage().getMax();
    }

    /** Used heap right after a full collection: what the process really retains. */
    static long liveBytesAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
