package dev.geminisearch.web;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long {@code Idempotency-Key} answers are remembered. Per process: replicas do not share them.
 *
 * @param maxKeys keys remembered at most, oldest out first (IDEMPOTENCY_MAX_KEYS)
 * @param ttl     how long a key's answer is replayed (IDEMPOTENCY_TTL)
 */
@Validated
@ConfigurationProperties("api.idempotency")
public record IdempotencyProperties(
        @DefaultValue("10000") @Min(value = 1, message = "must be at least 1 (IDEMPOTENCY_MAX_KEYS)") long maxKeys,
        @DefaultValue("24h") Duration ttl) {

    public IdempotencyProperties {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("api.idempotency.ttl (IDEMPOTENCY_TTL) must be positive");
        }
    }
}
