package io.sparkmomentum.data;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.model.RatingColumns;
import org.apache.hadoop.conf.Configuration;

/**
 * A run's ratings as {@link DataConfig} describes them: the training file read with new ids indexed, and the test
 * set either read from its own file against the training index (unknown ids become cold-start {@code -1}) or split
 * off the training file with the run's seed.
 *
 * @param test null when the run has no test set
 */
public record RatingData(Ratings train, Ratings test, IdIndex users, IdIndex items, ReadResult trainReport,
    ReadResult testReport) {

  public static ReaderOptions options(DataConfig c) {
    return ReaderOptions.defaults(io.sparkmomentum.data.source.SourceFormat.parseOrNull(c.format()).ratingsFormat()).withColumns(c.userCol(), c.itemCol(), c.ratingCol())
        .withRatingRange(c.minRating(), c.maxRating())
        .withOnBadRecord(c.onBadRecord().equals("skip") ? OnBadRecord.SKIP : OnBadRecord.FAIL)
        .withDelimiter(c.delimiterChar());
  }

  public static RatingData load(DataConfig c, long seed, Configuration conf) {
    ReaderOptions opts = options(c);
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult train = RatingsReader.read(c.train(), opts, users, items, true, conf);
    if (!c.test().isEmpty()) {
      ReadResult test = RatingsReader.read(c.test(), opts, users, items, false, conf);
      return new RatingData(train.ratings(), test.ratings(), users, items, train, test);
    }
    if (c.testFraction() > 0) {
      Splits.Split split = Splits.random(train.ratings(), c.testFraction(), seed);
      return new RatingData(split.train(), split.test(), users, items, train, null);
    }
    return new RatingData(train.ratings(), null, users, items, train, null);
  }

  /** The same arrays seen as the model's columns (no copy). */
  public static RatingColumns columns(Ratings r) {
    return new RatingColumns(r.users, r.items, r.ratings);
  }
}
