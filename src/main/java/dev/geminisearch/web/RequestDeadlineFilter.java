package dev.geminisearch.web;

import dev.geminisearch.embedding.RequestDeadline;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/** Bounds how long one request may wait on Gemini (API_REQUEST_TIMEOUT), however many embeddings it makes. */
final class RequestDeadlineFilter extends OncePerRequestFilter {

    private final Duration timeout;

    RequestDeadlineFilter(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (RequestDeadline ignored = RequestDeadline.start(timeout)) {
            chain.doFilter(request, response);
        }
    }
}
