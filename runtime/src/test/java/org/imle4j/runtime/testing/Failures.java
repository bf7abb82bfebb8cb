package org.imle4j.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on the errors that bad inputs raise: their type, and what their message names. */
public final class Failures {
    private Failures() {}

    /**
     * Asserts that {@code run} throws a {@code type} whose message contains every fragment.
     *
     * @param <T> the type of the error
     * @param type the type of the error
     * @param run the call that must fail
     * @param fragments what the message must contain
     * @return the error
     */
    public static <T extends Throwable> T assertThrowsMentioning(Class<T> type, Executable run, String... fragments) {
        T error = assertThrows(type, run);
        String message = error.getMessage();
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "«" + fragment + "» not in: " + message);
        }
        return error;
    }

    /**
     * Asserts that {@code run} rejects its input with an {@link IllegalArgumentException} whose message contains
     * {@code fragment}.
     *
     * @param fragment what the message must contain
     * @param run the call that must fail
     */
    public static void assertRejects(String fragment, Executable run) {
        assertThrowsMentioning(IllegalArgumentException.class, run, fragment);
    }
}
