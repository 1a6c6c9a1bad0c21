package dev.geminisearch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged service jar in a child process, configured by environment variables only, the way
 * the README tells operators to run it. Failsafe passes the jar's path as {@code app.jar}.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with these environment variables (plus SERVER_PORT) and writes its output to {@code log}. */
    public static ServiceProcess start(Map<String, String> environment, Path log) {
        String jar = System.getProperty("app.jar");
        assertThat(jar).as("app.jar is set by failsafe to the packaged jar").isNotNull();
        int port = freePort();
        // The Vector API module for the SIMD search kernel, as the README, Dockerfile and spring-boot:run give it.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", jar).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("STORE_")
                || name.startsWith("SPRING_") || name.equals("AUTH_API_KEYS") || name.equals("EMBEDDING_DIMENSIONS"));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        try {
            return new ServiceProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the service answers its liveness probe; fails with its log if it exits first. */
    public ServiceProcess awaitReady() {
        ApiClient probe = new ApiClient(baseUrl());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + output());
            }
            return probe.get("/actuator/health/liveness").status() == 200;
        });
        return this;
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything the service has printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as a container runtime sends: the service shuts down gracefully. Returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service did not stop within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL on Linux: no shutdown hooks, no flushing. */
    public int kill9() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
