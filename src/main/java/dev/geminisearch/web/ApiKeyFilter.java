package dev.geminisearch.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires one of the configured API keys on every call except health, the OpenAPI document,
 * Swagger UI and the search page with its static assets ({@code /}, {@code /assets/**}). Keys are
 * compared in constant time and never logged. {@code /actuator/prometheus} stays behind the key
 * (metrics tell how the library is used); a scraper sends {@code Authorization: Bearer <key>}.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private static final List<String> OPEN_PREFIXES = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui", "/assets/");

    private final List<byte[]> keyDigests;
    private final ProblemWriter problems;

    ApiKeyFilter(List<String> keys, ProblemWriter problems) {
        this.keyDigests = keys.stream().map(ApiKeyFilter::digest).toList();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return keyDigests.isEmpty() || path.equals("/") || path.equals("/index.html") || path.equals("/favicon.ico")
                || OPEN_PREFIXES.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented != null && matches(digest(presented))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
        problems.write(response, ProblemType.UNAUTHORIZED.problem(presented == null
                ? "This API needs a key: send it as X-API-Key (or Authorization: Bearer)."
                : "The API key is not valid."));
    }

    private boolean matches(byte[] presentedDigest) {
        boolean match = false;
        // Compare against every key, without stopping early, so timing does not reveal which or how much matched.
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, presentedDigest);
        }
        return match;
    }

    private static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader("X-API-Key");
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return null;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
