package org.imle4j.samples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cluster-solve end to end in a tiny configuration: two member JVMs, a few small TSP batches, one member killed. */
class ClusterSolveCommandTest {
    @TempDir
    Path out;

    @Test
    void theClusterSolvesWhatThePoolSolvesAndLosesNoInstanceToAKill() throws IOException {
        int exit = new CommandLine(new Samples()).execute("cluster-solve", "--out", out.toString(), "--nodes", "5",
                "--batch", "4", "--steps", "3", "--overhead-calls", "3", "--torch-threads", "1");
        assertEquals(0, exit);
        JsonObject result = new Gson().fromJson(Files.readString(out.resolve("cluster-solve.json")), JsonObject.class);
        assertEquals(2, result.get("members").getAsInt());
        assertTrue(result.get("identical").getAsBoolean(), result.toString());
        for (String key : new String[] {"localMsPerStep", "clusterMsPerStep", "solveMsPerInstance"}) {
            double value = result.get(key).getAsDouble();
            assertTrue(Double.isFinite(value) && value > 0, key + " " + value);
        }
        assertEquals(2, result.getAsJsonArray("overhead").size());
        for (JsonElement element : result.getAsJsonArray("overhead")) {
            JsonObject overhead = element.getAsJsonObject();
            assertTrue(overhead.get("clusterMsPerCall").getAsDouble() > 0, overhead.toString());
            assertTrue(Double.isFinite(overhead.get("overheadMsPerCall").getAsDouble()), overhead.toString());
        }
        JsonObject fault = result.getAsJsonObject("faultInjected");
        assertTrue(fault.get("killedMember").getAsBoolean(), fault.toString());
        assertEquals(0, fault.get("lostInstances").getAsInt(), fault.toString());
    }
}
