# syntax=docker/dockerfile:1
# The gateway's image, which the Helm chart (helm/sluice) runs:
#   docker build -t sluice/gateway:0.1.0 .
# Three stages: the Maven build (Java 17), the web console (Node.js, scripts/console.sh build), and the runtime on a
# Java 17 JRE as a non-root user. The runtime holds the same class path ./sluice start uses (gateway/target/
# runtime-classpath.txt), as jars in /opt/sluice/lib. No image is built or run by the test suite.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Every module's pom is read by the reactor, so the whole tree comes in (.dockerignore leaves out build output).
COPY . .
# The gateway with the modules it needs, then its runtime dependencies (the reactor's own jars included) side by side.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl gateway -am package dependency:copy-dependencies -DincludeScope=runtime \
    && mkdir -p /out/lib /out/graal-compiler \
    && cp gateway/target/sluice-gateway-*.jar gateway/target/dependency/*.jar /out/lib/ \
    && rm -f /out/lib/*-tests.jar \
    && cp udf-catalog/target/graal-compiler/*.jar /out/graal-compiler/

FROM node:20-bookworm-slim AS console
WORKDIR /src
COPY console/ console/
COPY scripts/console.sh scripts/console.sh
RUN scripts/console.sh build

FROM eclipse-temurin:17-jre
# A fixed non-root user (the chart's runAsUser), with no shell login and no home to write to. Nothing at run time
# needs root: the user writes only its data directory (its own, 0700) and /tmp; the files copied below stay root's,
# so the gateway cannot rewrite its own code. ContainerRightsAttacksTest checks this stage.
RUN groupadd --gid 10001 sluice \
    && useradd --uid 10001 --gid sluice --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sluice \
    && mkdir -p /var/lib/sluice \
    && chown sluice:sluice /var/lib/sluice \
    && chmod 0700 /var/lib/sluice
COPY --from=build /out/lib/ /opt/sluice/lib/
# The Graal compiler for JavaScript UDFs' optimizing runtime (see scripts/graal-flags.sh).
COPY --from=build /out/graal-compiler/ /opt/sluice/graal-compiler/
COPY --from=console /src/console/dist/ /opt/sluice/console/
COPY scripts/container-entrypoint.sh /opt/sluice/bin/sluice-gateway
COPY scripts/container-config.yaml /opt/sluice/conf/sluice.yaml
USER 10001:10001
WORKDIR /var/lib/sluice
# Sluice API and console; Flink-compatible SQL Gateway endpoint; Prometheus metrics of the embedded cluster when on.
EXPOSE 8080 8083 9249
ENTRYPOINT ["/opt/sluice/bin/sluice-gateway"]
# The image's own configuration (all interfaces, embedded H2 and MiniCluster under /var/lib/sluice); the chart passes
# its ConfigMap's file instead.
CMD ["--config", "/opt/sluice/conf/sluice.yaml"]
