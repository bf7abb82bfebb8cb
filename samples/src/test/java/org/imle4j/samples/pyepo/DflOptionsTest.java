package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The PyEPO commands' shared sweep options: each command's defaults, replaced (not extended) by the command line. */
class DflOptionsTest {
    @Test
    void eachCommandKeepsItsOwnDefaults() {
        PyEpoShortestPathCommand path = new PyEpoShortestPathCommand();
        new CommandLine(path).parseArgs();
        assertEquals(List.of(1, 2, 4, 6), path.sweep.degrees);
        assertEquals(List.of(0.0, 0.5), path.sweep.halfWidths);
        assertEquals(List.of(Method.AIMLE, Method.IMLE, Method.DPO, Method.DBB, Method.STE, Method.PFY,
                Method.SPO_PLUS, Method.MSE), path.sweep.methods);
        assertEquals(List.of(1.0), path.sweep.solveRatios);

        PyEpoTspCommand tsp = new PyEpoTspCommand();
        new CommandLine(tsp).parseArgs();
        assertEquals(List.of(4), tsp.sweep.degrees);
        assertEquals(List.of(0.5), tsp.sweep.halfWidths);
        assertEquals(List.of(Method.AIMLE, Method.IMLE, Method.DBB, Method.STE, Method.PFY, Method.SPO_PLUS,
                Method.MSE), tsp.sweep.methods);
        assertEquals(List.of(1.0, 0.3, 0.1), tsp.sweep.solveRatios);
    }

    @Test
    void theCommandLineReplacesTheDefaults() {
        PyEpoKnapsackCommand knapsack = new PyEpoKnapsackCommand();
        new CommandLine(knapsack).parseArgs("--deg", "2,3", "--noise-half-width", "0", "--estimators", "pfy",
                "--solve-ratio", "0.5");
        assertEquals(List.of(2, 3), knapsack.sweep.degrees);
        assertEquals(List.of(0.0), knapsack.sweep.halfWidths);
        assertEquals(List.of(Method.PFY), knapsack.sweep.methods);
        assertEquals(List.of(0.5), knapsack.sweep.solveRatios);
    }

    @Test
    void theHelpShowsTheDefaultsAsWritten() {
        String help = new CommandLine(new PyEpoShortestPathCommand()).getUsageMessage().replaceAll("\\s+", " ");
        assertTrue(help.contains("(default: 1,2,4,6)"), help);
        assertTrue(help.contains("(default: 0,0.5)"), help);
        assertTrue(help.contains("(default: aimle,imle,dpo,dbb,ste,pfy,spo+,mse)"), help);
    }
}
