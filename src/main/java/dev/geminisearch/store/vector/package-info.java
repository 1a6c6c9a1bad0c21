/**
 * How vectors sit in memory and how they are scored: the dot-product kernels (SIMD through the
 * incubating Vector API when the JVM has {@code jdk.incubator.vector}, scalar otherwise), row storage
 * in float32 or int8 with an optional Matryoshka prefix shortlist, exact re-ranking of approximate
 * candidates, and the batcher that lets concurrent queries share one pass over memory.
 *
 * <p>Knows rows by number only: never items, ids, filters or persistence, which stay with
 * {@link dev.geminisearch.store.VectorIndex}. Only {@code PanamaKernel} may name a
 * {@code jdk.incubator.vector} type, and nothing may load it except by reflection from
 * {@link dev.geminisearch.store.vector.VectorKernels}, so that the service runs without the module.
 */
package dev.geminisearch.store.vector;
