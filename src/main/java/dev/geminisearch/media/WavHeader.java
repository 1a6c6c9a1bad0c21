package dev.geminisearch.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a WAV file's duration from its RIFF chunks. Hand-written rather than javax.sound because
 * javax.sound refuses some encodings Gemini may accept and trusts the header's data size, so it cannot
 * tell a truncated file from a whole one. Reads only chunk headers, so a file on disk of any size is
 * measured without loading its samples.
 */
final class WavHeader {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int MIN_FMT_BYTES = 16;
    // Writers that stream (pipes, live capture) leave these in the size field instead of the real size.
    private static final long UNKNOWN_SIZE_MAX = 0xFFFFFFFFL;

    private WavHeader() {
    }

    /** Where the bytes come from: an array in memory or a file, read a few header bytes at a time. */
    private interface Source {

        long length() throws IOException;

        /** {@code count} bytes from {@code offset}, little-endian; the caller stays within {@link #length()}. */
        ByteBuffer read(long offset, int count) throws IOException;
    }

    /**
     * Duration in seconds of the samples in the data chunk.
     *
     * @throws UnreadableMediaException if the chunks are missing, inconsistent or truncated
     */
    static double durationSeconds(byte[] bytes) throws UnreadableMediaException {
        Source source = new Source() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public ByteBuffer read(long offset, int count) {
                return ByteBuffer.wrap(bytes, (int) offset, count).slice().order(ByteOrder.LITTLE_ENDIAN);
            }
        };
        try {
            return durationSeconds(source);
        } catch (IOException e) {
            throw new IllegalStateException("reading an array cannot fail", e);
        }
    }

    /**
     * Duration in seconds of the samples in the data chunk of a WAV file on disk.
     *
     * @throws UnreadableMediaException if the file cannot be read, or its chunks are missing,
     *                                  inconsistent or truncated
     */
    static double durationSeconds(Path file) throws UnreadableMediaException {
        try (FileChannel channel = FileChannel.open(file)) {
            return durationSeconds(new Source() {
                @Override
                public long length() throws IOException {
                    return channel.size();
                }

                @Override
                public ByteBuffer read(long offset, int count) throws IOException {
                    ByteBuffer buffer = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, offset + buffer.position()) < 0) {
                            throw new IOException("unexpected end of file");
                        }
                    }
                    return buffer.flip();
                }
            });
        } catch (IOException e) {
            throw new UnreadableMediaException(MediaMeasurer.describe(e), e);
        }
    }

    private static double durationSeconds(Source source) throws UnreadableMediaException, IOException {
        long length = source.length();
        if (length < RIFF_HEADER_BYTES) {
            throw new UnreadableMediaException("no RIFF/WAVE header");
        }
        ByteBuffer riff = source.read(0, RIFF_HEADER_BYTES);
        if (!fourCc(riff, 0).equals("RIFF") || !fourCc(riff, 8).equals("WAVE")) {
            throw new UnreadableMediaException("no RIFF/WAVE header");
        }
        long byteRate = -1;
        long offset = RIFF_HEADER_BYTES;
        while (offset + CHUNK_HEADER_BYTES <= length) {
            ByteBuffer header = source.read(offset, CHUNK_HEADER_BYTES);
            String id = fourCc(header, 0);
            long size = Integer.toUnsignedLong(header.getInt(4));
            long body = offset + CHUNK_HEADER_BYTES;
            long available = length - body;
            if (id.equals("fmt ")) {
                if (size < MIN_FMT_BYTES || available < MIN_FMT_BYTES) {
                    throw new UnreadableMediaException("fmt chunk is too short");
                }
                byteRate = byteRate(source.read(body, MIN_FMT_BYTES));
            } else if (id.equals("data")) {
                if (byteRate <= 0) {
                    throw new UnreadableMediaException("no usable fmt chunk before the samples");
                }
                long dataBytes = size;
                if (size == 0 || size == UNKNOWN_SIZE_MAX) {
                    dataBytes = available;
                } else if (size > available) {
                    throw new UnreadableMediaException("header announces " + size + " bytes of samples but only "
                            + available + " follow (truncated?)");
                }
                if (dataBytes == 0) {
                    throw new UnreadableMediaException("it holds no samples");
                }
                return (double) dataBytes / byteRate;
            }
            // Chunks are padded to an even length.
            long next = body + size + (size & 1);
            if (next > length) {
                break;
            }
            offset = next;
        }
        throw new UnreadableMediaException("no data chunk (truncated?)");
    }

    private static long byteRate(ByteBuffer fmt) throws UnreadableMediaException {
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long sampleRate = Integer.toUnsignedLong(fmt.getInt(4));
        long byteRate = Integer.toUnsignedLong(fmt.getInt(8));
        int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
        if (channels == 0 || sampleRate == 0) {
            throw new UnreadableMediaException("fmt chunk declares no channels or no sample rate");
        }
        // byteRate is the average rate, right for compressed encodings too; derive it only if it is missing.
        return byteRate > 0 ? byteRate : sampleRate * blockAlign;
    }

    private static String fourCc(ByteBuffer buffer, int offset) {
        byte[] id = new byte[4];
        buffer.get(offset, id);
        return new String(id, StandardCharsets.US_ASCII);
    }
}
