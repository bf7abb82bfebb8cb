package org.imle4j.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The speed and endurance commands end to end in tiny configurations (their numbers are not asserted on time). */
class BenchCommandsTest {
    @TempDir
    Path out;

    private JsonArray results(String file) throws IOException {
        return new Gson().fromJson(Files.readString(out.resolve(file)), JsonArray.class);
    }

    @Test
    void benchMeasuresBothSolversAndTheSolverShare() throws IOException {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--batch", "4", "--n",
                "32", "--k", "4", "--samples", "2", "--steps", "5", "--warmup", "2",
                "--warmup-seconds", "0");
        assertEquals(0, exit);
        JsonArray measurements = results("bench.json");
        assertEquals(2, measurements.size());
        for (JsonElement element : measurements) {
            JsonObject m = element.getAsJsonObject();
            double step = m.get("medianStepMs").getAsDouble();
            double solver = m.get("medianSolverMs").getAsDouble();
            // The solver runs inside the step: its time is positive and cannot exceed the step's.
            assertTrue(solver > 0 && solver <= step, m.toString());
            double work = m.get("medianSolverWorkMs").getAsDouble();
            assertTrue(work > 0, m.toString());
            if (m.get("solver").getAsString().equals("batch")) {
                // One call on the device: its work is its wall time.
                assertEquals(solver, work, 1e-12, m.toString());
            }
            assertTrue(m.get("arraysPerStep").getAsDouble() > 0, m.toString());
            assertEquals(5, m.get("stepMs").getAsJsonArray().size());
        }
        assertTrue(Files.size(out.resolve("bench.png")) > 5000);
    }

    /** Forked (each solver in a JVM of its own, the default) and in this JVM. */
    @ParameterizedTest
    @ValueSource(strings = {"--fork", "--no-fork"})
    void inferenceTimesTheLayersForwardAgainstAPlainSolverCall(String fork) throws IOException {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--inference", "--batch",
                "2", "--n", "32", "--k", "4", "--steps", "15", "--warmup", "2", "--warmup-seconds", "0", fork);
        assertEquals(0, exit);
        JsonArray results = results("bench.json");
        assertEquals(2, results.size());
        List<String> solvers = new ArrayList<>();
        for (JsonElement element : results) {
            JsonObject r = element.getAsJsonObject();
            solvers.add(r.get("solver").getAsString());
            assertEquals(2, r.get("batch").getAsInt(), r.toString());
            assertEquals(15, r.get("calls").getAsInt(), r.toString());
            assertTrue(r.get("layerMs").getAsDouble() > 0 && r.get("plainMs").getAsDouble() > 0, r.toString());
            assertTrue(Double.isFinite(r.get("overheadUs").getAsDouble()), r.toString());
            // Both end in a solution array of their own; the counts are whole, being averages over identical calls.
            for (String count : List.of("layerArraysPerCall", "plainArraysPerCall")) {
                double arrays = r.get(count).getAsDouble();
                assertTrue(arrays >= 1 && arrays == Math.rint(arrays), r.toString());
            }
        }
        assertEquals(List.of("batch", "java"), solvers);
    }

    @Test
    void inferenceMeasuresOneBatchSizeNotASweep() {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--inference", "--sweep",
                "1,2");
        assertEquals(2, exit);
    }

    @Test
    void sweepRecordsEveryBatchSizeWithBothSolversAndTheFloor() throws IOException {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--sweep", "1,2", "--n",
                "32", "--k", "4", "--samples", "2", "--steps", "3", "--warmup", "1",
                "--warmup-seconds", "0", "--no-fork");
        assertEquals(0, exit);
        JsonObject sweep = new Gson().fromJson(Files.readString(out.resolve("bench.json")), JsonObject.class);
        assertEquals(32, sweep.get("n").getAsInt());
        assertEquals(1, sweep.get("warmup").getAsInt());
        assertEquals(0, sweep.get("warmupSeconds").getAsDouble(), 0);
        assertTrue(sweep.get("nativeArrays").getAsString().contains("NDArrays"), sweep.toString());
        JsonArray points = sweep.getAsJsonArray("points");
        List<String> order = new ArrayList<>();
        for (JsonElement element : points) {
            JsonObject p = element.getAsJsonObject();
            int batch = p.get("batch").getAsInt();
            String solver = p.get("solver").getAsString();
            order.add(batch + " " + solver);
            assertEquals(3, p.get("steps").getAsInt(), p.toString());
            // No time asked for: the warm-up is the one step, and its median is that step's time.
            assertEquals(1, p.get("warmupSteps").getAsInt(), p.toString());
            assertTrue(p.get("coldStepMs").getAsDouble() > 0, p.toString());
            double step = p.get("stepMs").getAsDouble();
            assertTrue(p.get("stepMsQ1").getAsDouble() <= step && step <= p.get("stepMsQ3").getAsDouble(),
                    p.toString());
            double arrays = p.get("nativeArraysPerStep").getAsDouble();
            if (solver.equals("floor")) {
                assertEquals(step, p.get("floorMs").getAsDouble(), 0, p.toString());
                assertEquals(0, p.get("solverWallMs").getAsDouble(), 0, p.toString());
                assertTrue(arrays > 0, p.toString());
                assertEquals(0, p.get("layerMs").getAsDouble(), 0, p.toString());
            } else {
                // The floor of the same batch size ran beside the solvers: its steps are this point's floor.
                JsonObject floor = points.get(order.indexOf(batch + " floor")).getAsJsonObject();
                assertEquals(floor.get("stepMs").getAsDouble(), p.get("floorMs").getAsDouble(), 0, p.toString());
                assertTrue(Double.isFinite(p.get("layerMs").getAsDouble()), p.toString());
                double solverWall = p.get("solverWallMs").getAsDouble();
                assertTrue(solverWall > 0 && solverWall <= step, p.toString());
                // The layer's step does the floor's work and more: noise, solutions, the gradient's arrays.
                assertTrue(arrays > floor.get("nativeArraysPerStep").getAsDouble(), p.toString());
            }
        }
        assertEquals(List.of("1 floor", "1 batch", "1 java", "2 floor", "2 batch", "2 java"), order);
        assertTrue(Files.size(out.resolve("bench.png")) > 5000);
    }

    @Test
    void forkedSweepMeasuresEachConfigurationInItsOwnJvm() throws IOException {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--sweep", "2", "--solver",
                "JAVA", "--n", "32", "--k", "4", "--samples", "2", "--steps", "3", "--warmup", "2",
                "--warmup-seconds", "0");
        assertEquals(0, exit);
        JsonArray points = new Gson().fromJson(Files.readString(out.resolve("bench.json")), JsonObject.class)
                .getAsJsonArray("points");
        assertEquals(2, points.size());
        JsonObject floor = points.get(0).getAsJsonObject();
        JsonObject java = points.get(1).getAsJsonObject();
        assertEquals("floor", floor.get("solver").getAsString());
        assertEquals("java", java.get("solver").getAsString());
        for (JsonObject p : List.of(floor, java)) {
            // The child ran this command's settings: B, the timed steps and the warm-up it was given.
            assertEquals(2, p.get("batch").getAsInt(), p.toString());
            assertEquals(3, p.get("steps").getAsInt(), p.toString());
            assertEquals(2, p.get("warmupSteps").getAsInt(), p.toString());
        }
        // One JVM measured the batch size: the floor beside the layer is the floor point itself.
        assertEquals(floor.get("stepMs").getAsDouble(), java.get("floorMs").getAsDouble(), 0);
        assertTrue(Double.isFinite(java.get("layerMs").getAsDouble()), java.toString());
        assertTrue(java.get("nativeArraysPerStep").getAsDouble() > floor.get("nativeArraysPerStep").getAsDouble());
    }

    @Test
    void sweepWithoutWarmUpRecordsNoColdStep() throws IOException {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--sweep", "1", "--solver",
                "JAVA", "--n", "32", "--k", "4", "--samples", "2", "--steps", "2", "--warmup", "0",
                "--warmup-seconds", "0", "--no-fork");
        assertEquals(0, exit);
        String json = Files.readString(out.resolve("bench.json"));
        JsonArray points = new GsonBuilder().setStrictness(Strictness.LENIENT).create().fromJson(json, JsonObject.class)
                .getAsJsonArray("points");
        assertEquals(2, points.size());
        for (JsonElement p : points) {
            assertEquals(0, p.getAsJsonObject().get("warmupSteps").getAsInt(), p.toString());
            assertTrue(Double.isNaN(p.getAsJsonObject().get("coldStepMs").getAsDouble()), p.toString());
        }
    }

    @Test
    void pointMustBeAPositiveBatchSize() {
        int exit = new CommandLine(new Samples()).execute("bench", "--out", out.toString(), "--point", "0");
        assertEquals(2, exit);
    }

    @Test
    void sweepWithoutListRunsThePowersOfTwoUpTo512AndScalesTheStepsDown() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--sweep", "--steps", "200");
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512), bench.sweep);
        assertEquals(200, bench.sweepSteps(1));
        assertEquals(200, bench.sweepSteps(32));
        assertEquals(100, bench.sweepSteps(64));
        assertEquals(25, bench.sweepSteps(256));
        assertEquals(20, bench.sweepSteps(512));
        BenchCommand listed = new BenchCommand();
        new CommandLine(listed).parseArgs("--sweep", "1,8,32", "--steps", "5");
        assertEquals(List.of(1, 8, 32), listed.sweep);
        assertEquals(5, listed.sweepSteps(512));
        BenchCommand single = new BenchCommand();
        new CommandLine(single).parseArgs("--batch", "4");
        assertEquals(null, single.sweep);
    }

    @Test
    void soakKeepsTheLiveArrayCountFlat() throws IOException {
        int exit = new CommandLine(new Samples()).execute("soak", "--out", out.toString(), "--steps", "60",
                "--every", "20", "--warmup", "20");
        assertEquals(0, exit);
        JsonArray samples = results("soak.json");
        assertEquals(4, samples.size());
        int first = samples.get(0).getAsJsonObject().get("liveArrays").getAsInt();
        for (JsonElement sample : samples) {
            assertEquals(first, sample.getAsJsonObject().get("liveArrays").getAsInt(), sample.toString());
        }
        assertTrue(Files.size(out.resolve("soak.png")) > 5000);
        JsonObject summary = new Gson().fromJson(Files.readString(out.resolve("soak-summary.json")),
                JsonObject.class);
        assertEquals(60, summary.get("steps").getAsInt());
        assertEquals(first, summary.get("lastLiveArrays").getAsInt());
        assertTrue(summary.get("allocatedBytesPerStep").getAsDouble() > 0, summary.toString());
    }

    @Test
    void soakSlopeFitsTheSamplesAfterWarmUp() {
        // 100 MiB + 0.5 MiB per 1 000 steps after warm-up; the warm-up sample at step 1 is far off the line.
        List<SoakCommand.Sample> samples = List.of(
                new SoakCommand.Sample(1, 20, 0, 0, 0),
                new SoakCommand.Sample(2000, 101, 0, 0, 0),
                new SoakCommand.Sample(4000, 102, 0, 0, 0),
                new SoakCommand.Sample(6000, 103, 0, 0, 0));
        assertEquals(0.5, SoakCommand.slopePer1000Steps(samples, 1000), 1e-12);
        assertTrue(Double.isNaN(SoakCommand.slopePer1000Steps(samples, 4000)));
    }

    @Test
    void gcProbeCountsCorruptedStepsOfBothModes() throws IOException {
        int exit = new CommandLine(new Samples()).execute("gc-probe", "--out", out.toString(), "--steps", "30");
        assertEquals(0, exit);
        JsonArray modes = results("gc-probe.json");
        assertEquals(2, modes.size());
        assertEquals("djl", modes.get(0).getAsJsonObject().get("mode").getAsString());
        assertEquals("imle4j", modes.get(1).getAsJsonObject().get("mode").getAsString());
        for (JsonElement element : modes) {
            JsonObject mode = element.getAsJsonObject();
            assertEquals(30, mode.get("steps").getAsInt());
            int corrupted = mode.get("corruptedSteps").getAsInt();
            assertTrue(corrupted >= 0 && corrupted <= 30, mode.toString());
            assertEquals(corrupted == 0, mode.get("firstCorruption").getAsString().isEmpty(), mode.toString());
            assertTrue(mode.get("allocatedBytesPerStep").getAsDouble() > 0, mode.toString());
        }
    }

    @Test
    void gcProbeCollectsAheadInOneMode() throws IOException {
        int exit = new CommandLine(new Samples()).execute("gc-probe", "--out", out.toString(), "--steps", "5",
                "--modes", "IMLE4J", "--collect-ahead");
        assertEquals(0, exit);
        JsonArray modes = results("gc-probe.json");
        assertEquals(1, modes.size());
        assertEquals(5, modes.get(0).getAsJsonObject().get("steps").getAsInt());
    }

    @Test
    void poolSpeedupSolvesTheSameInstancesOnOneThreadAndOnThePool() throws IOException {
        int exit = new CommandLine(new Samples()).execute("pool-speedup", "--out", out.toString(), "--grid", "8",
                "--instances", "16", "--repeats", "3");
        assertEquals(0, exit);
        JsonArray timings = results("pool-speedup.json");
        assertEquals(1, timings.get(0).getAsJsonObject().get("threads").getAsInt());
        for (JsonElement timing : timings) {
            assertTrue(timing.getAsJsonObject().get("medianMs").getAsDouble() > 0, timing.toString());
        }
    }
}
