package io.vigil.app;

import io.vigil.lab.eval.NabEvaluation;
import io.vigil.runtime.ActionableException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil eval nab}: the Numenta Anomaly Benchmark through the telemetry detectors, scored as NAB scores. */
@Command(name = "nab",
        mixinStandardHelpOptions = true,
        description = {
                "Streams each series of the Numenta Anomaly Benchmark (NAB) through Vigil's telemetry detection, one "
                        + "device and one metric per file, readings in order with their own timestamps, and scores the "
                        + "rows where an OPEN alert was raised with NAB's rules (probationary period, windows, scaled "
                        + "sigmoid, profile weights; null detector 0, perfect 100).",
                "The telemetry-anomaly rule's parameters are chosen per profile by a grid search, as NAB chooses "
                        + "thresholds; the report also gives a 2-fold cross-validated standard score (tuned on half of "
                        + "the files, scored on the other half), the leaderboard with Vigil's row among the published "
                        + "ones, and a per-category table. Takes a minute or two for the full corpus."
        })
final class EvalNabCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A NAB checkout: its data, labels, config and results directories.")
    private Path data;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the report as JSON: scores.{standard,reward_low_FP_rate,reward_low_FN_rate}, perFile "
                    + "(raw score and detection timestamps per file), counts.{tp,fp,fn}, crossValidated.standard.")
    private Path json;

    @Option(names = "--profile", defaultValue = "standard",
            description = "The cost profile whose tuned parameters give the per-file detections, counts and chart: "
                    + "standard, reward_low_FP_rate or reward_low_FN_rate (default: ${DEFAULT-VALUE}).")
    private String profile;

    @Option(names = "--chart", paramLabel = "FILE.png", defaultValue = "nab-eval.png",
            description = "Write a PNG of a few series with their anomaly windows and Vigil's alerts "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path chart;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data.resolve("data")) || !Files.isDirectory(data.resolve("labels"))) {
            throw new ActionableException("--data " + data + " is not a NAB checkout: it needs the data/, labels/, "
                    + "config/ and results/ directories of github.com/numenta/NAB");
        }
        PrintStream out = System.out;
        try {
            NabEvaluation.run(data, json, profile, chart, out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ActionableException(e.getMessage(), e);
        }
        return 0;
    }
}
