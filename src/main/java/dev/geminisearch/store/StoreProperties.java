package dev.geminisearch.store;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where vectors and originals are kept.
 *
 * @param type memory (lost on restart), file (durable, one machine) or pgvector (STORE_TYPE)
 * @param path folder of the file store (STORE_PATH)
 */
@Validated
@ConfigurationProperties("store")
public record StoreProperties(@DefaultValue("file") @NotNull Type type, @DefaultValue("./data") @NotNull Path path) {

    /** The store implementations. */
    public enum Type {
        MEMORY, FILE, PGVECTOR
    }
}
