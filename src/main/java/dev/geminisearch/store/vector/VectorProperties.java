package dev.geminisearch.store.vector;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the local stores hold and scan vectors (the pgvector store ignores these).
 *
 * @param encoding            float32 (exact, the default) or int8 (4x less heap, approximate scan whose best
 *                            {@code topK x oversample} rows are re-scored at full precision)
 *                            (STORE_VECTORS_ENCODING)
 * @param shortlistDimensions 0 (off, the default) or the length of a Matryoshka prefix, e.g. 256, shorter than
 *                            the embedding: each vector's first dimensions, re-normalised, are scanned to pick
 *                            candidates, which are then re-ranked on the whole vector. Gemini embeddings are
 *                            trained so that such prefixes stay meaningful (STORE_VECTORS_SHORTLIST_DIMENSIONS)
 * @param oversample          candidates re-scored per requested hit when the scan is approximate, 1..100
 *                            (STORE_VECTORS_OVERSAMPLE); more finds more of the true top-k, a little more slowly
 * @param batchQueries        whether searches that arrive while a scan runs share the next pass over memory
 *                            (STORE_VECTORS_BATCH_QUERIES); a lone search never waits for a batch
 * @param maxBatch            queries in one shared pass at most, 1..256 (STORE_VECTORS_MAX_BATCH)
 * @param maxPasses           shared passes that may run at the same time, 1..64 (STORE_VECTORS_MAX_PASSES). One
 *                            (the default) reads memory once for everything waiting, which is what a machine whose
 *                            cores share a saturated memory bus needs; more let further cores scan in parallel, at
 *                            the price of reading the vectors once per pass
 * @param scratchDirectory    where the int8 encoding keeps its full-precision vectors in an anonymous (already
 *                            deleted) memory-mapped file; the JVM's temp directory when unset
 *                            (STORE_VECTORS_SCRATCH_DIRECTORY)
 */
@Validated
@ConfigurationProperties("store.vectors")
public record VectorProperties(
        @DefaultValue("float32") @NotNull VectorEncoding encoding,
        @DefaultValue("0") @Min(value = 0, message = "must be 0 (off) or a prefix length (STORE_VECTORS_SHORTLIST_DIMENSIONS)")
        int shortlistDimensions,
        @DefaultValue("4") @Min(value = 1, message = "must be within 1..100 (STORE_VECTORS_OVERSAMPLE)")
        @Max(value = 100, message = "must be within 1..100 (STORE_VECTORS_OVERSAMPLE)") int oversample,
        @DefaultValue("true") boolean batchQueries,
        @DefaultValue("16") @Min(value = 1, message = "must be within 1..256 (STORE_VECTORS_MAX_BATCH)")
        @Max(value = 256, message = "must be within 1..256 (STORE_VECTORS_MAX_BATCH)") int maxBatch,
        @DefaultValue("1") @Min(value = 1, message = "must be within 1..64 (STORE_VECTORS_MAX_PASSES)")
        @Max(value = 64, message = "must be within 1..64 (STORE_VECTORS_MAX_PASSES)") int maxPasses,
        Path scratchDirectory) {

    /** The defaults: float32, no shortlist, oversample 4, batching on (16 queries, one pass at a time), temp directory. */
    public static VectorProperties defaults() {
        return new VectorProperties(VectorEncoding.FLOAT32, 0, 4, true, 16, 1, null);
    }

    /** These settings with another encoding and shortlist. */
    public VectorProperties withLayout(VectorEncoding newEncoding, int newShortlistDimensions) {
        return new VectorProperties(newEncoding, newShortlistDimensions, oversample, batchQueries, maxBatch, maxPasses,
                scratchDirectory);
    }
}
