package io.sparkmomentum.data;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * Maps raw string ids to dense indices {@code 0..size()-1} in first-seen (insertion) order, so the same
 * input read in the same order always gives the same indices. Not thread-safe.
 * Serializes as its list of raw ids.
 */
public final class IdIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<String> raws;
  private transient HashMap<String, Integer> map;

  /** An empty index. */
  public IdIndex() {
    raws = new ArrayList<>();
    map = new HashMap<>();
  }

  private IdIndex(int capacity) {
    raws = new ArrayList<>(capacity);
    map = new HashMap<>(Math.max(16, (int) (capacity / 0.75f) + 1));
  }

  /**
   * Rebuilds an index from a saved list of raw ids (index {@code i} gets {@code raws.get(i)}).
   *
   * @throws IllegalArgumentException on a null or empty id, or a duplicate (naming both positions)
   */
  public static IdIndex of(List<String> raws) {
    Objects.requireNonNull(raws, "raws");
    IdIndex index = new IdIndex(raws.size());
    for (String raw : raws) {
      checkRaw(raw, index.raws.size());
      Integer prev = index.map.putIfAbsent(raw, index.raws.size());
      if (prev != null) {
        throw new IllegalArgumentException("duplicate id '" + BadInputException.escape(raw, 40) + "' at positions "
            + prev + " and " + index.raws.size() + "; expected each id once");
      }
      index.raws.add(raw);
    }
    return index;
  }

  private static void checkRaw(String raw, int position) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException((raw == null ? "null" : "empty") + " id at position " + position
          + "; expected a non-empty string");
    }
  }

  /** The index of {@code raw}, adding it at the end if new. */
  public int getOrAdd(String raw) {
    Integer idx = map.get(raw);
    if (idx != null) {
      return idx;
    }
    checkRaw(raw, raws.size());
    int next = raws.size();
    raws.add(raw);
    map.put(raw, next);
    return next;
  }

  /** The index of {@code raw}, or -1 if it is unknown. */
  public int lookup(String raw) {
    Integer idx = map.get(raw);
    return idx == null ? -1 : idx;
  }

  /** The raw id at {@code idx}. */
  public String raw(int idx) {
    return raws.get(Objects.checkIndex(idx, raws.size()));
  }

  /** The number of ids. */
  public int size() {
    return raws.size();
  }

  /** A read-only view of the raw ids in index order (save it, rebuild with {@link #of(List)}). */
  public List<String> rawIds() {
    return Collections.unmodifiableList(raws);
  }

  /** Drops every id from position {@code n} on (used to undo a failed read). */
  void truncate(int n) {
    for (int i = raws.size() - 1; i >= n; i--) {
      map.remove(raws.remove(i));
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    try {
      map = of(raws).map;
    } catch (IllegalArgumentException e) {
      throw (InvalidObjectException) new InvalidObjectException(e.getMessage()).initCause(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdIndex && ((IdIndex) o).raws.equals(raws);
  }

  @Override
  public int hashCode() {
    return raws.hashCode();
  }

  @Override
  public String toString() {
    return "IdIndex[" + raws.size() + " ids]";
  }
}
