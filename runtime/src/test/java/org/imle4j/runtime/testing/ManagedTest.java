package org.imle4j.runtime.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test whose arrays live in a manager of its own, opened before each test method and closed after it. */
public abstract class ManagedTest {
    /** The manager of the current test method's arrays. */
    protected NDManager manager;

    /** Creates the test; JUnit opens the manager before each method. */
    protected ManagedTest() {}

    @BeforeEach
    final void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    final void closeManager() {
        manager.close();
    }
}
