package dev.handmade.model.proposals;

import java.util.Arrays;

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
  // open addressing, long keys to int cells, no boxing: every point looks up 27 or more cells
  private long[] keys = new long[1 << 12];
  private int[] values = new int[1 << 12];
  private int used;
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
      int c = get(key);
      if (c < 0) {
        c = cells++;
        put(key, c);
        if (c >= counts.length) {
          counts = Arrays.copyOf(counts, counts.length * 2);
        }
      }
      cellOfPoint[i] = c;
      counts[c]++;
    }
    start = new int[cells + 1];
    for (int c = 0; c < cells; c++) {
      start[c + 1] = start[c] + counts[c];
    }
    int[] fill = Arrays.copyOf(start, cells);
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
          int c = get(key(cx + dx, cy + dy, cz + dz));
          if (c < 0) {
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

  /** The cell of a key, or -1. Keys are never -1: {@link #key} keeps them to 63 bits. */
  private int get(long key) {
    int mask = keys.length - 1;
    for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
      if (keys[slot] == 0) {
        return -1;
      }
      if (keys[slot] == key + 1) {
        return values[slot];
      }
    }
  }

  private void put(long key, int value) {
    if (2 * (used + 1) > keys.length) {
      long[] oldKeys = keys;
      int[] oldValues = values;
      keys = new long[2 * oldKeys.length];
      values = new int[2 * oldValues.length];
      used = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != 0) {
          put(oldKeys[i] - 1, oldValues[i]);
        }
      }
    }
    int mask = keys.length - 1;
    int slot = slot(key, mask);
    while (keys[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    // stored plus one, so that 0 marks an empty slot
    keys[slot] = key + 1;
    values[slot] = value;
    used++;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private long cell(double v) {
    return (long) Math.floor(v / cellSize);
  }

  /** 21 bits an axis: +-1 million cells, far beyond any lidar's range at any sensible cell size. */
  private static long key(long x, long y, long z) {
    return ((x + (1L << 20)) & 0x1FFFFF) << 42
        | ((y + (1L << 20)) & 0x1FFFFF) << 21
        | ((z + (1L << 20)) & 0x1FFFFF);
  }
}
