package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** store.hnsw.* binds with its defaults, and an invalid value stops start-up naming the property. */
class HnswPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HnswProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void bindsTheDefaults() {
        context.run(started -> assertThat(started.getBean(HnswProperties.class)).isEqualTo(HnswProperties.defaults()));
    }

    @Test
    void bindsRelaxedNames() {
        context.withPropertyValues("store.hnsw.min-items=1000", "store.hnsw.ef-search=64", "store.hnsw.m=32",
                        "store.hnsw.exact-below-selectivity=0.05", "store.hnsw.build-threads=3")
                .run(started -> {
                    HnswProperties properties = started.getBean(HnswProperties.class);
                    assertThat(properties.minItems()).isEqualTo(1000);
                    assertThat(properties.efSearch()).isEqualTo(64);
                    assertThat(properties.m()).isEqualTo(32);
                    assertThat(properties.exactBelowSelectivity()).isEqualTo(0.05);
                    assertThat(properties.effectiveBuildThreads()).isEqualTo(3);
                });
    }

    @Test
    void anInvalidValueStopsStartupNamingTheProperty() {
        context.withPropertyValues("store.hnsw.m=1").run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageContaining("store.hnsw.m"));
        context.withPropertyValues("store.hnsw.exact-below-selectivity=1.5").run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageContaining("exactBelowSelectivity"));
    }
}
