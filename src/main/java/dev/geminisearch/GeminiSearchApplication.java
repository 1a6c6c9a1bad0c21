package dev.geminisearch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Multimodal semantic search over Gemini Embedding 2.
 *
 * <p>Boot's DataSource auto-configuration is off: only {@code STORE_TYPE=pgvector} needs a database,
 * and its configuration builds the pool from the usual {@code spring.datasource.*} properties.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConfigurationPropertiesScan
public class GeminiSearchApplication {

    public static void main(String[] args) {
        SpringApplication.run(GeminiSearchApplication.class, args);
    }
}
