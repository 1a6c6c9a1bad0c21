package dev.geminisearch.store.vector;

/**
 * Where an {@link HnswIndex} reads the vectors of its nodes: the store's own vector rows, so that
 * the graph does not keep a second copy of every vector. A node's vector is the
 * {@link #dimensions()} floats of {@code array(node)} starting at {@code offset(node)}.
 *
 * <p>Contract, which the index relies on and does not check:
 * <ul>
 *   <li>From before {@link HnswIndex#add(int)} is called for a node until {@link HnswIndex#remove(int)}
 *       has returned for it, {@code array}/{@code offset} give that node's vector; the index never
 *       asks for a node it does not hold (it copies a removed node's vector, see
 *       {@link HnswIndex#remove(int)}).</li>
 *   <li>While any call on the index runs (a search, a write, a save), the vectors of the nodes it
 *       holds stay where {@code array}/{@code offset} say. A store that moves rows (swap-remove on
 *       delete) does so only while it keeps index calls out, e.g. under the write side of the same
 *       read/write lock its searches hold the read side of.</li>
 *   <li>Both methods are called from many threads at once (concurrent searches, and the worker
 *       threads of a bulk build), so they must be safe for concurrent reads; they are called once per
 *       scored vector, so they should be an array lookup or two, never allocate or lock.</li>
 * </ul>
 */
public interface HnswVectors {

    /** Length of every vector. */
    int dimensions();

    /** The array holding the node's vector. */
    float[] array(int node);

    /** Where the node's vector starts in {@link #array(int)}. */
    int offset(int node);
}
