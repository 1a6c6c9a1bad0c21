package dev.geminisearch.store.vector;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * The file format of a saved {@link HnswIndex}, little-endian throughout:
 *
 * <pre>
 * header (64 bytes)  u16 version + "GSHNSW", dimensions, m, efConstruction, ordinals,
 *                    retired, levels, entry ordinal (ints), checkpoint epoch, position (longs), 8 spare
 * nodes              int[ordinals]: node id, or -1 - r for a removed node whose vector is retired row r
 * top levels         byte[ordinals], padded to a multiple of 4
 * retired vectors    float[retired * dimensions]
 * neighbours         per ordinal, per level 0..top: count, int[count] ordinals, float[count] scores
 * trailer (16 bytes) length of all the above (long), its CRC-32C (int), magic "HNSW"
 * </pre>
 *
 * Reading checks the length first (a truncated file fails at once), every count and ordinal against
 * its range while parsing (so a corrupt file cannot make it allocate wildly or build a graph that
 * fails later), and the checksum at the end, before the index is handed out.
 */
final class HnswFile {

    static final int VERSION = 1;

    /** The first 8 bytes: the version (u16), then "GSHNSW". */
    private static final long MAGIC = 0x57534e4853470000L | VERSION;
    private static final int TRAILER_MAGIC = 0x57534e48; // "HNSW"
    private static final int HEADER_BYTES = 64;
    private static final int TRAILER_BYTES = 16;
    private static final int BUFFER_BYTES = 1 << 20;
    /** Far above any real graph: with m >= 2 a layer holds about 1/ln(m) of the one below. */
    private static final int MAX_LEVELS = 64;

    private HnswFile() {
    }

    /** What the header says, besides the graph's own layer count and entry point. */
    record Header(int dimensions, int m, int efConstruction, int ordinals, int retired, HnswCheckpoint checkpoint) {
    }

    /** Where {@link #read} puts what it reads; the index's graph state. */
    interface GraphState {

        /** The empty, growable graph to add the nodes to. */
        OnHeapHnswGraph graph();

        /** Makes room for {@code size} ordinals in {@link #nodes()} and takes that many. */
        void setSize(int size);

        /** Ordinal to node id (or retired row), at least {@code size} long after {@link #setSize}. */
        int[] nodes();
    }

    /** Creates the state to fill once the header has been read and checked. */
    @FunctionalInterface
    interface StateFactory {
        GraphState create(Header header);
    }

    /** Receives the filled state and the retired vectors, once the checksum has been verified. */
    @FunctionalInterface
    interface Completion {
        void complete(GraphState state, HnswFloatVectors retired);
    }

    // ---- writing ----

