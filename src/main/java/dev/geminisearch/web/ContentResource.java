package dev.geminisearch.web;

import dev.geminisearch.item.ItemContent;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/**
 * An item's original as a Spring {@link org.springframework.core.io.Resource}, so that Spring MVC
 * answers {@code Range} requests with 206 (and 416) by itself. Spring serves a range by skipping to
 * its start in {@link #getInputStream()}; the stream therefore opens lazily, at the offset the skips
 * reached, instead of reading everything before it.
 */
final class ContentResource extends AbstractResource {

    private final ItemContent content;
    private final String description;

    ContentResource(ItemContent content, String description) {
        this.content = content;
        this.description = description;
    }

    @Override
    public long contentLength() {
        return content.size();
    }

    @Override
    public long lastModified() {
        // Unknown; 0 keeps Spring from looking for a file to ask.
        return 0;
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public InputStream getInputStream() {
        return new SeekingStream();
    }

    /** Defers the read until the first byte is wanted, so leading skips become an offset. */
    private final class SeekingStream extends InputStream {
        private long position;
        private InputStream open;

        private InputStream stream() throws IOException {
            if (open == null) {
                open = content.reader().open(position, content.size() - position);
            }
            return open;
        }

        @Override
        public long skip(long n) throws IOException {
            if (open != null) {
                return open.skip(n);
            }
            long skipped = Math.max(0, Math.min(n, content.size() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int read() throws IOException {
            return stream().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return stream().read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (open != null) {
                open.close();
            }
        }
    }
}
