package dev.handmade.infra.stack;

import dev.handmade.pipeline.simulation.DriveLogTruth;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.pipeline.source.drivelog.DriveLogSourceOptions;
import dev.handmade.storage.ObjectStore;
import org.apache.flink.configuration.Configuration;

/**
 * The stack's simulated labellers, answering through the service as people would, from the
 * simulator's truth or the drive logs' where the job reads them; none when the crowd's count is 0.
 */
final class SimulatedCrowd implements AutoCloseable {

  private final SimulatedLabellers labellers;

  private SimulatedCrowd(SimulatedLabellers labellers) {
    this.labellers = labellers;
  }

  static SimulatedCrowd start(
      StackSettings s, StackService service, ObjectStore store, Configuration job) {
    if (s.crowd().count() <= 0) {
      return new SimulatedCrowd(null);
    }
    DriveLogTruth driveLogs = new DriveLogTruth(store, job.get(DriveLogSourceOptions.PREFIX));
    return new SimulatedCrowd(
        SimulatedLabellers.start(
            service.url(),
            service.adminToken(),
            SimulatedLabellers.firstKnown(SimulatedLabellers.simulatorTruth(), driveLogs),
            s.crowd()));
  }

  long answered() {
    return labellers == null ? 0 : labellers.answered();
  }

  @Override
  public void close() {
    if (labellers == null) {
      return;
    }
    try {
      labellers.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
