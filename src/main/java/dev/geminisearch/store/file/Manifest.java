package dev.geminisearch.store.file;

import dev.geminisearch.store.StoreFingerprint;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code store.properties}: the on-disk format version and the fingerprint a store was created
 * with, so that a store is never read by code or under a model it was not written for.
 *
 * <p>Version 1 logs hold items without segments only. A store moves to version 2 just before its
 * first segmented item is logged, so that a service version that cannot read segments refuses the
 * store with a clear message instead of failing on a record; a store that never holds a segmented
 * item stays at version 1, readable by both.
 */
record Manifest(int formatVersion, StoreFingerprint fingerprint) {

    static final String FILE_NAME = "store.properties";
    /** What a new store starts with: no segmented items. */
    static final int PLAIN_FORMAT_VERSION = 1;
    /** The log may hold segmented items. */
    static final int SEGMENTS_FORMAT_VERSION = 2;

    static Manifest initial(StoreFingerprint fingerprint) {
        return new Manifest(PLAIN_FORMAT_VERSION, fingerprint);
    }

    /** Whether this version of the code reads the store. */
    boolean readable() {
        return formatVersion == PLAIN_FORMAT_VERSION || formatVersion == SEGMENTS_FORMAT_VERSION;
    }

    /** The manifest in this directory; empty when there is none. */
    static Optional<Manifest> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            int version = Integer.parseInt(required(properties, "format.version", file));
            String model = required(properties, "model", file);
            int dimensions = Integer.parseInt(required(properties, "dimensions", file));
            return Optional.of(new Manifest(version, new StoreFingerprint(model, dimensions)));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " is damaged: it has no '" + key + "'");
        }
        return value.trim();
    }

    void write(Path directory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("format.version", Integer.toString(formatVersion));
        properties.setProperty("model", fingerprint.model());
        properties.setProperty("dimensions", Integer.toString(fingerprint.dimensions()));
        StringWriter text = new StringWriter();
        properties.store(text, "gemini-search file store; do not edit: vectors of another model or size cannot be mixed");
        Durable.writeAtomically(directory.resolve(FILE_NAME), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
