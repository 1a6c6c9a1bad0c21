package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * {@code spring.threads.virtual.enabled=true} (application.properties): Spring Boot applies it on
 * Java 21 and later only, so the same build serves requests on virtual threads there and on Tomcat's
 * thread pool on Java 17.
 */
class VirtualThreadsTests extends ApiTestSupport {

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void requestsRunOnVirtualThreadsFromJava21AndOnTomcatsPoolBefore() {
        Executor executor = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler()
                .getExecutor();

        if (Runtime.version().feature() >= 21) {
            assertThat(executor).isInstanceOf(VirtualThreadExecutor.class);
        } else {
            assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
        }
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
