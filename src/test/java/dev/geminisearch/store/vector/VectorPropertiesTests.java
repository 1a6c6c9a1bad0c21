package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binding of {@code store.vectors.*}: the defaults, environment-variable names, and refused values. */
class VectorPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(VectorProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void defaultsToExactFloat32WithBatchingAndNoShortlist() {
        contexts.run(context -> assertThat(context.getBean(VectorProperties.class)).isEqualTo(VectorProperties.defaults()));
    }

    @Test
    void bindsTheEnvironmentVariableSpelling() {
        Map<String, Object> environment = Map.of("STORE_VECTORS_ENCODING", "int8", "STORE_VECTORS_SHORTLIST_DIMENSIONS", "256",
                "STORE_VECTORS_OVERSAMPLE", "8", "STORE_VECTORS_BATCH_QUERIES", "false", "STORE_VECTORS_MAX_BATCH", "4",
                "STORE_VECTORS_MAX_PASSES", "2", "STORE_VECTORS_SCRATCH_DIRECTORY", "/var/tmp");
        contexts.withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("environment", environment)))
                .run(context -> assertThat(context.getBean(VectorProperties.class))
                        .isEqualTo(new VectorProperties(VectorEncoding.INT8, 256, 8, false, 4, 2, Path.of("/var/tmp"))));
    }

    @Test
    void anOversampleOfZeroStopsStartupAndNamesTheVariable() {
        contexts.withPropertyValues("store.vectors.oversample=0").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("store.vectors.oversample").hasMessageContaining("STORE_VECTORS_OVERSAMPLE"));
    }

    @Test
    void anUnknownEncodingStopsStartup() {
        contexts.withPropertyValues("store.vectors.encoding=int4").run(context -> assertThat(context).getFailure()
                .cause().hasMessageContaining("store.vectors.encoding"));
    }
}
