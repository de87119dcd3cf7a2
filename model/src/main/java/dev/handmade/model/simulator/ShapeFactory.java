package dev.handmade.model.simulator;

import dev.handmade.schema.ObjectClass;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random instances of each object class. The variation inside a class is deliberate and
 * overlaps between classes the way the world does: bare young trees look like wooden poles,
 * box vans look like small trucks, a walking pedestrian pushing nothing looks like a cyclist
 * at range, bollards look like short poles.
 */
final class ShapeFactory {

  private static final int[] PAINT = {
    0xC0C0C8, 0x202024, 0xF0F0F0, 0xB01818, 0x1838A0, 0x606068, 0x2E6B3A, 0xD8C060, 0x8A5A2B
  };
  private static final int[] CLOTHES = {
    0x303040, 0x804020, 0x2050A0, 0xA02030, 0xE0E0E0, 0x406030, 0xD0A020, 0x101010
  };
  private static final Surface GLASS = Surface.of(0x203040, 0.08, 0.02);
  private static final Surface TYRE = Surface.of(0x141414, 0.05, 0.05);
  private static final Surface SKIN = Surface.of(0xC09070, 0.3, 0.05);

  private ShapeFactory() {}

  static Shape create(ObjectClass c, SplittableRandom r) {
    return switch (c) {
      case CAR -> car(r);
      case TRUCK -> truck(r);
      case PEDESTRIAN -> pedestrian(r);
      case CYCLIST -> cyclist(r);
      case TREE -> tree(r);
      case POLE -> pole(r);
      case TRAFFIC_SIGN -> trafficSign(r);
      case OTHER -> other(r);
    };
  }

  private static double between(SplittableRandom r, double lo, double hi) {
    return lo + r.nextDouble() * (hi - lo);
  }

