package dev.geminisearch.store.vector;

/** How {@link VectorRows} holds the vectors it scans. */
public enum VectorEncoding {

    /** Full-precision floats on the heap; scan scores are exact. 4 bytes per dimension. */
    FLOAT32,

    /**
     * One signed byte per dimension plus one float scale per vector on the heap (4x smaller, scanned
     * 4x faster), the full-precision vectors in a memory-mapped scratch file off the heap, read only
     * to re-score the best candidates exactly.
     */
    INT8
}
