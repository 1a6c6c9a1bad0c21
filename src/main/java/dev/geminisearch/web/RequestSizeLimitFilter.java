package dev.geminisearch.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body: multipart uploads at MAX_UPLOAD_SIZE (they stream to disk), everything
 * else at MAX_JSON_SIZE (JSON is parsed in memory, base64 media and all). A declared length over
 * the cap is refused before any byte is read, and a chunked body fails as soon as it passes it.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxUploadBytes;
    private final long maxJsonBytes;
    private final ProblemWriter problems;

    RequestSizeLimitFilter(long maxUploadBytes, long maxJsonBytes, ProblemWriter problems) {
        this.maxUploadBytes = maxUploadBytes;
        this.maxJsonBytes = maxJsonBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        boolean multipart = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
        long maxBytes = multipart ? maxUploadBytes : maxJsonBytes;
        if (request.getContentLengthLong() > maxBytes) {
            response.setHeader("Connection", "close");
            problems.write(response, ProblemType.PAYLOAD_TOO_LARGE.problem("The request body has "
                    + request.getContentLengthLong() + " bytes; the limit is " + maxBytes + " bytes ("
                    + (multipart ? "MAX_UPLOAD_SIZE for multipart uploads" : "MAX_JSON_SIZE for JSON; upload large media as "
                    + "multipart/form-data") + ")."));
            return;
        }
        chain.doFilter(request.getContentLengthLong() >= 0 ? request : new LimitedRequest(request, maxBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
