package dev.geminisearch.store;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where vectors and originals are kept.
 *
 * @param type     memory (lost on restart), file (durable, one machine) or pgvector (PostgreSQL, shared by
 *                 replicas) (STORE_TYPE)
 * @param path     folder of the file store (STORE_PATH)
 * @param pgvector settings of the pgvector store; its connection comes from SPRING_DATASOURCE_URL,
 *                 SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD
 */
@Validated
@ConfigurationProperties("store")
public record StoreProperties(@DefaultValue("file") @NotNull Type type, @DefaultValue("./data") @NotNull Path path,
                              @DefaultValue @Valid @NotNull Pgvector pgvector) {

    /** The store implementations. */
    public enum Type {
        MEMORY, FILE, PGVECTOR
    }

    /**
     * The pgvector store's tunables.
     *
     * @param schema   schema of its tables, created when missing (STORE_PGVECTOR_SCHEMA)
     * @param efSearch HNSW candidates per search, 1..1000, raised to topK when smaller; more finds more of
     *                 the true top-k, more slowly (STORE_PGVECTOR_EF_SEARCH)
     */
    public record Pgvector(
            @DefaultValue("public") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a lower-case SQL identifier")
            String schema,
            @DefaultValue("100") @Min(1) @Max(1000) int efSearch) {
    }
}
