package dev.geminisearch.store.file;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.StoredSegment;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary payloads of log records, big-endian via {@link DataOutputStream} (read back from a
 * {@link ByteBuffer}). Strings are an
 * {@code int} byte count and UTF-8 (not {@code writeUTF}, which stops at 64 KiB). Every value
 * carries its type, so the format reads without a schema:
 * <pre>
 * UPSERT: byte 1, id, bool hasTitle [title], long epochSecond, int nano,
 *         int n, n x (key, tag 'S'|'L'|'D'|'B', value),
 *         int n, n x (modality wire name, mime type, tag 'T' text | 'H' hash, string, long size),
 *         int dimensions, dimensions x float32
 * DELETE: byte 2, id
 * UPSERT_SEGMENTED: byte 3, the fields of UPSERT after its kind byte, then
 *         int n, n x (tag 'T' double startSeconds, double endSeconds | 'P' int firstPage, int lastPage,
 *                     dimensions x float32), segments in index order
 * </pre>
 * An item without segments is written as UPSERT, byte for byte as before segments existed, so a
 * store that never held a segmented item stays readable by the version before; only segmented
 * items take the newer kind (which that version refuses, as the manifest's format version tells
 * it before it gets that far). Stateless.
 */
final class RecordCodec {

    static final byte UPSERT = 1;
    static final byte DELETE = 2;
    static final byte UPSERT_SEGMENTED = 3;

    /** A decoded payload. */
    sealed interface LogRecord permits Upsert, Delete {
    }

    record Upsert(StoredItem item) implements LogRecord {
    }

    record Delete(String id) implements LogRecord {
    }

    private RecordCodec() {
    }

    /**
     * @throws IllegalArgumentException when the vectors alone would not fit in one log record (many
     *                                  segments of many dimensions)
     */
    static byte[] encodeUpsert(StoredItem item) {
        long vectorBytes = (1L + item.segments().size()) * (17L + (long) item.vector().length * Float.BYTES);
        if (vectorBytes > ItemLog.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("item '" + item.id() + "' has " + item.segments().size() + " segments of "
                    + item.vector().length + " dimensions, more than one log record of " + ItemLog.MAX_PAYLOAD_BYTES
                    + " bytes holds");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (int) vectorBytes);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(item.isSegmented() ? UPSERT_SEGMENTED : UPSERT);
            writeString(out, item.id());
            out.writeBoolean(item.title() != null);
            if (item.title() != null) {
                writeString(out, item.title());
            }
            out.writeLong(item.createdAt().getEpochSecond());
            out.writeInt(item.createdAt().getNano());
            out.writeInt(item.metadata().size());
            for (Map.Entry<String, Object> entry : item.metadata().entrySet()) {
                writeString(out, entry.getKey());
                writeValue(out, entry.getKey(), entry.getValue());
            }
            out.writeInt(item.parts().size());
            for (StoredPart part : item.parts()) {
                writeString(out, part.modality().wireName());
                writeString(out, part.mimeType());
                out.writeByte(part.isMedia() ? 'H' : 'T');
                writeString(out, part.isMedia() ? part.contentHash() : part.text());
                out.writeLong(part.sizeBytes());
            }
            float[] vector = item.vector();
            out.writeInt(vector.length);
            ByteBuffer raw = ByteBuffer.allocate(vector.length * Float.BYTES);
            writeFloats(out, raw, vector);
            if (item.isSegmented()) {
                out.writeInt(item.segments().size());
                for (StoredSegment segment : item.segments()) {
                    if (segment.isTimeSpan()) {
                        out.writeByte('T');
                        out.writeDouble(segment.startSeconds());
                        out.writeDouble(segment.endSeconds());
                    } else {
                        out.writeByte('P');
                        out.writeInt(segment.pageStart());
                        out.writeInt(segment.pageEnd());
                    }
                    if (segment.vector().length != vector.length) {
                        throw new IllegalArgumentException("segment " + segment.index() + " of item '" + item.id()
                                + "' has " + segment.vector().length + " dimensions, the item " + vector.length);
                    }
                    writeFloats(out, raw, segment.vector());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeDelete(String id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + id.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(DELETE);
            writeString(out, id);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IOException when the payload is not a record this codec wrote
     */
    static LogRecord decode(byte[] payload) throws IOException {
        return decode(payload, new StringPool());
    }

    /**
     * As {@link #decode(byte[])}, sharing repeated short strings (metadata keys and short values,
     * MIME types) through {@code strings}, as a replay does for all its records. Reads the payload
     * in place: strings and vectors straight from the array, no stream in between.
     */
    static LogRecord decode(byte[] payload, StringPool strings) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte kind = in.get();
            LogRecord record = switch (kind) {
                case UPSERT -> new Upsert(readItem(in, false, strings));
                case UPSERT_SEGMENTED -> new Upsert(readItem(in, true, strings));
                case DELETE -> new Delete(readString(in));
                default -> throw new IOException("unknown record kind " + kind);
            };
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " unexpected bytes after a record");
            }
            return record;
        } catch (java.nio.BufferUnderflowException e) {
            throw new EOFException("the record ends early, at byte " + in.position() + " of " + payload.length);
        }
    }

