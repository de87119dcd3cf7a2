package dev.handmade.model.nuscenes;

import dev.handmade.schema.ObjectClass;
import java.util.Collection;
import java.util.Optional;

/** nuScenes' 23 object categories as Handmade's classes. */
final class NuScenesCategories {

  /** The attribute nuScenes gives a bicycle or motorcycle with someone on it. */
  static final String WITH_RIDER = "cycle.with_rider";

  private NuScenesCategories() {}

  /**
   * @param attributes the annotation's attribute names: a bicycle or motorcycle is a cyclist only
   *     with a rider; parked, it is an object like any other
   * @return empty for a category nuScenes does not define
   */
  static Optional<ObjectClass> map(String category, Collection<String> attributes) {
    ObjectClass c =
        switch (category) {
          case "vehicle.car", "vehicle.emergency.police" -> ObjectClass.CAR;
          case "vehicle.truck",
              "vehicle.bus.bendy",
              "vehicle.bus.rigid",
              "vehicle.trailer",
              "vehicle.construction",
              "vehicle.emergency.ambulance" ->
              ObjectClass.TRUCK;
          // personal_mobility (scooters, skateboards) is annotated with its rider in the box
          case "human.pedestrian.adult",
              "human.pedestrian.child",
              "human.pedestrian.construction_worker",
              "human.pedestrian.police_officer",
              "human.pedestrian.personal_mobility" ->
              ObjectClass.PEDESTRIAN;
          case "vehicle.bicycle", "vehicle.motorcycle" ->
              attributes.contains(WITH_RIDER) ? ObjectClass.CYCLIST : ObjectClass.OTHER;
          // a stroller or wheelchair box may hold nobody
          case "human.pedestrian.stroller",
              "human.pedestrian.wheelchair",
              "movable_object.barrier",
              "movable_object.trafficcone",
              "movable_object.pushable_pullable",
              "movable_object.debris",
              "static_object.bicycle_rack",
              "animal" ->
              ObjectClass.OTHER;
          default -> null;
        };
    return Optional.ofNullable(c);
  }
}
