package dev.geminisearch.store.file;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance per distinct short string while a log is replayed: metadata keys, MIME types and
 * short metadata values repeat across most items ({@code "group"}, {@code "text/plain"},
 * {@code "g3"}), and each record would otherwise decode its own copies, which the items then keep
 * for as long as the store is open. Bounded, so that a log of unique values costs a lookup per
 * string and no more memory than that bound. Not thread-safe: one replay, one thread.
 */
final class StringPool {

    /** Longer strings are rarely repeated and cost more to hash than they save. */
    static final int MAX_LENGTH = 64;
    /** Distinct strings kept; beyond it strings are still looked up, no longer added. */
    static final int MAX_ENTRIES = 1 << 16;

    private final Map<String, String> pool = new HashMap<>();

    /** The pooled instance equal to {@code value}, which becomes it when new and there is room. */
    String dedupe(String value) {
        if (value.length() > MAX_LENGTH) {
            return value;
        }
        String pooled = pool.get(value);
        if (pooled != null) {
            return pooled;
        }
        if (pool.size() < MAX_ENTRIES) {
            pool.put(value, value);
        }
        return value;
    }
}