    private static void writeFloats(DataOutputStream out, ByteBuffer raw, float[] vector) throws IOException {
        raw.clear();
        raw.asFloatBuffer().put(vector);
        out.write(raw.array(), 0, vector.length * Float.BYTES);
    }

    private static float[] readFloats(ByteBuffer in, int dimensions) throws IOException {
        if ((long) dimensions * Float.BYTES > in.remaining()) {
            throw new EOFException(dimensions + " floats exceed the " + in.remaining() + " bytes left");
        }
        float[] vector = new float[dimensions];
        in.asFloatBuffer().get(vector);
        in.position(in.position() + dimensions * Float.BYTES);
        return vector;
    }

    private static StoredItem readItem(ByteBuffer in, boolean segmented, StringPool strings) throws IOException {
        String id = readString(in);
        String title = readBoolean(in) ? readString(in) : null;
        Instant createdAt;
        try {
            createdAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
        } catch (DateTimeException e) {
            throw new IOException("invalid timestamp", e);
        }
        int metadataCount = count(in);
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < metadataCount; i++) {
            metadata.put(strings.dedupe(readString(in)), readValue(in, strings));
        }
        int partCount = count(in);
        List<StoredPart> parts = new ArrayList<>(partCount);
        for (int i = 0; i < partCount; i++) {
            parts.add(readPart(in, strings));
        }
        int dimensions = count(in);
        float[] vector = readFloats(in, dimensions);
        try {
            List<StoredSegment> segments = segmented ? readSegments(in, dimensions) : List.of();
            return new StoredItem(id, title, metadata, parts, createdAt, vector, segments);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid item '" + id + "': " + e.getMessage(), e);
        }
    }

    private static List<StoredSegment> readSegments(ByteBuffer in, int dimensions) throws IOException {
        int segmentCount = count(in);
        List<StoredSegment> segments = new ArrayList<>(segmentCount);
        for (int index = 0; index < segmentCount; index++) {
            byte tag = in.get();
            StoredSegment segment = switch (tag) {
                case 'T' -> {
                    double start = in.getDouble();
                    double end = in.getDouble();
                    yield StoredSegment.timeSpan(index, start, end, readFloats(in, dimensions));
                }
                case 'P' -> {
                    int first = in.getInt();
                    int last = in.getInt();
                    yield StoredSegment.pageSpan(index, first, last, readFloats(in, dimensions));
                }
                default -> throw new IOException("unknown segment tag " + tag);
            };
            segments.add(segment);
        }
        return segments;
    }

    private static StoredPart readPart(ByteBuffer in, StringPool strings) throws IOException {
        try {
            Modality modality = Modality.fromWireName(readString(in));
            String mimeType = strings.dedupe(readString(in));
            byte tag = in.get();
            String value = readString(in);
            long size = in.getLong();
            return switch (tag) {
                case 'T' -> new StoredPart(modality, mimeType, value, null, size);
                case 'H' -> new StoredPart(modality, mimeType, null, value, size);
                default -> throw new IOException("unknown part tag " + tag);
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid part: " + e.getMessage(), e);
        }
    }

    private static void writeValue(DataOutputStream out, String key, Object value) throws IOException {
        if (value instanceof String text) {
            out.writeByte('S');
            writeString(out, text);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeByte('L');
            out.writeLong(((Number) value).longValue());
        } else if (value instanceof Number number) {
            out.writeByte('D');
            out.writeDouble(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            out.writeByte('B');
            out.writeBoolean(flag);
        } else {
            throw new IllegalArgumentException("metadata '" + key + "' is not a string, number or boolean");
        }
    }

    private static Object readValue(ByteBuffer in, StringPool strings) throws IOException {
        byte tag = in.get();
        return switch (tag) {
            case 'S' -> strings.dedupe(readString(in));
            case 'L' -> in.getLong();
            case 'D' -> in.getDouble();
            case 'B' -> readBoolean(in);
            default -> throw new IOException("unknown metadata tag " + tag);
        };
    }

    /** As {@code DataInputStream.readBoolean}: any byte but 0 is true. */
    private static boolean readBoolean(ByteBuffer in) {
        return in.get() != 0;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer in) throws IOException {
        int length = count(in);
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    /** A length or count, checked against what is left so a bad one fails instead of allocating. */
    private static int count(ByteBuffer in) throws IOException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new EOFException("count " + count + " exceeds the " + in.remaining() + " bytes left");
        }
        return count;
    }
}
