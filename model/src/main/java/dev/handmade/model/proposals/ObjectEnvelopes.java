package dev.handmade.model.proposals;

import java.util.List;
import java.util.Optional;

/**
 * What an object of the classes can look like to a lidar, as plain sizes: a cluster that fits no
 * envelope is surely not a car, truck, pedestrian or cyclist (a wall, a hedge, a tree's crown,
 * a kerb strip, a pole taller than a person), and nobody is asked to look at it.
 *
 * @param envelopes the shapes a proposed object may have
 * @param largest the largest road user: pieces are joined only while their union fits it (see
 *     {@link ObjectSegmentation}); larger than any envelope, so that a long wall stays one piece
 *     instead of breaking into object-sized parts
 * @param minPoints fewer returns are noise, or too little for anyone to judge
 * @param maxBottom an object stands on the ground: its lowest return is at most this high above
 *     it (more than a wheel's height, for objects partly hidden behind a low wall or rail)
 */
public record ObjectEnvelopes(
    List<Envelope> envelopes, Envelope largest, int minPoints, double maxBottom) {

  /**
   * Sizes of one kind of object, metres: its footprint at least {@code minLength} long and at most
   * {@code maxLength} by {@code maxWidth}, its highest return between {@code minHeight} and
   * {@code maxHeight} above the ground and, at range r, at least {@code lowestRoof} less one of
   * the lidar's ring spacings ({@link #RING_SPACING} r): the highest ring to hit the object's top
   * is at most one spacing below it.
   */
  public record Envelope(
      String name,
      double minLength,
      double maxLength,
      double maxWidth,
      double minHeight,
      double maxHeight,
      double lowestRoof) {

    /** Whether an object of these sizes, seen at this range, fits. */
    public boolean fits(double length, double width, double top, double range) {
      return length >= minLength
          && length <= maxLength
          && width <= maxWidth
          && top <= maxHeight
          && top >= Math.max(minHeight, lowestRoof - RING_SPACING * range);
    }
  }

  /** The HDL-64E's rings are about 0.4 degrees apart: this many metres a metre of range. */
  public static final double RING_SPACING = 0.007;

  /** Why a cluster is not proposed. */
  public enum Rejection {
    /** fewer returns than {@code minPoints} */
    TOO_FEW_POINTS,
    /** its lowest return is high above the ground: a crown, a sign's plate, a wire */
    OFF_THE_GROUND,
    /** lower than any object of the classes: a kerb, a low bush, a parked bicycle's wheel */
    TOO_LOW,
    /** fits no envelope: too long, too wide or too tall (walls, hedges, trees, buildings) */
    NO_OBJECT_SHAPE,
    /** its centre is outside the camera's image: nobody could check it */
    OUT_OF_VIEW
  }

  public ObjectEnvelopes {
    envelopes = List.copyOf(envelopes);
    if (envelopes.isEmpty() || largest == null || minPoints < 1 || !(maxBottom >= 0)) {
      throw new IllegalArgumentException(
          "need at least one envelope, the largest road user, minPoints >= 1 and maxBottom >= 0");
    }
  }

  /**
   * KITTI's Car, Van, Pedestrian and Cyclist as a lidar sees them, with room for what the labels'
   * boxes leave out (a car's mirrors, a person's raised arm, a cyclist's wheel ahead). A truck
   * seen from behind fits the car's envelope; one seen side-on, longer than 7 m, is not proposed:
   * on the sample sweeps every segment that long was a wall, a hedge or a row of trees.
   *
   * <p>A car is at least 1.3 m tall (a low sports car; KITTI's are 1.4 to 1.6 m), and the lidar,
   * looking down from 1.73 m, sees its roof before anything else: a car-long segment that tops
   * out lower is a rail, a kerb or a low wall. A car is at least 1.5 m across even from behind,
   * so a segment less than 1 m long is a pole, a trunk or a post when it is taller than a person.
   */
  public static ObjectEnvelopes defaults() {
    return new ObjectEnvelopes(
        List.of(
            new Envelope("pedestrian", 0, 1.5, 1.5, 0.8, 2.1, 0),
            new Envelope("cyclist", 0, 2.5, 1.5, 0.8, 2.1, 0),
            new Envelope("car", 1.0, 7.0, 3.0, 0.8, 3.2, 1.3)),
        new Envelope("truck", 0, 18.0, 3.5, 0.8, 4.5, 0),
        8,
        1.0);
  }

  /** The first envelope that fits an object of these sizes at this horizontal range, if any. */
  public Optional<Envelope> fit(double length, double width, double top, double range) {
    for (Envelope e : envelopes) {
      if (e.fits(length, width, top, range)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Why a cluster of this size, at this horizontal range, is no object of the classes, or empty
   * when it may be one.
   */
  public Optional<Rejection> judge(
      int points, double length, double width, double bottom, double top, double range) {
    if (points < minPoints) {
      return Optional.of(Rejection.TOO_FEW_POINTS);
    }
    if (bottom > maxBottom) {
      return Optional.of(Rejection.OFF_THE_GROUND);
    }
    if (top < envelopes.stream().mapToDouble(Envelope::minHeight).min().orElseThrow()) {
      return Optional.of(Rejection.TOO_LOW);
    }
    return fit(length, width, top, range).isPresent()
        ? Optional.empty()
        : Optional.of(Rejection.NO_OBJECT_SHAPE);
  }

  /**
   * Whether a cluster of this size could still be one object: no longer, wider or taller than the
   * largest road user. Two pieces are joined only while their union could.
   */
  public boolean couldHold(double length, double width, double top) {
    return length <= largest.maxLength()
        && width <= largest.maxWidth()
        && top <= largest.maxHeight();
  }
}