    static void write(Path file, Header header, OnHeapHnswGraph graph, int[] nodes, HnswFloatVectors retired)
            throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        int size = header.ordinals();
        int[] topLevels = HnswIndex.topLevels(graph, size);
        int levels = size == 0 ? 0 : graph.numLevels();
        int entry = size == 0 ? -1 : graph.entryNode();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Output out = new Output(channel);
            out.putLong(MAGIC);
            out.putInt(header.dimensions());
            out.putInt(header.m());
            out.putInt(header.efConstruction());
            out.putInt(size);
            out.putInt(header.retired());
            out.putInt(levels);
            out.putInt(entry);
            out.putLong(header.checkpoint().epoch());
            out.putLong(header.checkpoint().position());
            out.putInt(0);
            out.putInt(0);
            out.putInt(0);
            out.putInt(0);
            for (int ordinal = 0; ordinal < size; ordinal++) {
                out.putInt(nodes[ordinal]);
            }
            for (int ordinal = 0; ordinal < size; ordinal++) {
                out.putByte((byte) topLevels[ordinal]);
            }
            for (int pad = size; pad % 4 != 0; pad++) {
                out.putByte((byte) 0);
            }
            for (int row = 0; row < header.retired(); row++) {
                float[] block = retired.array(row);
                int offset = retired.offset(row);
                for (int i = 0; i < header.dimensions(); i++) {
                    out.putFloat(block[offset + i]);
                }
            }
            for (int ordinal = 0; ordinal < size; ordinal++) {
                for (int level = 0; level <= topLevels[ordinal]; level++) {
                    NeighborArray neighbours = graph.getNeighbors(level, ordinal);
                    int count = neighbours.size();
                    int[] ids = neighbours.nodes();
                    out.putInt(count);
                    for (int i = 0; i < count; i++) {
                        out.putInt(ids[i]);
                    }
                    for (int i = 0; i < count; i++) {
                        out.putFloat(neighbours.getScores(i));
                    }
                }
            }
            out.finish();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /** Makes the rename durable, as fsync of the file alone does not; Windows cannot open a directory. */
    private static void syncDirectory(Path directory) throws IOException {
        if (directory == null || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** A little-endian buffered writer that checksums what it writes. */
    private static final class Output {

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long length;

        Output(FileChannel channel) {
            this.channel = channel;
        }

        void putByte(byte value) throws IOException {
            room(1);
            buffer.put(value);
        }

        void putInt(int value) throws IOException {
            room(4);
            buffer.putInt(value);
        }

        void putFloat(float value) throws IOException {
            room(4);
            buffer.putFloat(value);
        }

        void putLong(long value) throws IOException {
            room(8);
            buffer.putLong(value);
        }

        void finish() throws IOException {
            flush();
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putLong(length).putInt((int) crc.getValue()).putInt(TRAILER_MAGIC).flip();
            writeFully(trailer);
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.array(), 0, buffer.limit());
            length += buffer.limit();
            writeFully(buffer);
            buffer.clear();
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    // ---- reading ----

    /**
     * Reads a saved index: checks the header against {@code dimensions}, has {@code factory} create
     * the state, fills it, verifies the checksum, then hands it to {@code completion}.
     *
     * @return the checkpoint the file was saved at
     */
    static HnswCheckpoint read(Path file, int dimensions, StateFactory factory, Completion completion) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileBytes = channel.size();
            if (fileBytes < HEADER_BYTES + TRAILER_BYTES) {
                throw unusable(file, "it is " + fileBytes + " bytes long, shorter than a header and a trailer");
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, trailer, fileBytes - TRAILER_BYTES);
            trailer.flip();
            long length = trailer.getLong();
            int expectedCrc = trailer.getInt();
            if (trailer.getInt() != TRAILER_MAGIC || length != fileBytes - TRAILER_BYTES) {
                throw unusable(file, "its trailer is missing or does not match its length (truncated, or not fully written)");
            }
            Input in = new Input(channel, length);
            long magic = in.getLong();
            if ((magic & ~0xffffL) != (MAGIC & ~0xffffL)) {
                throw unusable(file, "it is not a saved HNSW index");
            }
            if ((magic & 0xffff) != VERSION) {
                throw unusable(file, "it has format version " + (magic & 0xffff) + ", this code reads version " + VERSION);
            }
            int savedDimensions = in.getInt();
            int m = in.getInt();
            int efConstruction = in.getInt();
            int size = in.getInt();
            int retired = in.getInt();
            int levels = in.getInt();
            int entry = in.getInt();
            HnswCheckpoint checkpoint;
            long epoch = in.getLong();
            long position = in.getLong();
            in.skip(16);
            if (savedDimensions != dimensions) {
                throw unusable(file, "it was built for " + savedDimensions + " dimensions, the vectors have " + dimensions);
            }
            check(file, m >= 2 && m <= 1 << 16, "m", m);
            check(file, efConstruction >= 1, "efConstruction", efConstruction);
            check(file, size >= 0 && size <= length / 9, "node count", size); // each node takes >= 9 bytes
            check(file, retired >= 0 && retired <= size && (long) retired * dimensions * 4 <= length, "removed count", retired);
            check(file, size == 0 ? levels == 0 && entry == -1 : levels >= 1 && levels <= MAX_LEVELS, "layer count", levels);
            check(file, size == 0 || entry >= 0 && entry < size, "entry ordinal", entry);
            check(file, position >= 0, "checkpoint position", position);
            checkpoint = new HnswCheckpoint(epoch, position);

            Header header = new Header(savedDimensions, m, efConstruction, size, retired, checkpoint);
            GraphState state = factory.create(header);
            state.setSize(size);
            int[] nodes = state.nodes();
            boolean[] retiredSeen = new boolean[retired];
            for (int ordinal = 0; ordinal < size; ordinal++) {
                int node = in.getInt();
                if (node < 0) {
                    int row = -1 - node;
                    check(file, row < retired && !retiredSeen[row], "removed-node row", row);
                    retiredSeen[row] = true;
                }
                nodes[ordinal] = node;
            }
            byte[] topLevels = new byte[size];
            int highest = -1;
            for (int ordinal = 0; ordinal < size; ordinal++) {
                topLevels[ordinal] = in.getByte();
                check(file, topLevels[ordinal] >= 0 && topLevels[ordinal] < levels, "node layer", topLevels[ordinal]);
                highest = Math.max(highest, topLevels[ordinal]);
            }
            in.skip((4 - size % 4) % 4);
            check(file, size == 0 || highest == levels - 1 && topLevels[entry] == levels - 1, "entry node layer",
                    size == 0 ? 0 : topLevels[entry]);
            HnswFloatVectors retiredVectors = new HnswFloatVectors(dimensions);
            float[] vector = new float[dimensions];
            for (int row = 0; row < retired; row++) {
                for (int i = 0; i < dimensions; i++) {
                    vector[i] = in.getFloat();
                }
                retiredVectors.put(row, vector);
            }
            OnHeapHnswGraph graph = state.graph();
            int[] ids = new int[2 * m + 1];
            float[] scores = new float[2 * m + 1];
            for (int ordinal = 0; ordinal < size; ordinal++) {
                int top = topLevels[ordinal];
                for (int level = top; level >= 0; level--) {
                    graph.addNode(level, ordinal);
                }
                for (int level = 0; level <= top; level++) {
                    int count = in.getInt();
                    int maxCount = (level == 0 ? 2 * m : m) + 1;
                    check(file, count >= 0 && count <= maxCount, "neighbour count", count);
                    for (int i = 0; i < count; i++) {
                        ids[i] = in.getInt();
                        check(file, ids[i] >= 0 && ids[i] < size && topLevels[ids[i]] >= level, "neighbour ordinal", ids[i]);
                    }
                    for (int i = 0; i < count; i++) {
                        scores[i] = in.getFloat();
                    }
                    addNeighbours(graph.getNeighbors(level, ordinal), ids, scores, count);
                }
            }
            if (size > 0) {
                graph.trySetNewEntryNode(entry, levels - 1);
            }
            if (in.position() != length) {
                throw unusable(file, "it has " + (length - in.position()) + " bytes after the last neighbour list");
            }
            if ((int) in.crc() != expectedCrc) {
                throw unusable(file, "its checksum does not match its contents");
            }
            completion.complete(state, retiredVectors);
            return checkpoint;
        } catch (EOFException e) {
            throw new HnswUnusableFileException("The saved HNSW index " + file + " is unusable (rebuild it): it ends early", e);
        }
    }

    private static void addNeighbours(NeighborArray to, int[] ids, float[] scores, int count) {
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = scores[i - 1] >= scores[i];
        }
        for (int i = 0; i < count; i++) {
            if (sorted) {
                to.addInOrder(ids[i], scores[i]);
            } else {
                to.addOutOfOrder(ids[i], scores[i]);
            }
        }
    }

