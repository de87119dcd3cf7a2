package dev.handmade.pipeline.support;

import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RunningLabellingService} for all tests of a class, started before the first and
 * closed after the last; register it as a static {@code @RegisterExtension} field.
 */
public final class SharedLabellingService implements BeforeAllCallback, AfterAllCallback {

  private RunningLabellingService service;

  private SharedLabellingService() {}

  /** One label decides a task, and a lone "can't tell" ends it unresolved. */
  public static SharedLabellingService oneLabelDecides() {
    return new SharedLabellingService();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    service = new RunningLabellingService(c -> c.set("consensus.maxLabels", 1));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (service != null) {
      service.close();
    }
  }

  public String baseUrl() {
    return service.baseUrl();
  }

  public ServiceCalls calls() {
    return service.calls();
  }

  public LabellingServiceConfig.Builder clientConfig() {
    return service.clientConfig();
  }
}
