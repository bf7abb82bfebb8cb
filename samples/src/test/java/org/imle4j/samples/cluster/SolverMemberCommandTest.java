package org.imle4j.samples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.imle4j.cluster.ClusterSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SolverMemberCommandTest {
    @Test
    void optionsReachTheMemberSettings() {
        SolverMemberCommand command = new SolverMemberCommand();
        new CommandLine(command).parseArgs("--host", "10.0.0.5", "--port", "5702", "--members",
                "10.0.0.5:5701,10.0.0.6:5702", "--threads", "3", "--cluster-name", "grid");
        assertEquals("10.0.0.5", command.host);
        assertEquals(5702, command.port);
        assertEquals(List.of("10.0.0.5:5701", "10.0.0.6:5702"), command.members);
        assertEquals(3, command.threads);
        assertEquals("grid", command.clusterName);
    }

    @Test
    void defaultsAreAMemberAloneOnLoopback() {
        SolverMemberCommand command = new SolverMemberCommand();
        new CommandLine(command).parseArgs();
        assertEquals("127.0.0.1", command.host);
        assertEquals(5701, command.port);
        assertNull(command.members);
        assertEquals(Runtime.getRuntime().availableProcessors(), command.threads);
        assertEquals(ClusterSettings.DEFAULT_NAME, command.clusterName);
    }
}
