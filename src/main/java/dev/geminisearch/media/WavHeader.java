package dev.geminisearch.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a WAV file's duration from its RIFF chunks. Hand-written rather than javax.sound because
 * javax.sound refuses some encodings Gemini may accept and trusts the header's data size, so it cannot
 * tell a truncated file from a whole one.
 */
final class WavHeader {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int MIN_FMT_BYTES = 16;
    // Writers that stream (pipes, live capture) leave these in the size field instead of the real size.
    private static final long UNKNOWN_SIZE_MAX = 0xFFFFFFFFL;

    private WavHeader() {
    }

    /**
     * Duration in seconds of the samples in the data chunk.
     *
     * @throws UnreadableMediaException if the chunks are missing, inconsistent or truncated
     */
    static double durationSeconds(byte[] bytes) throws UnreadableMediaException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < RIFF_HEADER_BYTES || !fourCc(bytes, 0).equals("RIFF") || !fourCc(bytes, 8).equals("WAVE")) {
            throw new UnreadableMediaException("no RIFF/WAVE header");
        }
        long byteRate = -1;
        int offset = RIFF_HEADER_BYTES;
        while (offset + CHUNK_HEADER_BYTES <= bytes.length) {
            String id = fourCc(bytes, offset);
            long size = Integer.toUnsignedLong(buffer.getInt(offset + 4));
            int body = offset + CHUNK_HEADER_BYTES;
            long available = bytes.length - (long) body;
            if (id.equals("fmt ")) {
                if (size < MIN_FMT_BYTES || available < MIN_FMT_BYTES) {
                    throw new UnreadableMediaException("fmt chunk is too short");
                }
                byteRate = byteRate(buffer, body);
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
            if (next > bytes.length) {
                break;
            }
            offset = (int) next;
        }
        throw new UnreadableMediaException("no data chunk (truncated?)");
    }

    private static long byteRate(ByteBuffer buffer, int fmt) throws UnreadableMediaException {
        int channels = Short.toUnsignedInt(buffer.getShort(fmt + 2));
        long sampleRate = Integer.toUnsignedLong(buffer.getInt(fmt + 4));
        long byteRate = Integer.toUnsignedLong(buffer.getInt(fmt + 8));
        int blockAlign = Short.toUnsignedInt(buffer.getShort(fmt + 12));
        if (channels == 0 || sampleRate == 0) {
            throw new UnreadableMediaException("fmt chunk declares no channels or no sample rate");
        }
        // byteRate is the average rate, right for compressed encodings too; derive it only if it is missing.
        return byteRate > 0 ? byteRate : sampleRate * blockAlign;
    }

    private static String fourCc(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }
}
