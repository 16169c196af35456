package io.sparkmomentum.data;

import java.util.Locale;

/**
 * The rating text formats (TSV, DAT, CSV) as a {@link LineEngine.Format}: each data line becomes one
 * (user, item, rating) handed to a {@link Sink}; CSV reads each file's header first.
 */
public final class RatingLineFormat implements LineEngine.Format {

  /** Where parsed ratings go (raw, trimmed ids; a finite rating in range). */
  public interface Sink {
    void add(String user, String item, double rating);
  }

  private final ReaderOptions opts;
  private final Sink sink;
  private RecordParser parser;

  public RatingLineFormat(ReaderOptions opts, Sink sink) {
    this.opts = opts;
    this.sink = sink;
    this.parser = opts.format() == RatingsFormat.CSV ? null : RecordParser.delimited(opts);
  }

  @Override
  public String name() {
    return opts.format().id().toUpperCase(Locale.ROOT);
  }

  @Override
  public String recordNoun() {
    return "rating line";
  }

  @Override
  public boolean hasHeader() {
    return opts.format() == RatingsFormat.CSV;
  }

  @Override
  public void header(String line) throws LineProblem {
    parser = CsvParser.fromHeader(line, opts);
  }

  @Override
  public boolean record(String line) throws LineProblem {
    RecordParser p = parser;
    p.parse(line);
    sink.add(p.user, p.item, p.rating);
    return true;
  }
}
