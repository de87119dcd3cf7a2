package dev.handmade.model.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Weather;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SensorSimulatorTest {

  private static List<Frame> frames;

  @BeforeAll
  static void simulate() {
    frames = SensorSimulator.builder().seed(3).build().frames(0, 2000);
  }

  @Test
  void theSameSeedAndIndexGiveTheSameFrameInAnyOrder() {
    SensorSimulator a = SensorSimulator.builder().seed(99).build();
    SensorSimulator b = SensorSimulator.builder().seed(99).build();
    Frame direct = a.frame(41);
    List<Frame> batch = b.frames(40, 3);
    assertThat(batch.get(1)).isEqualTo(direct);
    assertThat(a.frame(41)).isEqualTo(direct);
  }

  @Test
  void differentSeedsGiveDifferentStreams() {
    Frame one = SensorSimulator.builder().seed(1).build().frame(0);
    Frame two = SensorSimulator.builder().seed(2).build().frame(0);
    assertThat(one.getCamera().getRgb()).isNotEqualTo(two.getCamera().getRgb());
    assertThat(one.getFrameId()).isNotEqualTo(two.getFrameId());
  }

  @Test
  void everyClassAppearsInRoughlyItsShare() {
    Map<ObjectClass, Integer> counts = new EnumMap<>(ObjectClass.class);
    frames.forEach(f -> counts.merge(f.getGroundTruth(), 1, Integer::sum));
    assertThat(counts).containsOnlyKeys(ObjectClass.values());
    // cars are the most common class, and no class is rarer than 5%
    assertThat(counts.get(ObjectClass.CAR))
        .isEqualTo(counts.values().stream().max(Integer::compare).orElseThrow());
    counts.values().forEach(n -> assertThat(n).isGreaterThan(100));
  }

  @Test
  void cropsHaveTheirDeclaredSizeAndPointsAreFinite() {
    for (Frame f : frames) {
      assertThat(f.getCamera().getRgb().remaining()).isEqualTo(32 * 32 * 3);
      assertThat(f.getLidar().size()).isLessThanOrEqualTo(512);
      for (LidarPoint p : f.getLidar()) {
        assertThat(Float.isFinite(p.getX()) && Float.isFinite(p.getY()) && Float.isFinite(p.getZ()))
            .isTrue();
        assertThat(p.getIntensity()).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void pointsLieOnTheObjectInItsOwnFrame() {
    // returns come from the object's surface, give or take range noise and rain clutter
    for (Frame f : frames) {
      ObjectBox box = f.getBox();
      for (LidarPoint p : f.getLidar()) {
        assertThat(Math.abs(p.getX())).isLessThanOrEqualTo(box.getLength() / 2 + 0.8f);
        assertThat(Math.abs(p.getY())).isLessThanOrEqualTo(box.getWidth() / 2 + 0.8f);
        assertThat(p.getZ()).isBetween(-0.3f, box.getHeight() + 0.3f);
      }
    }
  }

  @Test
  void pointDensityFallsWithRange() {
    List<Integer> near = new ArrayList<>();
    List<Integer> far = new ArrayList<>();
    for (Frame f : frames) {
      if (f.getGroundTruth() != ObjectClass.CAR || f.getConditions().getOcclusion() > 0) {
        continue;
      }
      float range = f.getConditions().getRangeMeters();
      if (range < 15) {
        near.add(f.getLidar().size());
      } else if (range > 40) {
        far.add(f.getLidar().size());
      }
    }
    assertThat(near).hasSizeGreaterThan(10);
    assertThat(far).hasSizeGreaterThan(10);
    assertThat(median(near)).isGreaterThan(4 * median(far));
  }

  @Test
  void difficultyVaries() {
    assertThat(frames).anyMatch(f -> f.getConditions().getLighting() == Lighting.NIGHT);
    assertThat(frames).anyMatch(f -> f.getConditions().getWeather() == Weather.RAIN);
    assertThat(frames).anyMatch(f -> f.getConditions().getWeather() == Weather.FOG);
    assertThat(frames).anyMatch(f -> f.getConditions().getOcclusion() > 0.5);
    assertThat(frames).anyMatch(f -> f.getConditions().getRangeMeters() > 50);
    assertThat(frames).anyMatch(f -> f.getConditions().getRangeMeters() < 10);
    // heavy occlusion or range leaves some objects with no lidar return at all
    assertThat(frames).anyMatch(f -> f.getLidar().isEmpty());
  }

  @Test
  void nightCropsAreDarkerThanDayCrops() {
    double day = meanBrightness(frames, Lighting.DAY);
    double night = meanBrightness(frames, Lighting.NIGHT);
    assertThat(night).isLessThan(day * 0.5);
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> SensorSimulator.builder().cropSize(2).build())
        .hasMessageContaining("cropSize");
    assertThatThrownBy(() -> SensorSimulator.builder().rangeMeters(20, 10).build())
        .hasMessageContaining("range");
    assertThatThrownBy(() -> SensorSimulator.builder().vehicles(0).build())
        .hasMessageContaining("vehicles");
  }

  private static double meanBrightness(List<Frame> frames, Lighting lighting) {
    double sum = 0;
    long n = 0;
    for (Frame f : frames) {
      if (f.getConditions().getLighting() != lighting) {
        continue;
      }
      var rgb = f.getCamera().getRgb().duplicate();
      while (rgb.hasRemaining()) {
        sum += rgb.get() & 0xff;
        n++;
      }
    }
    return sum / n;
  }

  private static int median(List<Integer> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }
}
