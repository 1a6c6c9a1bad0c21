package dev.geminisearch.store.file;

import dev.geminisearch.store.BulkInputStream;
import dev.geminisearch.store.IncomingContent;
import dev.geminisearch.store.StoredContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
    /** Large enough that copying a big original is not dominated by system calls. */
    private static final int COPY_BUFFER_BYTES = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(BlobDirectory.class);

    private final Path root;

    BlobDirectory(Path storeDirectory) throws IOException {
        this.root = Files.createDirectories(storeDirectory.resolve(DIRECTORY_NAME));
    }

    Path path(String contentHash) {
        return root.resolve(contentHash.substring(0, 2)).resolve(contentHash);
    }

    /**
     * Copies the content into a temp file as a stream (never whole in the heap), hashing it on the
     * way; only when {@link IncomingContent#verify()} passes is the file forced and moved to its
     * name, and the directory forced. Any failure, a mismatch included, removes the temp file.
     */
    void write(IncomingContent content) throws IOException {
        Path target = path(content.hash());
        Path fanOut = target.getParent();
        if (!Files.isDirectory(fanOut)) {
            Files.createDirectories(fanOut);
            Durable.syncDirectory(root);
        }
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try {
            try (InputStream in = content.open();
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                copy(in, out);
                content.verify();
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                // the sweep on the next open removes it
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Durable.syncDirectory(fanOut);
    }

    private static void copy(InputStream in, FileChannel out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        int read;
        while ((read = in.read(buffer, 0, buffer.length)) >= 0) {
            wrapped.clear().limit(read);
            while (wrapped.hasRemaining()) {
                out.write(wrapped);
            }
        }
    }

    Optional<byte[]> read(String contentHash) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(contentHash)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The blob for ranged reads, its size taken now; empty when there is no such file. */
    Optional<StoredContent> open(String contentHash) throws IOException {
        Path file = path(contentHash);
        try {
            return Optional.of(new BlobContent(file, Files.size(file)));
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

    /**
     * A blob read in ranges: each {@link #open(long, long)} opens the file afresh, positioned at the
     * offset, so that nothing stays open between requests. A blob deleted since (its last item
     * went) fails with {@link NoSuchFileException}; one already open reads on, as POSIX keeps
     * unlinked files readable.
     */
    private record BlobContent(Path file, long size) implements StoredContent {

        @Override
        public InputStream open(long offset, long length) throws IOException {
            StoredContent.checkRange(offset, length, size);
            return new RangeStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        }
    }

    /** {@code length} bytes of a channel from {@code offset}, by positional reads; closes the channel. */
    private static final class RangeStream extends BulkInputStream {

        private final FileChannel channel;
        private long position;
        private long remaining;

        RangeStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.remaining = length;
        }

        @Override
        protected int readSome(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int read = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, remaining)), position);
            if (read < 0) {
                // the file is shorter than when it was opened, which a content-addressed blob never is
                throw new java.io.EOFException(remaining + " bytes missing at offset " + position);
            }
            position += read;
            remaining -= read;
            return read;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, remaining));
            position += skipped;
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
