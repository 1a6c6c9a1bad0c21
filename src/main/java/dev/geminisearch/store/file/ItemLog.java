package dev.geminisearch.store.file;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of framed records: {@code int payloadLength, int crc32, payload}, where the
 * CRC covers the length and the payload. An append returns only after {@code force}, so a record
 * that was acknowledged survives a crash; a crash during an append leaves at most one partial
 * record at the end, which {@link #open} cuts off.
 *
 * <p>Not thread-safe: the owning store calls it under its write lock.
 */
final class ItemLog implements Closeable {

    static final int HEADER_BYTES = 8;

    /**
     * Above any item record, which bounds what a bad length can claim and how much of a log's end
     * can pass for a torn append. A 3072-dimension vector is 12 KiB; an item of
     * {@link dev.geminisearch.store.StoredItem#MAX_SEGMENTS} segments of 3072 dimensions is 123 MB.
     */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;

    private static final Logger log = LoggerFactory.getLogger(ItemLog.class);

    /** Receives each intact record during {@link #open}. */
    @FunctionalInterface
    interface Replay {
        void record(long offset, int frameBytes, byte[] payload);
    }

    /** Takes records for a rewritten log. */
    @FunctionalInterface
    interface RecordSink {
        /** Appends one record (buffered; forced at the end); returns its size in bytes with header. */
        int write(byte[] payload) throws IOException;
    }

    /** Writes the records of a rewritten log. */
    @FunctionalInterface
    interface Rewrite {
        void writeTo(RecordSink sink) throws IOException;
    }

    private final Path file;
    private FileChannel channel;
    private long end;
    private String broken;

    private ItemLog(Path file, FileChannel channel, long end) {
        this.file = file;
        this.channel = channel;
        this.end = end;
    }

    /**
     * Opens (creating if needed) the log, passes each intact record to {@code replay} in order, and
     * cuts off a torn tail: a partial or corrupt last record left by a crash during an append.
     *
     * @throws IllegalStateException when a record before the tail is corrupt (naming file and offset);
     *                               runtime exceptions from {@code replay} propagate
     */
    static ItemLog open(Path file, Replay replay) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long end = replay(file, channel, replay);
            channel.position(end);
            return new ItemLog(file, channel, end);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static long replay(Path file, FileChannel channel, Replay replay) throws IOException {
        long size = channel.size();
        long position = 0;
        ReadWindow window = new ReadWindow(channel);
        byte[] headerBytes = new byte[HEADER_BYTES];
        ByteBuffer header = ByteBuffer.wrap(headerBytes);
        while (position < size) {
            long remaining = size - position;
            String problem;
            if (remaining < HEADER_BYTES) {
                problem = "a partial record header";
            } else {
                window.read(position, headerBytes, HEADER_BYTES);
                header.clear();
                int length = header.getInt();
                int crc = header.getInt();
                if (length < 1 || length > MAX_PAYLOAD_BYTES) {
                    problem = "an impossible record length " + length;
                } else if (length > remaining - HEADER_BYTES) {
                    problem = "a record cut short";
                } else {
                    byte[] payload = new byte[length];
                    window.read(position + HEADER_BYTES, payload, length);
                    int frameBytes = HEADER_BYTES + length;
                    if (crc(length, payload) == crc) {
                        replay.record(position, frameBytes, payload);
                        position += frameBytes;
                        continue;
                    }
                    if (frameBytes != remaining) {
                        throw corrupt(file, position, "checksum mismatch in a record followed by more records");
                    }
                    problem = "a checksum mismatch in the last record";
                }
            }
            if (remaining > HEADER_BYTES + MAX_PAYLOAD_BYTES) {
                // more than one append could have left behind: this is damage, not a torn write
                throw corrupt(file, position, problem + " followed by " + remaining + " more bytes");
            }
            // Keep the bytes aside before cutting them: a torn append was never acknowledged, but if this was
            // damage instead, an operator can still inspect what was there.
            Path aside = file.resolveSibling(file.getFileName() + ".dropped-" + position);
            try (FileChannel copy = FileChannel.open(aside, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.transferTo(position, remaining, copy);
                copy.force(true);
            }
            log.warn("{}: dropping the last {} bytes at offset {} ({}), most likely left by a write that a crash "
                    + "interrupted and that was never acknowledged; the bytes are kept in {}", file, remaining, position,
                    problem, aside);
            channel.truncate(position);
            channel.force(true);
            return position;
        }
        return position;
    }

    private static IllegalStateException corrupt(Path file, long offset, String problem) {
        return new IllegalStateException("The item log " + file + " is corrupt at offset " + offset + ": " + problem
                + ". Restore the store directory from a backup, or move it away and re-ingest the items.");
    }

    /** Path of the log file. */
    Path file() {
        return file;
    }

    /** Bytes of intact records, which is where the next append goes. */
    long size() {
        return end;
    }

    /**
     * Appends and forces one record; returns its size in bytes with header. On failure the file is
     * cut back to its previous end, so a failed append leaves no partial record behind.
     */
    int append(byte[] payload) throws IOException {
        if (broken != null) {
            throw new IOException("the item log " + file + " cannot be written: " + broken + "; restart the service");
        }
        ByteBuffer frame = frame(payload);
        int frameBytes = frame.remaining();
        long start = end;
        try {
            long position = start;
            while (frame.hasRemaining()) {
                position += channel.write(frame, position);
            }
            channel.force(true);
        } catch (IOException e) {
            try {
                channel.truncate(start);
                channel.force(true);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
                broken = "a failed append could not be undone";
            }
            throw e;
        }
        end = start + frameBytes;
        return frameBytes;
    }

    /**
     * Replaces the log with the records {@code rewrite} writes: into a temp file, forced, renamed
     * over the log and the directory forced, so a crash leaves either the old or the new log. Later
     * appends go to the new file.
     */
    void rewrite(Rewrite rewrite) throws IOException {
        Path temp = compactionTemp(file);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 20);
            rewrite.writeTo(payload -> {
                ByteBuffer frame = frame(payload);
                int frameBytes = frame.remaining();
                stream.write(frame.array(), 0, frameBytes);
                return frameBytes;
            });
            stream.flush();
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // From here on the old channel points at an unlinked file: appends must go to the new one.
        try {
            channel.close();
            Durable.syncDirectory(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            end = channel.size();
        } catch (IOException e) {
            broken = "it could not be reopened after compaction (" + e.getMessage() + ")";
            throw e;
        }
    }

    /** Where {@link #rewrite} builds the new log; a leftover one is from a crash and is deleted on open. */
    static Path compactionTemp(Path file) {
        return file.resolveSibling(file.getFileName() + ".compacting");
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.force(true);
            } finally {
                channel.close();
            }
        }
    }

    private static ByteBuffer frame(byte[] payload) {
        if (payload.length < 1 || payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a record of " + payload.length + " bytes is outside 1.."
                    + MAX_PAYLOAD_BYTES);
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        frame.putInt(payload.length).putInt(crc(payload.length, payload)).put(payload).flip();
        return frame;
    }

    private static int crc(int length, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Integer.BYTES).putInt(length).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    /**
     * Sequential reads of the log through a 1 MiB buffer: a replay asks for a header then a
     * payload per record, two system calls per record without it (the log of a million items is
     * two million reads). Records larger than the buffer are read directly.
     */
    private static final class ReadWindow {

        private static final int CAPACITY = 1 << 20;

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        /** File position of {@code buffer[0]}; the buffer holds {@code [start, start + limit)}. */
        private long start;

        ReadWindow(FileChannel channel) {
            this.channel = channel;
            buffer.limit(0);
        }

        /** Copies the {@code length} bytes at {@code position} into {@code into[0..length)}. */
        void read(long position, byte[] into, int length) throws IOException {
            if (length > CAPACITY) {
                readFully(channel, ByteBuffer.wrap(into, 0, length), position);
                return;
            }
            if (position < start || position + length > start + buffer.limit()) {
                buffer.clear();
                long at = position;
                while (buffer.hasRemaining()) {
                    int read = channel.read(buffer, at);
                    if (read < 0) {
                        break;
                    }
                    at += read;
                }
                buffer.flip();
                start = position;
                if (buffer.limit() < length) {
                    throw new EOFException("unexpected end of " + channel + " at " + (position + buffer.limit()));
                }
            }
            buffer.get((int) (position - start), into, 0, length);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("unexpected end of " + channel + " at " + at);
            }
            at += read;
        }
    }
}
