package dev.geminisearch.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client: the API key that matched, or the client IP when keys are off (behind
 * a proxy that is the proxy's address unless forwarded headers are trusted, see
 * {@code server.forward-headers-strategy}). Over the limit: 429 problem with {@code Retry-After}.
 * Health, the API docs and the page are exempt. Buckets live in a bounded cache and are dropped
 * once idle long enough to have refilled, so forgetting one never grants more than a full bucket.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final ApiProperties.RateLimit limit;
    private final TimeMeter time;
    private final ProblemWriter problems;
    private final Cache<String, Bucket> buckets;

    RateLimitFilter(ApiProperties.RateLimit limit, TimeMeter time, ProblemWriter problems) {
        this.limit = limit;
        this.time = time;
        this.problems = problems;
        Duration refillTime = Duration.ofMinutes(1).multipliedBy(limit.capacity()).dividedBy(limit.requestsPerMinute());
        this.buckets = Caffeine.newBuilder()
                .maximumSize(limit.maxClients())
                .expireAfterAccess(refillTime.plusSeconds(1))
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ApiKeyFilter.isOpenPath(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket bucket = buckets.get(clientOf(request), client -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problems.write(response, ProblemType.RATE_LIMITED.problem("More than " + limit.requestsPerMinute()
                + " requests per minute from this client; try again in " + seconds + "s."));
    }

    private static String clientOf(HttpServletRequest request) {
        Object key = request.getAttribute(ApiKeyFilter.CLIENT_ATTRIBUTE);
        return key != null ? key.toString() : "ip-" + request.getRemoteAddr();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
                        .refillGreedy(limit.requestsPerMinute(), Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
