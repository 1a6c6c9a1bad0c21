package dev.geminisearch.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One fake Gemini for the whole test JVM, so that Spring can reuse application contexts across
 * test classes (a fresh fake per class would change the base URL and force a new context).
 */
public final class SharedFakeGemini {

    private static final FakeGemini INSTANCE = new FakeGemini();

    private SharedFakeGemini() {
    }

    public static FakeGemini get() {
        return INSTANCE;
    }

    /** Points the service at the fake with a valid key, an in-memory store and fast retries. */
    public static void register(DynamicPropertyRegistry registry) {
        registerGemini(registry);
        registry.add("store.type", () -> "memory");
    }

    /** Points the service at the fake with a valid key and fast retries; leaves the store alone. */
    public static void registerGemini(DynamicPropertyRegistry registry) {
        registry.add("gemini.base-url", INSTANCE::baseUrl);
        registry.add("gemini.api-key", () -> FakeGemini.API_KEY);
        registry.add("gemini.retry.initial-backoff", () -> "10ms");
        registry.add("gemini.retry.max-backoff", () -> "50ms");
        registry.add("gemini.retry.max-attempts", () -> "3");
    }
}
