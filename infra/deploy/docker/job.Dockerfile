# The Handmade job on the official Flink image. DL4J goes to lib, on the class path of every Flink
# process: its native code loads once per JVM, so it cannot live in a job's class loader, which a
# restarted job replaces. The jar goes to usrlib, where application mode (the Kubernetes operator's
# FlinkDeployment) looks for it and from where `flink run` submits it to a session cluster
# (Compose). Build from the repository root, after `mvn -q package -DskipTests`:
#
#   docker build -f infra/deploy/docker/job.Dockerfile -t handmade/pipeline-job:0.1.0-SNAPSHOT .
FROM flink:2.3.0-scala_2.12-java17

COPY --chown=flink:flink infra/flink-dist/target/dl4j-lib/ /opt/flink/lib/
COPY --chown=flink:flink pipeline/target/handmade-pipeline-job.jar /opt/flink/usrlib/handmade-pipeline-job.jar
