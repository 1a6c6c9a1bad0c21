# syntax=docker/dockerfile:1
# Multi-stage build: compile with Maven on JDK 25, split the jar into Spring Boot's layers, run on a
# Temurin 25 JRE as a non-root user. Not built on the development machines (no Docker engine there);
# kept standard. The layer extraction and the health check command were tried outside Docker.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package && cp target/gemini-search-*.jar /app.jar

# Boot's tools jar mode: one directory per layer (dependencies, spring-boot-loader,
# snapshot-dependencies, application); application/app.jar is a thin jar whose manifest names lib/.
FROM eclipse-temurin:25-jre AS layers
WORKDIR /layers
COPY --from=build /app.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:25-jre
# ffmpeg and ffprobe cut audio and video over Gemini's limits into segments (media.segments.*).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /app /data && chown app:app /data
WORKDIR /app
# Least to most often changed, so that a code change rebuilds only the last layer.
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# Numeric, so that Kubernetes can check runAsNonRoot (deploy/kubernetes uses uid and fsGroup 10001).
USER 10001:10001
# JDK_JAVA_OPTIONS (read by the java launcher) puts the Vector API on the module graph for the SIMD search
# kernel; it is separate from JAVA_TOOL_OPTIONS, so overriding the heap settings (deploy/kubernetes) keeps it.
ENV STORE_TYPE=file \
    STORE_PATH=/data \
    SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    JDK_JAVA_OPTIONS="--add-modules jdk.incubator.vector"
VOLUME ["/data"]
EXPOSE 8080
# curl and wget are not promised by the JRE image: bash's /dev/tcp does the request (bash, not sh,
# which is dash on this Ubuntu base and has no /dev/tcp). Liveness only: a missing GEMINI_API_KEY
# makes /actuator/health DOWN but must not get the container restarted.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
