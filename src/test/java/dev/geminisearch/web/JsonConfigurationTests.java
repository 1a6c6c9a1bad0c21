package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** The mapper that reads request bodies and writes answers uses Jackson's fast number text. */
class JsonConfigurationTests extends ApiTestSupport {

    @Autowired
    private JsonMapper json;

    @Autowired
    private RequestMappingHandlerAdapter handlers;

    @Test
    void theContextsMapperParsesAndWritesNumbersWithJacksonsFastCode() {
        assertFastNumberText(json);
    }

    @Test
    void everyJsonConverterOfTheControllersUsesAMapperWithFastNumberText() {
        assertThat(handlers.getMessageConverters()).filteredOn(JacksonJsonHttpMessageConverter.class::isInstance)
                .isNotEmpty()
                .allSatisfy(converter -> assertFastNumberText(((JacksonJsonHttpMessageConverter) converter).getMapper()));
    }

    private static void assertFastNumberText(JsonMapper mapper) {
        assertThat(mapper.isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER)).isTrue();
        assertThat(mapper.isEnabled(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)).isTrue();
        assertThat(mapper.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)).isTrue();
    }
}
