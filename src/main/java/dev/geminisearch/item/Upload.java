package dev.geminisearch.item;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A media file a client uploaded, waiting on disk: large uploads are never read whole into the
 * heap. The service that takes it owns the file from then on and deletes it when done.
 *
 * @param file         the bytes, in a temporary file
 * @param declaredType the media type the client declared, or null
 * @param filename     the client's file name, or null
 */
public record Upload(Path file, String declaredType, String filename) {

    public Upload {
        Objects.requireNonNull(file, "file");
    }
}
