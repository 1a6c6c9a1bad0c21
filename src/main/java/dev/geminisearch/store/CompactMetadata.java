package dev.geminisearch.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An item's metadata as the item keeps it: unmodifiable, in insertion order, and small. Items
 * typically carry a handful of keys and a store holds millions of items, so a {@code LinkedHashMap}
 * behind an unmodifiable wrapper (~250 B for two entries) is replaced by one array of alternating
 * keys and values (~50 B), looked up linearly, which for a handful of keys costs no more than
 * hashing. Larger maps keep the hashed copy. Copying a map that is already compact returns it, so an
 * item passed through several {@code with...} copies shares one instance.
 */
final class CompactMetadata extends AbstractMap<String, Object> {

    /** Up to this many entries the linear layout is used. */
    static final int MAX_LINEAR = 16;

    /** key0, value0, key1, value1, ... */
    private final Object[] entries;

    private CompactMetadata(Object[] entries) {
        this.entries = entries;
    }

    /** An unmodifiable copy of the map in its iteration order (the map itself when already one). */
    static Map<String, Object> copyOf(Map<String, Object> metadata) {
        if (metadata instanceof CompactMetadata) {
            return metadata;
        }
        if (metadata.isEmpty()) {
            return Map.of();
        }
        if (metadata.size() > MAX_LINEAR) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
        Object[] entries = new Object[2 * metadata.size()];
        int at = 0;
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            entries[at++] = entry.getKey();
            entries[at++] = entry.getValue();
        }
        return new CompactMetadata(entries);
    }

    @Override
    public int size() {
        return entries.length / 2;
    }

    @Override
    public Object get(Object key) {
        int at = indexOf(key);
        return at < 0 ? null : entries[at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < entries.length; i += 2) {
            if (java.util.Objects.equals(entries[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < entries.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= entries.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Object> entry = new SimpleImmutableEntry<>((String) entries[next], entries[next + 1]);
                        next += 2;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return entries.length / 2;
            }
        };
    }
}