  private static Surface paint(
      SplittableRandom r, int[] palette, double reflectance, double texture) {
    int base = palette[r.nextInt(palette.length)];
    // small shade variation so no two objects share an exact colour
    int jitter = r.nextInt(-18, 19);
    int rr = clamp(((base >> 16) & 0xff) + jitter);
    int gg = clamp(((base >> 8) & 0xff) + jitter);
    int bb = clamp((base & 0xff) + jitter);
    return Surface.of((rr << 16) | (gg << 8) | bb, reflectance, texture);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static Shape car(SplittableRandom r) {
    double l = between(r, 3.7, 4.9);
    double w = between(r, 1.6, 1.9);
    double bodyTop = between(r, 0.85, 1.0);
    double h = bodyTop + between(r, 0.45, 0.6);
    Surface body = paint(r, PAINT, 0.45, 0.03);
    List<Primitive> parts = new ArrayList<>();
    parts.add(Primitive.Box.between(-l / 2, -w / 2, 0.3, l / 2, w / 2, bodyTop, body));
    double cabinBack = -l / 2 + l * between(r, 0.12, 0.25);
    double cabinFront = l / 2 - l * between(r, 0.3, 0.4);
    parts.add(Primitive.Box.between(cabinBack, -w * 0.44, bodyTop, cabinFront, w * 0.44, h, GLASS));
    for (double x : new double[] {-l * 0.32, l * 0.32}) {
      for (double y : new double[] {-w / 2, w / 2}) {
        parts.add(Primitive.Box.between(x - 0.33, y - 0.12, 0, x + 0.33, y + 0.12, 0.62, TYRE));
      }
    }
    return new Shape(parts, l, w, h);
  }

  private static Shape truck(SplittableRandom r) {
    // a third are box vans: short enough to be mistaken for a large car at range
    boolean van = r.nextDouble() < 0.33;
    double l = van ? between(r, 5.0, 6.2) : between(r, 6.5, 10.0);
    double w = between(r, 2.0, 2.5);
    double h = van ? between(r, 2.1, 2.6) : between(r, 3.0, 3.8);
    double cabLength = van ? l * 0.3 : between(r, 1.8, 2.3);
    Surface cargo =
        paint(r, new int[] {0xE8E8E8, 0xC8C8C8, 0xA03020, 0x2040A0, 0xE0B020}, 0.5, 0.02);
    Surface cab = paint(r, PAINT, 0.45, 0.03);
    List<Primitive> parts = new ArrayList<>();
    parts.add(Primitive.Box.between(-l / 2, -w / 2, 0.5, l / 2 - cabLength, w / 2, h, cargo));
    double cabTop = van ? h : h * between(r, 0.75, 0.85);
    parts.add(
        Primitive.Box.between(l / 2 - cabLength, -w / 2, 0.5, l / 2, w / 2, cabTop * 0.62, cab));
    parts.add(
        Primitive.Box.between(
            l / 2 - cabLength, -w * 0.47, cabTop * 0.62, l / 2 - 0.15, w * 0.47, cabTop, GLASS));
    int axles = van ? 2 : 3;
    for (int i = 0; i < axles; i++) {
      double x = -l / 2 + 0.9 + i * (l - 1.8) / (axles - 1);
      for (double y : new double[] {-w / 2, w / 2}) {
        parts.add(Primitive.Box.between(x - 0.5, y - 0.15, 0, x + 0.5, y + 0.15, 1.0, TYRE));
      }
    }
    return new Shape(parts, l, w, h);
  }

  /** Legs, torso, arms and head; {@code xOffset} shifts the figure along x (a rider on a bike). */
  private static List<Primitive> person(
      SplittableRandom r, double height, double xOffset, double zBase, boolean seated) {
    Surface top = paint(r, CLOTHES, 0.3, 0.08);
    Surface bottom = paint(r, CLOTHES, 0.25, 0.08);
    double shoulders = between(r, 0.38, 0.5);
    double legLength = seated ? height * 0.3 : height * 0.47;
    double torsoTop = zBase + (seated ? height * 0.55 : height * 0.82);
    double headR = height * 0.065;
    List<Primitive> parts = new ArrayList<>();
    double stride = seated ? 0 : between(r, 0.0, 0.3);
    for (double side : new double[] {-1, 1}) {
      double y = side * shoulders * 0.22;
      double x = xOffset + side * stride / 2;
      parts.add(
          Primitive.Box.between(
              x - 0.08,
              y - 0.08,
              zBase + (seated ? legLength : 0),
              x + 0.08,
              y + 0.08,
              zBase + (seated ? legLength * 2 : legLength),
              bottom));
      parts.add(
          Primitive.Box.between(
              xOffset - 0.06,
              side * shoulders / 2 - 0.05,
              torsoTop - height * 0.32,
              xOffset + 0.06,
              side * shoulders / 2 + 0.05,
              torsoTop,
              top));
    }
    double torsoBottom = zBase + (seated ? legLength * 2 : legLength);
    parts.add(
        Primitive.Box.between(
            xOffset - 0.13,
            -shoulders / 2 + 0.05,
            torsoBottom,
            xOffset + 0.13,
            shoulders / 2 - 0.05,
            torsoTop,
            top));
    parts.add(new Primitive.Sphere(new Vec3(xOffset, 0, torsoTop + headR * 1.2), headR, SKIN));
    return parts;
  }

  private static Shape pedestrian(SplittableRandom r) {
    double h = between(r, 1.5, 1.95);
    List<Primitive> parts = person(r, h, 0, 0, false);
    // some carry a bag or push a pram: a second mass beside them
    if (r.nextDouble() < 0.2) {
      parts.add(
          Primitive.Box.between(0.25, -0.2, 0.2, 0.75, 0.2, 0.95, paint(r, CLOTHES, 0.3, 0.05)));
      return new Shape(parts, 1.0, 0.55, h + h * 0.065);
    }
    return new Shape(parts, 0.5, 0.55, h + h * 0.065);
  }

  private static Shape cyclist(SplittableRandom r) {
    double bikeLength = between(r, 1.6, 1.85);
    double wheel = between(r, 0.62, 0.72);
    Surface frame = paint(r, PAINT, 0.4, 0.02);
    List<Primitive> parts = new ArrayList<>();
    for (double x : new double[] {-bikeLength / 2 + wheel / 2, bikeLength / 2 - wheel / 2}) {
      parts.add(Primitive.Box.between(x - wheel / 2, -0.03, 0, x + wheel / 2, 0.03, wheel, TYRE));
    }
    parts.add(
        Primitive.Box.between(
            -bikeLength / 2 + wheel / 2,
            -0.03,
            wheel * 0.7,
            bikeLength / 2 - wheel / 2,
            0.03,
            wheel * 1.15,
            frame));
    double riderHeight = between(r, 1.5, 1.9);
    parts.addAll(person(r, riderHeight * 0.85, -0.1, wheel * 0.35, true));
    double h = wheel * 0.35 + riderHeight * 0.85 * 0.68;
    return new Shape(parts, bikeLength, 0.6, Math.max(h, wheel * 1.15));
  }

  private static Shape tree(SplittableRandom r) {
    Surface bark = paint(r, new int[] {0x5A3E28, 0x4A3A30, 0x6B5540}, 0.25, 0.25);
    Surface leaves =
        paint(r, new int[] {0x2E6B2A, 0x3F7F30, 0x4E6B22, 0x7A8A30, 0x8A5A20}, 0.2, 0.45);
    double trunkR = between(r, 0.1, 0.35);
    List<Primitive> parts = new ArrayList<>();
    // one in five is young or bare: a thin trunk with little or no crown, easily taken for a pole
    boolean bare = r.nextDouble() < 0.2;
    double trunkTop = bare ? between(r, 3.0, 6.0) : between(r, 1.5, 3.0);
    parts.add(new Primitive.Cylinder(0, 0, 0, trunkTop, bare ? trunkR * 0.6 : trunkR, bark));
    double crownR = bare ? between(r, 0.0, 0.5) : between(r, 1.0, 2.5);
    double h = trunkTop;
    if (crownR > 0.15) {
      int blobs = bare ? 1 : 1 + r.nextInt(3);
      for (int i = 0; i < blobs; i++) {
        double rr = crownR * between(r, 0.7, 1.0);
        Vec3 c =
            new Vec3(
                between(r, -0.3, 0.3) * crownR,
                between(r, -0.3, 0.3) * crownR,
                trunkTop + rr * 0.8 + i * rr * 0.4);
        parts.add(new Primitive.Sphere(c, rr, leaves));
        h = Math.max(h, c.z() + rr);
      }
    }
    double extent = Math.max(2 * crownR, 2 * trunkR);
    return new Shape(parts, extent, extent, h);
  }

  private static Shape pole(SplittableRandom r) {
    Surface metal =
        paint(r, new int[] {0x909098, 0x707078, 0x3A5A3A, 0x5A4030, 0xB0B0B0}, 0.55, 0.05);
    double radius = between(r, 0.07, 0.2);
    double h = between(r, 3.5, 9.0);
    List<Primitive> parts = new ArrayList<>();
    parts.add(new Primitive.Cylinder(0, 0, 0, h, radius, metal));
    double length = 2 * radius;
    if (r.nextDouble() < 0.5) {
      // a street light's arm and lamp
      double arm = between(r, 0.8, 2.0);
      parts.add(Primitive.Box.between(0, -0.06, h - 0.12, arm, 0.06, h, metal));
      parts.add(
          Primitive.Box.between(
              arm - 0.4, -0.15, h - 0.25, arm, 0.15, h - 0.05, Surface.of(0xE0E0D0, 0.7, 0.02)));
      length = arm + radius;
    }
    return new Shape(parts, length, Math.max(2 * radius, 0.3), h);
  }

  private static Shape trafficSign(SplittableRandom r) {
    Surface post = Surface.of(0xA0A0A8, 0.5, 0.03);
    // retroreflective sheeting: the brightest returns a lidar sees
    Surface plate =
        paint(r, new int[] {0xC01818, 0x1840B0, 0xE8C818, 0xF0F0F0, 0x208040}, 0.92, 0.03);
    double postH = between(r, 1.8, 2.8);
    double size = between(r, 0.5, 0.9);
    List<Primitive> parts = new ArrayList<>();
    parts.add(new Primitive.Cylinder(0, 0, 0, postH, between(r, 0.03, 0.06), post));
    parts.add(Primitive.Box.between(0.05, -size / 2, postH, 0.08, size / 2, postH + size, plate));
    if (r.nextDouble() < 0.3) {
      double extra = size * 0.5;
      parts.add(
          Primitive.Box.between(
              0.05,
              -size / 2,
              postH - extra - 0.05,
              0.08,
              size / 2,
              postH - 0.05,
              Surface.of(0xF0F0F0, 0.9, 0.03)));
    }
    return new Shape(parts, 0.15, size, postH + size);
  }

  private static Shape other(SplittableRandom r) {
    Surface s =
        paint(r, new int[] {0x406040, 0x808080, 0xC06020, 0x303030, 0xD0D020, 0x6080A0}, 0.35, 0.1);
    List<Primitive> parts = new ArrayList<>();
    return switch (r.nextInt(4)) {
      case 0 -> { // wheelie bin
        double h = between(r, 0.9, 1.2);
        parts.add(Primitive.Box.between(-0.3, -0.3, 0, 0.3, 0.3, h, s));
        yield new Shape(parts, 0.6, 0.6, h);
      }
      case 1 -> { // road barrier
        double l = between(r, 1.5, 3.0);
        parts.add(
            Primitive.Box.between(
                -0.15,
                -l / 2,
                0.0,
                0.15,
                l / 2,
                between(r, 0.8, 1.1),
                Surface.of(0xE0E0E0, 0.8, 0.05)));
        yield new Shape(parts, 0.3, l, 1.1);
      }
      case 2 -> { // bollard: a short pole
        double h = between(r, 0.8, 1.3);
        parts.add(new Primitive.Cylinder(0, 0, 0, h, between(r, 0.08, 0.15), s));
        yield new Shape(parts, 0.3, 0.3, h);
      }
      default -> { // a pile of boxes or debris
        double w = between(r, 0.6, 1.5);
        double h1 = between(r, 0.3, 0.8);
        parts.add(Primitive.Box.between(-w / 2, -w / 2, 0, w / 2, w / 2, h1, s));
        parts.add(
            Primitive.Box.between(-w / 4, -w / 3, h1, w / 3, w / 4, h1 + between(r, 0.2, 0.6), s));
        yield new Shape(parts, w, w, h1 + 0.6);
      }
    };
  }
}
