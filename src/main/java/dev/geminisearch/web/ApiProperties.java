package dev.geminisearch.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-facing limits and access.
 *
 * @param apiKeys       keys that unlock the API (AUTH_API_KEYS, comma-separated); empty leaves it open. When set,
 *                      every call but health, the OpenAPI document and Swagger UI needs {@code X-API-Key}
 *                      (or {@code Authorization: Bearer})
 * @param maxUploadSize largest accepted request body, JSON or multipart (MAX_UPLOAD_SIZE)
 */
@Validated
@ConfigurationProperties("api")
public record ApiProperties(List<String> apiKeys, @DefaultValue("32MB") DataSize maxUploadSize) {

    public ApiProperties {
        apiKeys = apiKeys == null ? List.of() : apiKeys.stream().map(String::strip).filter(key -> !key.isEmpty()).toList();
        if (maxUploadSize.toBytes() <= 0) {
            throw new IllegalArgumentException("api.max-upload-size (MAX_UPLOAD_SIZE) must be positive");
        }
    }
}
