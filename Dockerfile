# syntax=docker/dockerfile:1
# Gatehouse image: build the shaded jar with Maven, run it on a plain JRE as a non-root user.
#   docker build -t gatehouse .
#   docker compose up -d        (with MongoDB and Redis: see docker-compose.yml)

# ---- Stage 1: build target/gatehouse.jar --------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
# The cache mount keeps downloaded dependencies between builds (BuildKit, the default builder).
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# ---- Stage 2: runtime ----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
WORKDIR /app

# A fixed non-root uid/gid (10001): Ubuntu's own "ubuntu" user already holds 1000.
# DATA_DIR must be writable by it; everything else stays root-owned and read-only.
# target/gatehouse.jar links to the jar so the bin/ scripts find it without Maven.
RUN groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid gatehouse --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin gatehouse \
 && mkdir -p /app/data /app/target \
 && chown gatehouse:gatehouse /app/data \
 && ln -s ../gatehouse.jar /app/target/gatehouse.jar

COPY --from=build /build/target/gatehouse.jar /app/gatehouse.jar
COPY bin/ /app/bin/
COPY conf/ /app/conf/

# Listen on all interfaces inside the container. Other settings: conf/gatehouse.env.example.
# Without MONGO_URI/REDIS_URI the server runs its embedded stores in DATA_DIR: mount a volume there.
# JVM options: JAVA_TOOL_OPTIONS (e.g. -XX:MaxRAMPercentage=75).
ENV HOST=0.0.0.0 PORT=3080 DATA_DIR=/app/data

USER 10001:10001
EXPOSE 3080

# Liveness over bash's /dev/tcp, so the check needs no curl/wget (the base image ships them today
# only "for historical reasons"). Healthy when GET /livez answers 200.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-3080} && printf 'GET /livez HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r status <&3 && [[ ${status:9:3} == 200 ]]"]

CMD ["java", "-jar", "/app/gatehouse.jar"]
