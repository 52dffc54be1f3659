# syntax=docker/dockerfile:1
#
# One image for every vigil command: the command is the container's arguments.
#
#   docker build -t vigil .
#   docker run --rm vigil --help
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=... -e KAFKA_SCHEMA_REGISTRY_URL=... vigil detect --http-port 8080
#
# JVM options go in JAVA_TOOL_OPTIONS (the JVM reads it itself); configuration in VIGIL_* and KAFKA_*
# variables or a properties file mounted and passed with --config.

# --- build: the same Maven build as on a developer's machine --------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so a source change does not download the dependencies again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -DskipTests package \
 && mkdir -p /out \
 && cp app/target/vigil-app-*.jar /out/vigil.jar \
 && cp -r app/target/lib /out/lib

# --- runtime: a JRE, the application jar and its dependencies, a non-root user ----------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 vigil \
 && useradd --system --uid 10001 --gid vigil --home-dir /var/lib/vigil --create-home --shell /usr/sbin/nologin vigil
COPY --from=build /out/ /opt/vigil/
# Kafka Streams state (RocksDB) lives here; mount a volume to keep it across container restarts.
ENV VIGIL_STATE_DIR=/var/lib/vigil/state \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
USER vigil:vigil
WORKDIR /var/lib/vigil
# The detector's HTTP port (metrics, health, readiness, interactive queries) when run with --http-port 8080.
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/opt/vigil/vigil.jar:/opt/vigil/lib/*", "io.vigil.app.VigilCommand"]
CMD ["--help"]
