/*
 * @Lab(n) marks the code a learner writes in lab n.
 *
 * The course is carved from this engine: the carving tool (tools/) replaces the body of every
 * method annotated @Lab(n) with `throw new LabNotDone(n, "Class.method")`, and the learner fills it
 * in again. On a class, the annotation marks every method in it (constructors excepted).
 * Retention is SOURCE: the annotation is for the tool and the reader, it costs nothing at run time.
 */
package dev.rediscover.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Lab {
    /** The lab number, as in lessons/NN-topic. */
    int value();
}
