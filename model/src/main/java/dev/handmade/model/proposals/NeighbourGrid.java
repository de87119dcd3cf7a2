package dev.handmade.model.proposals;

import java.util.HashMap;
import java.util.Map;

/**
 * The points of a sweep hashed into cubic cells, so that the points within a radius of a point
 * are found in the few cells around it.
 */
final class NeighbourGrid {

  /** Hears about one neighbour and its squared distance. */
  @FunctionalInterface
  interface Visitor {
    void visit(int neighbour, double distanceSquared);
  }

  private final float[] xyzi;
  private final double cellSize;
  private final Map<Long, Integer> cellIndex = new HashMap<>();
  private final int[] start;
  private final int[] members;

  /** @param include which points to hash (the rest are never neighbours) */
  NeighbourGrid(float[] xyzi, boolean[] include, double cellSize) {
    this.xyzi = xyzi;
    this.cellSize = cellSize;
    int n = xyzi.length / 4;
    int[] cellOfPoint = new int[n];
    int[] counts = new int[16];
    int cells = 0;
    for (int i = 0; i < n; i++) {
      cellOfPoint[i] = -1;
      if (!include[i]) {
        continue;
      }
      long key = key(cell(xyzi[4 * i]), cell(xyzi[4 * i + 1]), cell(xyzi[4 * i + 2]));
      Integer c = cellIndex.get(key);
      if (c == null) {
        c = cells++;
        cellIndex.put(key, c);
        if (c >= counts.length) {
          counts = java.util.Arrays.copyOf(counts, counts.length * 2);
        }
      }
      cellOfPoint[i] = c;
      counts[c]++;
    }
    start = new int[cells + 1];
    for (int c = 0; c < cells; c++) {
      start[c + 1] = start[c] + counts[c];
    }
    int[] fill = java.util.Arrays.copyOf(start, cells);
    members = new int[start[cells]];
    for (int i = 0; i < n; i++) {
      if (cellOfPoint[i] >= 0) {
        members[fill[cellOfPoint[i]]++] = i;
      }
    }
  }

  /** Visits every hashed point other than {@code p} within {@code radius} of it. */
  void forEachWithin(int p, double radius, Visitor visitor) {
    double px = xyzi[4 * p];
    double py = xyzi[4 * p + 1];
    double pz = xyzi[4 * p + 2];
    long reach = (long) Math.ceil(radius / cellSize);
    long cx = cell(px);
    long cy = cell(py);
    long cz = cell(pz);
    double r2 = radius * radius;
    for (long dx = -reach; dx <= reach; dx++) {
      for (long dy = -reach; dy <= reach; dy++) {
        for (long dz = -reach; dz <= reach; dz++) {
          Integer c = cellIndex.get(key(cx + dx, cy + dy, cz + dz));
          if (c == null) {
            continue;
          }
          for (int s = start[c]; s < start[c + 1]; s++) {
            int q = members[s];
            if (q == p) {
              continue;
            }
            double ex = xyzi[4 * q] - px;
            double ey = xyzi[4 * q + 1] - py;
            double ez = xyzi[4 * q + 2] - pz;
            double d2 = ex * ex + ey * ey + ez * ez;
            if (d2 <= r2) {
              visitor.visit(q, d2);
            }
          }
        }
      }
    }
  }

  private long cell(double v) {
    return (long) Math.floor(v / cellSize);
  }

  /** 21 bits an axis: +-1 million cells, far beyond any lidar's range at any sensible cell size. */
  private static long key(long x, long y, long z) {
    return ((x + (1L << 20)) & 0x1FFFFF) << 42 | ((y + (1L << 20)) & 0x1FFFFF) << 21 | ((z + (1L << 20)) & 0x1FFFFF);
  }
}
