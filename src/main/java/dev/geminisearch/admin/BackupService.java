package dev.geminisearch.admin;

import dev.geminisearch.store.BackupSummary;
import dev.geminisearch.store.SwitchableVectorStore;
import dev.geminisearch.store.file.FileVectorStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Consistent backups of the file store while it serves. The pgvector store is backed up with the
 * database's own tools ({@code pg_dump}); the memory store has nothing to back up.
 */
public class BackupService {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'backup-'yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final SwitchableVectorStore store;
    private final Path folder;
    private final Clock clock;

    public BackupService(SwitchableVectorStore store, Path folder, Clock clock) {
        this.store = store;
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * Writes a backup into a new sub-folder of the backup folder.
     *
     * @throws AdminOperationException when the store is not a file store
     */
    public BackupSummary backup() {
        if (!(store.current() instanceof FileVectorStore fileStore)) {
            throw new AdminOperationException("backups here are for the file store; the " + store.type()
                    + " store " + ("pgvector".equals(store.type())
                    ? "is backed up with pg_dump (see the README)" : "keeps nothing to back up"));
        }
        String name = NAME.format(clock.instant()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        return fileStore.backupTo(folder.resolve(name).toAbsolutePath());
    }
}
