package dev.geminisearch.store;

import java.nio.file.Path;

/**
 * A finished backup.
 *
 * @param location where it was written; itself a valid store directory
 * @param items    number of items in it
 * @param bytes    size of the log and originals written or linked
 */
public record BackupSummary(Path location, long items, long bytes) {
}
