package io.sparkmomentum.data.source;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.data.RatingsReader;
import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.data.Ratings;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Reads a path with the driver reader and with the executors' split readers, as comparable records. */
final class TextReads {
  static final Configuration CONF = new Configuration();

  private TextReads() {}

  /** Records as "user\titem\trating" lines in input order, and what the read reported. */
  record Read(List<String> records, long skipped, List<String> examples) {}

  static Read driver(String path, ReaderOptions o) {
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = RatingsReader.read(path, o, users, items, true, CONF);
    Ratings rs = r.ratings();
    List<String> out = new ArrayList<>(rs.size);
    for (int k = 0; k < rs.size; k++) {
      out.add(users.raw(rs.users[k]) + "\t" + items.raw(rs.items[k]) + "\t" + rs.ratings[k]);
    }
    return new Read(out, r.skipped(), r.skippedExamples());
  }

  /**
   * The chunks, collected in their Java serialization form, so that this test does not depend on the Kryo
   * registration of the chunk records (Kryo 4's field serializer cannot build records).
   */
  static List<RatingChunk> chunks(SourceSpec spec, long maxSplitBytes) {
    List<byte[]> bytes;
    try {
      bytes = TextSources.ratings(SparkTestSession.get(), spec, maxSplitBytes).map(TextReads::javaBytes).collect();
    } catch (Exception e) { // SparkException is checked (and so not caught by SourceErrors.unwrap)
      io.sparkmomentum.data.BadInputException bad = SourceErrors.find(e);
      if (bad != null) throw bad;
      throw e;
    }
    List<RatingChunk> cs = new ArrayList<>();
    for (byte[] b : bytes) cs.add((RatingChunk) fromJavaBytes(b));
    cs.sort(Comparator.comparingInt(c -> c.report().split()));
    return cs;
  }

  static byte[] javaBytes(Object o) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(out)) {
      oos.writeObject(o);
    }
    return out.toByteArray();
  }

  static Object fromJavaBytes(byte[] b) {
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(b))) {
      return in.readObject();
    } catch (java.io.IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  static Read executors(SourceSpec spec, long maxSplitBytes) {
    List<RatingChunk> cs = chunks(spec, maxSplitBytes);
    List<String> out = new ArrayList<>();
    List<ReadReport> reports = new ArrayList<>();
    for (RatingChunk c : cs) {
      for (int k = 0; k < c.size(); k++) {
        out.add(c.userIds()[c.users()[k]] + "\t" + c.itemIds()[c.items()[k]] + "\t" + c.labels()[k]);
      }
      reports.add(c.report());
    }
    ReadReport all = ReadReport.mergeAll(reports);
    if (all.kept() != out.size()) throw new AssertionError("report kept " + all.kept() + " != " + out.size());
    return new Read(out, all.skipped(), all.examples());
  }

  static SourceSpec spec(String path, ReaderOptions o, int minPartitions) {
    SourceFormat f = switch (o.format()) {
      case TSV -> SourceFormat.TSV;
      case DAT -> SourceFormat.DAT;
      case CSV -> SourceFormat.CSV;
    };
    return SourceSpec.ratings(f, path, o, minPartitions);
  }
}
