package dev.handmade.pipeline.inference;

/** What the registry says is deployed: a version name, or null while nothing is. */
public record DeployedModel(String version) {

  public static DeployedModel none() {
    return new DeployedModel(null);
  }

  public boolean isNone() {
    return version == null;
  }
}
