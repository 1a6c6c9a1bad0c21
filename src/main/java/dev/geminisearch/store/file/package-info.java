/**
 * The durable single-directory store ({@code STORE_TYPE=file}): an fsynced append-only item log
 * with compaction, content-addressed originals and a manifest that pins the model and dimensions.
 * Builds on {@link dev.geminisearch.store.VectorIndex}; everything else here is private to it.
 */
package dev.geminisearch.store.file;
