/**
 * The PostgreSQL + pgvector store, for several stateless service replicas over one database.
 * Owns its schema (Flyway migrations under {@code db/migration/pgvector}); must never know HTTP or
 * Gemini.
 */
package dev.geminisearch.store.pgvector;
