package dev.geminisearch.web;

import java.io.IOException;

/** The request body grew past the configured limit while it was being read (413). */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limitBytes) {
        super("the request body is larger than the configured limit of " + limitBytes + " bytes (MAX_UPLOAD_SIZE)");
    }
}
