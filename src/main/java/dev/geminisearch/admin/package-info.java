/**
 * Day-two operations on the store: re-indexing to another vector size from the stored originals,
 * and consistent backups of the file store. Must never know HTTP.
 */
package dev.geminisearch.admin;
