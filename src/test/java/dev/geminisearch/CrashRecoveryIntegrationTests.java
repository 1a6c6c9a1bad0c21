package dev.geminisearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.FakeGemini;
import dev.geminisearch.support.MediaFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service in a child process, killed with SIGKILL right after its answers: every
 * acknowledged write must be there after a restart, and nothing deleted may come back.
 */
class CrashRecoveryIntegrationTests {

    private final FakeGemini gemini = new FakeGemini();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        gemini.close();
    }

    private ApiClient start(Path log) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String jar = System.getProperty("app.jar");
        assertThat(jar).as("app.jar is set by failsafe to the packaged jar").isNotNull();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar).redirectErrorStream(true).redirectOutput(log.toFile());
        // Configured the way the README tells operators to: environment variables only.
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("STORE_TYPE", "file");
        env.put("STORE_PATH", data.toString());
        env.put("GEMINI_BASE_URL", gemini.baseUrl());
        env.put("GEMINI_API_KEY", FakeGemini.API_KEY);
        env.put("EMBEDDING_DIMENSIONS", "768");
        env.put("AUTH_API_KEYS", "ops-key");
        env.put("MAX_UPLOAD_SIZE", "2MB");
        processes.add(builder.start());
        ApiClient api = new ApiClient("http://127.0.0.1:" + port).withHeader("X-API-Key", "ops-key");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> api.get("/actuator/health").status() == 200);
        return api;
    }

    private void kill9() throws InterruptedException {
        Process process = processes.remove(processes.size() - 1);
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
        assertThat(process.waitFor()).isNotZero();
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        ApiClient api = start(data.resolveSibling("first.log"));
        byte[] png = MediaFixtures.bytes("puppy.png");
        for (int i = 0; i < 20; i++) {
            Map<String, Object> body = i % 2 == 0
                    ? Map.of("id", "item-" + i, "parts", List.of(Map.of("text", "text number " + i)), "metadata", Map.of("n", i))
                    : Map.of("id", "item-" + i, "parts", List.of(Map.of("data", Base64.getEncoder().encodeToString(png))),
                    "title", "picture " + i);
            assertThat(api.postJson("/items", body).status()).isEqualTo(201);
        }
        assertThat(api.postJson("/items", Map.of("id", "item-0", "parts", List.of(Map.of("text", "replaced")),
                "metadata", Map.of("n", 100))).status()).isEqualTo(200);
        assertThat(api.delete("/items/item-3").status()).isEqualTo(204);
        assertThat(api.postJson("/items", Map.of("id", "last", "parts", List.of(Map.of("text", "the last write")))).status())
                .isEqualTo(201);
        assertThat(api.get("/items/item-1").json().get("dimensions").asInt()).isEqualTo(768);
        assertThat(new ApiClient(api.baseUrl()).get("/items").status()).as("AUTH_API_KEYS applies").isEqualTo(401);
        assertThat(api.postBytes("/items", "application/json", new byte[3 * 1024 * 1024]).status())
                .as("MAX_UPLOAD_SIZE applies").isEqualTo(413);
        kill9();

        ApiClient restarted = start(data.resolveSibling("second.log"));

        assertThat(restarted.get("/items?limit=1000").json().get("items").size()).isEqualTo(20);
        assertThat(restarted.get("/items/last").status()).isEqualTo(200);
        assertThat(restarted.get("/items/item-3").status()).isEqualTo(404);
        assertThat(restarted.get("/items/item-0").json().get("metadata").get("n").asInt()).isEqualTo(100);
        assertThat(restarted.get("/items/item-5/content").body()).isEqualTo(png);
        int callsBefore = gemini.callCount();
        assertThat(restarted.postJson("/search", Map.of("itemId", "item-2", "topK", 1)).json()
                .get("results").get(0).get("id").asString()).isEqualTo("item-2");
        assertThat(gemini.callCount()).isEqualTo(callsBefore);
        assertThat(Files.exists(data)).isTrue();
    }
}
