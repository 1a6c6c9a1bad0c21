package dev.geminisearch.store.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Originals as content-addressed files, {@code blobs/ab/abcdef...} named by their SHA-256, fanned
 * out by the first two hex digits so no directory grows huge. Callers pass only validated hashes.
 *
 * <p>Not thread-safe for writes: the owning store writes and deletes under its write lock.
 */
final class BlobDirectory {

    static final String DIRECTORY_NAME = "blobs";
    private static final String TEMP_SUFFIX = ".tmp";

    private static final Logger log = LoggerFactory.getLogger(BlobDirectory.class);

    private final Path root;

    BlobDirectory(Path storeDirectory) throws IOException {
        this.root = Files.createDirectories(storeDirectory.resolve(DIRECTORY_NAME));
    }

    Path path(String contentHash) {
        return root.resolve(contentHash.substring(0, 2)).resolve(contentHash);
    }

    /** Stores the bytes durably (temp, fsync, atomic move, directory fsync) before returning. */
    void write(String contentHash, byte[] bytes) throws IOException {
        Path target = path(contentHash);
        Path fanOut = target.getParent();
        if (!Files.isDirectory(fanOut)) {
            Files.createDirectories(fanOut);
            Durable.syncDirectory(root);
        }
        Durable.writeAtomically(target, bytes);
    }

    Optional<byte[]> read(String contentHash) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(contentHash)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void delete(String contentHash) throws IOException {
        Files.deleteIfExists(path(contentHash));
    }

    /**
     * Deletes files no live item refers to: temp files and blobs orphaned by a crash between
     * writing a blob and logging the item, or between logging a delete and removing the blob.
     * Warns about referenced blobs that are missing.
     *
     * @return the number of files deleted
     */
    int sweep(Set<String> referenced) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> fanOuts = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path fanOut : fanOuts) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(fanOut)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(TEMP_SUFFIX) || !referenced.contains(name)) {
                            Files.deleteIfExists(file);
                            deleted++;
                        }
                    }
                }
            }
        }
        for (String hash : referenced) {
            if (!Files.exists(path(hash))) {
                log.warn("the original {} that items refer to is missing from {}", hash, root);
            }
        }
        if (deleted > 0) {
            log.info("deleted {} unreferenced files from {}", deleted, root);
        }
        return deleted;
    }
}
