package dev.geminisearch.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Makes a request carrying an {@code Idempotency-Key} run once: a retry with the same key and body
 * gets the first answer again (status, headers, body) without the work being redone; the same key
 * with another body is refused. Only successful answers are kept, so a failed request can be retried
 * under its key. Keys are scoped by endpoint and by the caller's API key, bounded in number and in
 * time, and held in this process only (replicas do not share them). Thread-safe.
 */
@Component
class IdempotentRequests {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_CHARS = 255;

    /** A key's request fingerprint, and its answer once there is one (null while in progress). */
    private record Entry(String fingerprint, ResponseEntity<?> response) {
    }

    private final Cache<String, Entry> entries;

    IdempotentRequests(IdempotencyProperties properties) {
        this.entries = Caffeine.newBuilder().maximumSize(properties.maxKeys()).expireAfterWrite(properties.ttl()).build();
    }

    /**
     * Runs {@code work} unless this key already has an answer for the same request.
     *
     * @param key         the header's value, or null to just run the work
     * @param endpoint    what the key is scoped to, e.g. {@code POST /items}
     * @param fingerprint feeds everything that makes the request what it is (body fields, file bytes) to a digest
     * @throws InvalidRequestException for a malformed key
     * @throws IdempotencyKeyReusedException when the key was used with another request
     * @throws IdempotencyKeyInProgressException when the first request with this key has not answered yet
     */
    @SuppressWarnings("unchecked")
    <T> ResponseEntity<T> run(String key, String endpoint, Consumer<MessageDigest> fingerprint, Supplier<ResponseEntity<T>> work) {
        if (key == null) {
            return work.get();
        }
        if (key.isBlank() || key.length() > MAX_KEY_CHARS || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidRequestException(HEADER, "Idempotency-Key must be 1 to " + MAX_KEY_CHARS + " printable ASCII characters");
        }
        MessageDigest digest = sha256();
        fingerprint.accept(digest);
        String requestHash = HexFormat.of().formatHex(digest.digest());
        String scopedKey = hash(callerScope() + "\n" + endpoint + "\n" + key);
        Entry claimed = new Entry(requestHash, null);
        Entry existing = entries.asMap().putIfAbsent(scopedKey, claimed);
        if (existing != null) {
            if (!existing.fingerprint().equals(requestHash)) {
                throw new IdempotencyKeyReusedException();
            }
            if (existing.response() == null) {
                throw new IdempotencyKeyInProgressException();
            }
            return (ResponseEntity<T>) existing.response();
        }
        boolean stored = false;
        try {
            ResponseEntity<T> response = work.get();
            if (response.getStatusCode().is2xxSuccessful()) {
                entries.put(scopedKey, new Entry(requestHash, response));
                stored = true;
            }
            return response;
        } finally {
            if (!stored) {
                entries.asMap().remove(scopedKey, claimed);
            }
        }
    }

    /** The caller's credential, hashed: one client's key never replays another client's answer. */
    private static String callerScope() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            String apiKey = request.getHeader("X-API-Key");
            String credential = apiKey != null ? apiKey : request.getHeader(HttpHeaders.AUTHORIZATION);
            return credential == null ? "" : hash(credential);
        }
        return "";
    }

    /** The fingerprint of a JSON body: its canonical serialisation, so whitespace and key order do not matter. */
    static Consumer<MessageDigest> jsonBody(tools.jackson.databind.json.JsonMapper json, Object body) {
        return digest -> update(digest, json.writeValueAsBytes(body));
    }

    /** The fingerprint of a multipart body: its fields in a fixed order, then each file's name, type and bytes. */
    static Consumer<MessageDigest> multipartBody(java.util.List<org.springframework.web.multipart.MultipartFile> files,
                                                 String... fields) {
        return digest -> {
            for (String field : fields) {
                update(digest, field);
            }
            if (files != null) {
                for (org.springframework.web.multipart.MultipartFile file : files) {
                    update(digest, file.getOriginalFilename());
                    update(digest, file.getContentType());
                    // Streamed: an upload may be far larger than the heap.
                    try (java.io.InputStream in = file.getInputStream()) {
                        byte[] buffer = new byte[64 * 1024];
                        digest.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(file.getSize()).array());
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            digest.update(buffer, 0, n);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("could not read upload " + file.getOriginalFilename(), e);
                    }
                }
            }
        };
    }

    static void update(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(new byte[] {0, 0, 0, 0, (byte) 0xff});
            return;
        }
        update(digest, value.getBytes(StandardCharsets.UTF_8));
    }

    static void update(MessageDigest digest, byte[] value) {
        digest.update(java.nio.ByteBuffer.allocate(4).putInt(value.length).array());
        digest.update(value);
    }

    private static String hash(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
