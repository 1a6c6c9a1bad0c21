package dev.geminisearch.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.GeminiSearchApplication;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** LOGGING_STRUCTURED_FORMAT_CONSOLE turns the console log into one JSON object per line. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

    private final Properties systemProperties = (Properties) System.getProperties().clone();
    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        // Logging is global to the JVM, and Boot keeps the format in a system property
        // (CONSOLE_LOG_STRUCTURED_FORMAT): drop it and start once more to give later tests plain text.
        System.setProperties(systemProperties);
        new SpringApplicationBuilder(GeminiSearchApplication.class).web(WebApplicationType.NONE)
                .properties("store.type=memory", "spring.main.banner-mode=off").run().close();
    }

    @Test
    void ecsFormatWritesEveryLogLineAsJson(CapturedOutput output) {
        context = new SpringApplicationBuilder(GeminiSearchApplication.class)
                .properties("server.port=0", "store.type=memory", "logging.structured.format.console=ecs")
                .run();

        String started = output.getOut().lines().filter(line -> line.contains("Tomcat started on port"))
                .findFirst().orElseThrow();
        JsonNode json = JsonMapper.builder().build().readTree(started);
        assertThat(json.get("@timestamp").asString()).isNotBlank();
        assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(json.get("service").get("name").asString()).isEqualTo("gemini-search");
        assertThat(json.get("message").asString()).startsWith("Tomcat started on port");
    }
}
