package dev.geminisearch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Multimodal semantic search over Gemini Embedding 2. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GeminiSearchApplication {

    public static void main(String[] args) {
        SpringApplication.run(GeminiSearchApplication.class, args);
    }
}
