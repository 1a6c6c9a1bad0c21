package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Requests run on Tomcat's platform-thread pool unless {@code spring.threads.virtual.enabled=true}
 * (SPRING_THREADS_VIRTUAL_ENABLED), which Spring Boot applies on Java 21 and later only: the same
 * build can opt in on a newer JVM and ignores the setting on Java 17.
 */
class VirtualThreadsTests extends ApiTestSupport {

    @Autowired
    private WebServerApplicationContext context;

    static Executor requestExecutor(WebServerApplicationContext context) {
        return ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler().getExecutor();
    }

    @Test
    void requestsRunOnTomcatsPlatformThreadPoolByDefault() {
        assertThat(requestExecutor(context)).isInstanceOf(ThreadPoolExecutor.class);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Nested
    @TestPropertySource(properties = "spring.threads.virtual.enabled=true")
    class WhenEnabled {

        @Autowired
        private WebServerApplicationContext enabledContext;

        @Test
        void requestsRunOnVirtualThreadsFromJava21AndOnThePoolBefore() {
            if (Runtime.version().feature() >= 21) {
                assertThat(requestExecutor(enabledContext)).isInstanceOf(VirtualThreadExecutor.class);
            } else {
                assertThat(requestExecutor(enabledContext)).isInstanceOf(ThreadPoolExecutor.class);
            }
        }
    }
}
