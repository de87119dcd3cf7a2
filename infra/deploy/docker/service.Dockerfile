# The labelling service, one shaded jar on a Java 17 runtime, as a non-root user. Build from the
# repository root, after `mvn -pl labelling-service -am package -DskipTests`:
#
#   docker build -f infra/deploy/docker/service.Dockerfile -t handmade/labelling-service:0.1.0-SNAPSHOT .
#
# Configure it with HANDMADE_* environment variables or a YAML file (`serve --config FILE`).
FROM eclipse-temurin:17-jre

# a numeric user, so that Kubernetes can check runAsNonRoot
RUN groupadd --system --gid 10001 handmade \
    && useradd --system --uid 10001 --gid handmade --home-dir /opt/handmade handmade

COPY --chown=10001:10001 labelling-service/target/handmade-labelling-service.jar /opt/handmade/handmade-labelling-service.jar

USER 10001
WORKDIR /opt/handmade
EXPOSE 8086
ENTRYPOINT ["java", "-jar", "/opt/handmade/handmade-labelling-service.jar"]
CMD ["serve"]
