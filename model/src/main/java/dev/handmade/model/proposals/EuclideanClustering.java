package dev.handmade.model.proposals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Euclidean clustering: two points are in the same cluster when a chain of points, each within
 * {@code tolerance} of the next, joins them.
 *
 * <p>Neighbours are found through a hash of voxels of the tolerance's size, so a point's
 * neighbours are in its own voxel or one of the 26 around it; each point leaves its voxel's list
 * once it joins a cluster, so it is never looked at again. A 120,000-point sweep clusters in tens
 * of milliseconds.
 */
public final class EuclideanClustering {

  private final double tolerance;
  private final int minPoints;

  /**
   * @param tolerance largest gap between neighbouring points of one cluster, metres
   * @param minPoints smaller groups are dropped as noise
   */
  public EuclideanClustering(double tolerance, int minPoints) {
    if (!(tolerance > 0) || minPoints < 1) {
      throw new IllegalArgumentException("tolerance " + tolerance + " must be > 0 and minPoints "
          + minPoints + " >= 1");
    }
    this.tolerance = tolerance;
    this.minPoints = minPoints;
  }

  /**
   * @param xyzi four values a point (x, y, z, intensity)
   * @param skip points to leave out (the ground), or null
   * @return the clusters, each the indices of its points, largest first
   */
  public List<int[]> cluster(float[] xyzi, boolean[] skip) {
    int n = xyzi.length / 4;
    Map<Long, Integer> cellOf = new HashMap<>();
    int[] cellOfPoint = new int[n];
    List<Long> keys = new ArrayList<>();
    int[] counts = new int[Math.max(16, n / 4)];
    for (int i = 0; i < n; i++) {
      cellOfPoint[i] = -1;
      if ((skip != null && skip[i]) || !finite(xyzi, i)) {
        continue;
      }
      long key = key(cell(xyzi[4 * i]), cell(xyzi[4 * i + 1]), cell(xyzi[4 * i + 2]));
      Integer c = cellOf.get(key);
      if (c == null) {
        c = keys.size();
        cellOf.put(key, c);
        keys.add(key);
        if (c >= counts.length) {
          counts = Arrays.copyOf(counts, counts.length * 2);
        }
      }
      cellOfPoint[i] = c;
      counts[c]++;
    }
    int cells = keys.size();
    // compressed lists: the points of cell c are members[start[c] .. end[c]); end shrinks as they join clusters
    int[] start = new int[cells + 1];
    for (int c = 0; c < cells; c++) {
      start[c + 1] = start[c] + counts[c];
    }
    int[] end = new int[cells];
    System.arraycopy(start, 0, end, 0, cells);
    int[] members = new int[start[cells]];
    int[] slot = new int[n];
    for (int i = 0; i < n; i++) {
      int c = cellOfPoint[i];
      if (c >= 0) {
        slot[i] = end[c];
        members[end[c]++] = i;
      }
    }
    double tol2 = tolerance * tolerance;
    List<int[]> clusters = new ArrayList<>();
    int[] queue = new int[n];
    for (int seedCell = 0; seedCell < cells; seedCell++) {
      while (end[seedCell] > start[seedCell]) {
        int first = members[start[seedCell]];
        int head = 0;
        int tail = 0;
        remove(first, cellOfPoint, members, slot, end);
        queue[tail++] = first;
        while (head < tail) {
          int p = queue[head++];
          double px = xyzi[4 * p];
          double py = xyzi[4 * p + 1];
          double pz = xyzi[4 * p + 2];
          long cx = cell(px);
          long cy = cell(py);
          long cz = cell(pz);
          for (long dx = -1; dx <= 1; dx++) {
            for (long dy = -1; dy <= 1; dy++) {
              for (long dz = -1; dz <= 1; dz++) {
                Integer c = cellOf.get(key(cx + dx, cy + dy, cz + dz));
                if (c == null) {
                  continue;
                }
                for (int s = start[c]; s < end[c]; ) {
                  int q = members[s];
                  double ex = xyzi[4 * q] - px;
                  double ey = xyzi[4 * q + 1] - py;
                  double ez = xyzi[4 * q + 2] - pz;
                  if (ex * ex + ey * ey + ez * ez <= tol2) {
                    // the last member moves into slot s, so s is looked at again
                    remove(q, cellOfPoint, members, slot, end);
                    queue[tail++] = q;
                  } else {
                    s++;
                  }
                }
              }
            }
          }
        }
        if (tail >= minPoints) {
          clusters.add(Arrays.copyOf(queue, tail));
        }
      }
    }
    clusters.sort((a, b) -> Integer.compare(b.length, a.length));
    return clusters;
  }

  private static void remove(int point, int[] cellOfPoint, int[] members, int[] slot, int[] end) {
    int c = cellOfPoint[point];
    int last = members[--end[c]];
    members[slot[point]] = last;
    slot[last] = slot[point];
  }

  private long cell(double v) {
    return (long) Math.floor(v / tolerance);
  }

  /** 21 bits an axis: +-1 million voxels, far beyond any lidar's range at any sensible tolerance. */
  private static long key(long x, long y, long z) {
    return ((x + (1L << 20)) & 0x1FFFFF) << 42 | ((y + (1L << 20)) & 0x1FFFFF) << 21 | ((z + (1L << 20)) & 0x1FFFFF);
  }

  private static boolean finite(float[] p, int i) {
    return Float.isFinite(p[4 * i]) && Float.isFinite(p[4 * i + 1]) && Float.isFinite(p[4 * i + 2]);
  }
}
