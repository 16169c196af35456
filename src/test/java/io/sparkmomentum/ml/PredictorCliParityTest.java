package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.cli.Main;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.ModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit on the DataFrame Spark's {@code libsvm} source reads from a file gives the bits of the CLI's {@code train}
 * on that file with the same settings: {@code linear} ({@link MomentumRegressor}), {@code logistic} and {@code mlp}
 * ({@link MomentumClassifier}), with mini-batches, Nesterov, L2 and a schedule.
 */
class PredictorCliParityTest {
  @TempDir
  Path tmp;

  @Test
  void linearRegressionGivesTheBitsOfTrain() throws Exception {
    Path file = PlantedRows.write(tmp.resolve("reg.libsvm"), PlantedRows.Task.REGRESSION, 600, 1);
    double[] cli = train(file, "linear", "optimizer.lr=0.05", "model.l2=0.001", "optimizer.schedule.type=step",
        "optimizer.schedule.step_size=5", "optimizer.schedule.gamma=0.5");
    MomentumRegressionModel fit = new MomentumRegressor().setModelType("linear").setStepSize(0.05)
        .setRegParam(0.001).setSchedule("step").setScheduleStepSize(5).setScheduleGamma(0.5).setMaxIter(4)
        .setBatchSize(100).setNesterov(true).setNumPartitions(3).setSeed(5).fit(PlantedRows.frame(file));
    sameBits(cli, fit.weights());
  }

  @Test
  void logisticRegressionGivesTheBitsOfTrain() throws Exception {
    Path file = PlantedRows.write(tmp.resolve("bin.libsvm"), PlantedRows.Task.BINARY, 600, 2);
    double[] cli = train(file, "logistic", "optimizer.lr=0.5", "model.l2=0.0001");
    MomentumClassificationModel fit = new MomentumClassifier().setModelType("logistic").setStepSize(0.5)
        .setRegParam(0.0001).setMaxIter(4).setBatchSize(100).setNesterov(true).setNumPartitions(3).setSeed(5)
        .fit(PlantedRows.frame(file));
    sameBits(cli, fit.weights());
    // the saved model's model/ is the CLI's model file: its evaluate reads it
    Path saved = tmp.resolve("saved-logistic");
    fit.write().save(saved.toString());
    assertEquals(0, Main.run("evaluate", "--model", saved.resolve("model").toString(), "--input", file.toString()),
        "the CLI's evaluate on the estimator's model");
  }

  @Test
  void mlpGivesTheBitsOfTrain() throws Exception {
    Path file = PlantedRows.write(tmp.resolve("three.libsvm"), PlantedRows.Task.THREE_CLASSES, 600, 3);
    double[] cli = train(file, "mlp", "optimizer.lr=0.1", "model.hidden=[8,4]");
    MomentumClassificationModel fit = new MomentumClassifier().setModelType("mlp").setHiddenLayers(new int[] {8, 4})
        .setStepSize(0.1).setMaxIter(4).setBatchSize(100).setNesterov(true).setNumPartitions(3).setSeed(5)
        .fit(PlantedRows.frame(file));
    assertEquals(3, fit.numClasses());
    sameBits(cli, fit.weights());
  }

  /** {@code train} on the file: 4 epochs, batch 100, Nesterov, 3 partitions, seed 5, plus {@code sets}. */
  private double[] train(Path file, String type, String... sets) throws Exception {
    Path run = tmp.resolve("run-" + type);
    List<String> args = new ArrayList<>(List.of("train", "--output", run.toString(), "--set",
        "data.train=" + file, "--set", "data.format=libsvm", "--set", "model.type=" + type, "--set",
        "trainer.epochs=4", "--set", "trainer.batch_size=100", "--set", "optimizer.nesterov=true", "--set",
        "trainer.partitions=3", "--set", "trainer.seed=5"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    assertEquals(0, Main.run(args.toArray(new String[0])), "the CLI's train");
    return ((FeatureModelFile) ModelFile.load(run.resolve("model").toString(), new Configuration())).weights();
  }

  static void sameBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "parameter count");
    for (int k = 0; k < actual.length; k++) {
      if (Double.doubleToRawLongBits(expected[k]) != Double.doubleToRawLongBits(actual[k])) {
        throw new AssertionError("parameter " + k + ": CLI " + expected[k] + ", estimator " + actual[k]);
      }
    }
  }
}
