# The Handmade job on the official Flink image. The jar goes to usrlib, where application mode
# (the Kubernetes operator's FlinkDeployment) looks for it and from where `flink run` submits it
# to a session cluster (Compose). Build from the repository root, after
# `mvn -Pcluster-jar -pl pipeline -am package -DskipTests`:
#
#   docker build -f infra/deploy/docker/job.Dockerfile -t handmade/pipeline-job:0.1.0-SNAPSHOT .
FROM flink:2.3.0-scala_2.12-java17

COPY --chown=flink:flink pipeline/target/handmade-pipeline-job.jar /opt/flink/usrlib/handmade-pipeline-job.jar
