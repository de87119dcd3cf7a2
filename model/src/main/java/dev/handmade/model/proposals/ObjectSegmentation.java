package dev.handmade.model.proposals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the returns above the ground into objects in two steps, so that objects stay apart
 * where they nearly touch and whole where the lidar sees them sparsely.
 *
 * <ol>
 *   <li><b>Pieces.</b> Points closer than a small tolerance are one piece (Euclidean clustering).
 *       The tolerance grows with range, as the gaps between the lidar's rings do, but stays
 *       below the gap between a car and the hedge beside it.
 *   <li><b>Joining.</b> Neighbouring pieces, closer than a larger, range-adaptive tolerance
 *       (a dark car returns only from its lights, plates and wheels), are joined nearest first,
 *       but only while the union could still be one object of the classes: no longer, wider or
 *       taller than the largest road user ({@link ObjectEnvelopes#largest()}), and never across a
 *       gap the lidar saw through ({@link LineOfSight}): where its rays passed between the two
 *       pieces and came back from well beyond both, nothing joins them. A dark car's gaps send
 *       nothing back and stay joined; the gap between a car and the wall or hedge beside it, seen
 *       edge-on as a sparse line of returns along the line of sight, does not. A wall or hedge
 *       seen face-on is one long piece already, and two parked cars end up as two.
 * </ol>
 */
public final class ObjectSegmentation {

  /** A distance that grows with the horizontal range r: {@code max(base, perMeter * r)}. */
  public record Tolerance(double base, double perMeter) {
    public Tolerance {
      if (!(base > 0) || !(perMeter >= 0)) {
        throw new IllegalArgumentException(
            "base " + base + " must be > 0 and perMeter " + perMeter + " >= 0");
      }
    }

    public double at(double range) {
      return Math.max(base, perMeter * range);
    }
  }

  /**
   * One object candidate.
   *
   * @param points indices of its returns in the sweep (ground excluded)
   * @param bottom height of its lowest return above the ground, metres
   * @param top height of its highest return above the ground
   */
  public record Segment(int[] points, Footprint footprint, double bottom, double top) {}

  private final Tolerance piece;
  private final Tolerance join;
  private final ObjectEnvelopes envelopes;

  public ObjectSegmentation(Tolerance piece, Tolerance join, ObjectEnvelopes envelopes) {
    if (join.base() < piece.base()) {
      throw new IllegalArgumentException(
          "the joining tolerance " + join + " must not be below the piece's " + piece);
    }
    this.piece = piece;
    this.join = join;
    this.envelopes = envelopes;
  }

  /** The segments of the points that are not ground, largest first. */
  public List<Segment> segment(float[] xyzi, SlopeFollowingGround.Result ground) {
    int n = xyzi.length / 4;
    boolean[] include = new boolean[n];
    double[] range = new double[n];
    for (int i = 0; i < n; i++) {
      include[i] = !ground.ground()[i] && Double.isFinite(ground.heightAboveGround()[i]);
      range[i] = Math.hypot(xyzi[4 * i], xyzi[4 * i + 1]);
    }
    NeighbourGrid grid = new NeighbourGrid(xyzi, include, join.base() / 2);

    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int p = 0; p < n; p++) {
      if (!include[p]) {
        continue;
      }
      int from = p;
      grid.forEachWithin(
          p,
          piece.at(range[p]),
          (q, d2) -> {
            // the tolerance of the nearer point: the pair is judged the same from either side
            double t = piece.at(Math.min(range[from], range[q]));
            if (q > from && d2 <= t * t) {
              union(parent, from, q);
            }
          });
    }
    int[] pieceOf = new int[n];
    Map<Integer, Integer> pieceOfRoot = new HashMap<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pieceOf[i] = -1;
      if (include[i]) {
        int root = find(parent, i);
        Integer id = pieceOfRoot.get(root);
        if (id == null) {
          id = members.size();
          pieceOfRoot.put(root, id);
          members.add(new ArrayList<>());
        }
        pieceOf[i] = id;
        members.get(id).add(i);
      }
    }

    // the smallest gap between each two neighbouring pieces, and the two returns across it
    Map<Long, Gap> gaps = new HashMap<>();
    for (int p = 0; p < n; p++) {
      if (!include[p]) {
        continue;
      }
      int from = p;
      grid.forEachWithin(
          p,
          join.at(range[p]),
          (q, d2) -> {
            int a = pieceOf[from];
            int b = pieceOf[q];
            double t = join.at(Math.min(range[from], range[q]));
            if (q > from && a != b && d2 <= t * t) {
              gaps.merge(
                  pairKey(a, b),
                  new Gap(Math.sqrt(d2), from, q),
                  (x, y) -> x.distance() <= y.distance() ? x : y);
            }
          });
    }

    int pieces = members.size();
    int[][] points = new int[pieces][];
    Footprint[] footprint = new Footprint[pieces];
    double[] bottom = new double[pieces];
    double[] top = new double[pieces];
    for (int k = 0; k < pieces; k++) {
      points[k] = members.get(k).stream().mapToInt(Integer::intValue).toArray();
      footprint[k] = Footprint.of(xyzi, points[k]);
      bottom[k] = Double.POSITIVE_INFINITY;
      top[k] = Double.NEGATIVE_INFINITY;
      for (int i : points[k]) {
        bottom[k] = Math.min(bottom[k], ground.heightAboveGround()[i]);
        top[k] = Math.max(top[k], ground.heightAboveGround()[i]);
      }
    }
    List<Map.Entry<Long, Gap>> edges = new ArrayList<>(gaps.entrySet());
    edges.sort((x, y) -> Double.compare(x.getValue().distance(), y.getValue().distance()));
    LineOfSight sight = new LineOfSight(xyzi);
    int[] group = new int[pieces];
    for (int k = 0; k < pieces; k++) {
      group[k] = k;
    }
    for (Map.Entry<Long, Gap> edge : edges) {
      int a = find(group, (int) (edge.getKey() >>> 32));
      int b = find(group, (int) (edge.getKey() & 0xFFFFFFFFL));
      if (a == b || sight.seenThrough(edge.getValue().from(), edge.getValue().to())) {
        continue;
      }
      Footprint joined = footprint[a].join(footprint[b]);
      double joinedTop = Math.max(top[a], top[b]);
      if (!envelopes.couldHold(joined.length(), joined.width(), joinedTop)) {
        continue;
      }
      group[b] = a;
      int[] both = Arrays.copyOf(points[a], points[a].length + points[b].length);
      System.arraycopy(points[b], 0, both, points[a].length, points[b].length);
      points[a] = both;
      points[b] = null;
      footprint[a] = joined;
      top[a] = joinedTop;
      bottom[a] = Math.min(bottom[a], bottom[b]);
    }
    List<Segment> segments = new ArrayList<>();
    for (int k = 0; k < pieces; k++) {
      if (points[k] != null) {
        segments.add(new Segment(points[k], footprint[k], bottom[k], top[k]));
      }
    }
    segments.sort((s, t) -> Integer.compare(t.points().length, s.points().length));
    return segments;
  }

  /** The closest two returns of two pieces, one of each, and how far apart they are. */
  private record Gap(double distance, int from, int to) {}

  private static long pairKey(int a, int b) {
    return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
