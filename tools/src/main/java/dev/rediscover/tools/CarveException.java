/*
 * A refusal the carving tool reports to its user: a malformed @Lab, a file that does not parse,
 * a learner's method that solve/reset cannot find. The message is the whole story (file, method,
 * what to do); Carve prints it without a stack trace and exits non-zero.
 */
package dev.rediscover.tools;

public final class CarveException extends Exception {
    public CarveException(String message) {
        super(message, null, false, false);
    }
}
