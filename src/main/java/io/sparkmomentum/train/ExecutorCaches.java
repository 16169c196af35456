package io.sparkmomentum.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Executor-side state that outlives a task, keyed so that it never crosses from one training into another.
 *
 * <h2>The dense views of row broadcasts</h2>
 * {@link RowBroadcast} scatters a round's rows into a dense array that all tasks of the round on the JVM share.
 * Spark numbers broadcasts per {@code SparkContext}, from 0, so a broadcast id alone names different weights in a
 * second context of the same JVM (a notebook, a test suite, an Estimator), and trainings running at the same time
 * in one context (cross-validation in parallel) interleave their ids. A view is therefore keyed by the
 * {@link Training} (Spark application id and a fit number unique in the driver JVM) <em>and</em> the broadcast id:
 * <ul>
 *   <li>one entry per training: its newest round's view. The rounds of one training run one after another, so the
 *       next round's first task may refill the previous round's array in place (a round allocates nothing). A task
 *       of an older round (a straggler whose result Spark will discard) gets a private array and never refills the
 *       current one;</li>
 *   <li>an array is never handed from one training to another: a task of another training may still be reading it;</li>
 *   <li>the driver releases the training's entry when {@code fit} ends ({@link #release}). That reaches the driver's
 *       JVM only (all of them in local mode); executors on other JVMs cannot be reached, so the table holds at most
 *       {@link #MAX_TRAININGS} trainings and drops the least recently used one when a new training arrives. Dropping
 *       only forgets the reference: a training still running (more than {@code MAX_TRAININGS} at once on one JVM)
 *       then allocates and fills a new array at its next round, which costs time but never changes a bit. A stale
 *       entry cannot be found by a later training (its key differs) and costs at most one model-sized array.</li>
 * </ul>
 *
 * <h2>The other executor-side statics</h2>
 * {@link BufferCache} holds one gradient buffer per task thread, all zeros whenever it is in the cache (a kernel
 * that throws drops its buffer: {@link GradientAggregator#add}); a zero buffer of the same layout is the same for
 * every training, and a thread runs one task at a time. {@link EpochOrders} caches permutations that are a pure
 * function of their key and epoch (run seed, partition, size), so an entry is right for any training that finds it.
 */
final class ExecutorCaches {
  /** Trainings whose dense view an executor JVM keeps. */
  static final int MAX_TRAININGS = 4;

  /**
   * One call of {@code Trainer.fit}: shipped to the tasks inside the round's {@link Weights}. A plain class, not a
   * record, because Kryo's field serializer (which serialises {@code treeAggregate}'s zero value) refuses records.
   */
  static final class Training implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong FITS = new AtomicLong();
    private final String applicationId;
    private final long fit;

    Training(String applicationId, long fit) {
      this.applicationId = applicationId;
      this.fit = fit;
    }

    /** A new training of {@code sc}'s application, never equal to an earlier one of this driver JVM. */
    static Training start(JavaSparkContext sc) {
      return new Training(sc.sc().applicationId(), FITS.incrementAndGet());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Training t && t.fit == fit && t.applicationId.equals(applicationId);
    }

    @Override
    public int hashCode() {
      return applicationId.hashCode() * 31 + Long.hashCode(fit);
    }

    @Override
    public String toString() {
      return "training " + fit + " of " + applicationId;
    }
  }

  /** A training's newest dense view: broadcast {@code broadcastId} scattered into {@code dense}. */
  private record View(long broadcastId, double[] dense) {}

  /** Training → its newest view, in access order (the first is the least recently used). */
  private static final LinkedHashMap<Training, View> VIEWS = new LinkedHashMap<>(16, 0.75f, true);

  private ExecutorCaches() {}

  /**
   * The dense view of broadcast {@code broadcastId} of {@code training}: the rows of {@code runs} in their places.
   * The other entries are left over from this training's earlier rounds and are never read.
   */
  static double[] denseView(Training training, long broadcastId, Supplier<RowBroadcast.Runs> runs) {
    synchronized (VIEWS) {
      View v = VIEWS.get(training);
      if (v != null && v.broadcastId == broadcastId) return v.dense;
    }
    RowBroadcast.Runs r = runs.get(); // may fetch the broadcast: outside the lock
    synchronized (VIEWS) {
      View v = VIEWS.get(training);
      if (v != null && v.broadcastId == broadcastId) return v.dense; // another task filled it meanwhile
      if (v != null && v.broadcastId > broadcastId) {
        double[] own = new double[r.size()]; // a straggler of an earlier round: never touch the current view
        r.scatterInto(own);
        return own;
      }
      double[] dense = v != null && v.dense.length == r.size() ? v.dense : new double[r.size()];
      if (v == null) evictLeastRecentlyUsed();
      r.scatterInto(dense);
      VIEWS.put(training, new View(broadcastId, dense));
      return dense;
    }
  }

  /** Drops the least recently used trainings until a new one fits (their arrays are not reused). */
  private static void evictLeastRecentlyUsed() {
    Iterator<Map.Entry<Training, View>> it = VIEWS.entrySet().iterator();
    while (VIEWS.size() >= MAX_TRAININGS && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** Forgets {@code training}'s view in this JVM (the driver calls it when {@code fit} ends). */
  static void release(Training training) {
    synchronized (VIEWS) {
      VIEWS.remove(training);
    }
  }

  /** The trainings whose views this JVM holds, least recently used first (for tests). */
  static List<Training> trainingsHeld() {
    synchronized (VIEWS) {
      return new ArrayList<>(VIEWS.keySet());
    }
  }
}
