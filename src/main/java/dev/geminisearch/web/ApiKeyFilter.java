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

    /** Request attribute naming the client for rate limiting: which key matched ({@code key-2}), never the key itself. */
    static final String CLIENT_ATTRIBUTE = ApiKeyFilter.class.getName() + ".client";

    private static final List<String> OPEN_PREFIXES = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui", "/assets/");

    private final List<byte[]> keyDigests;
    private final ProblemWriter problems;

    ApiKeyFilter(List<String> keys, ProblemWriter problems) {
        this.keyDigests = keys.stream().map(ApiKeyFilter::digest).toList();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return keyDigests.isEmpty() || isOpenPath(request);
    }

    /** Health, the API docs and the search page's files: no key, no rate limit. */
    static boolean isOpenPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/") || path.equals("/index.html") || path.equals("/favicon.ico")
                || OPEN_PREFIXES.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        int match = presented == null ? -1 : matchingKey(digest(presented));
        if (match >= 0) {
            request.setAttribute(CLIENT_ATTRIBUTE, "key-" + (match + 1));
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
        problems.write(response, ProblemType.UNAUTHORIZED.problem(presented == null
                ? "This API needs a key: send it as X-API-Key (or Authorization: Bearer)."
                : "The API key is not valid."));
    }

    /** The index of the matching key, or -1. */
    private int matchingKey(byte[] presentedDigest) {
        int match = -1;
        // Compare against every key, without stopping early, so timing does not reveal which or how much matched.
        for (int i = 0; i < keyDigests.size(); i++) {
            boolean equal = MessageDigest.isEqual(keyDigests.get(i), presentedDigest);
            match = equal ? i : match;
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