    private static void check(Path file, boolean valid, String what, long value) throws HnswUnusableFileException {
        if (!valid) {
            throw unusable(file, "its " + what + " " + value + " is out of range");
        }
    }

    private static HnswUnusableFileException unusable(Path file, String why) {
        return new HnswUnusableFileException("The saved HNSW index " + file + " is unusable (rebuild it): " + why);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new EOFException();
            }
        }
    }

    /** A little-endian buffered reader of the first {@code limit} bytes that checksums what it reads. */
    private static final class Input {

        private final FileChannel channel;
        private final long limit;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        /** File position of the buffer's first byte. */
        private long bufferStart;

        Input(FileChannel channel, long limit) {
            this.channel = channel;
            this.limit = limit;
            buffer.limit(0);
        }

        byte getByte() throws IOException {
            need(1);
            return buffer.get();
        }

        int getInt() throws IOException {
            need(4);
            return buffer.getInt();
        }

        float getFloat() throws IOException {
            need(4);
            return buffer.getFloat();
        }

        long getLong() throws IOException {
            need(8);
            return buffer.getLong();
        }

        void skip(int bytes) throws IOException {
            need(bytes);
            buffer.position(buffer.position() + bytes);
        }

        long position() {
            return bufferStart + buffer.position();
        }

        /** The checksum of everything read; call at the end. */
        long crc() {
            crc.update(buffer.array(), 0, buffer.position());
            return crc.getValue();
        }

        private void need(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
            }
            // checksum the consumed part, keep the unread rest, refill behind it
            crc.update(buffer.array(), 0, buffer.position());
            bufferStart += buffer.position();
            buffer.compact();
            long left = limit - bufferStart - buffer.position();
            int want = (int) Math.min(buffer.remaining(), left);
            buffer.limit(buffer.position() + want);
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, bufferStart + buffer.position());
                if (read < 0) {
                    break;
                }
            }
            buffer.flip();
            if (buffer.remaining() < bytes) {
                throw new EOFException();
            }
        }
    }
}
