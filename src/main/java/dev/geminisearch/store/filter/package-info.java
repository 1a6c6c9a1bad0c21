/**
 * A small filter language over stored items ({@code genre == 'jazz' && year >= 2020}): its parser,
 * its tree, an in-memory evaluator and a PostgreSQL translation that agree on every item.
 *
 * <p>Owns the syntax ({@link dev.geminisearch.store.filter.FilterParser}), the tree
 * ({@link dev.geminisearch.store.filter.FilterExpression}) and its semantics. Must never know about
 * HTTP or a particular store's connection handling: {@link dev.geminisearch.store.filter.SqlFilter}
 * returns SQL text and named parameters, and the caller runs them.
 */
package dev.geminisearch.store.filter;
