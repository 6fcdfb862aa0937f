/*
 * The order LabRunner runs lesson test classes in: lab by lab (dev.rediscover.lessons.lab01 before
 * lab02), and inside a lab by the class's @Order, which a lesson sets to its task number. JUnit's
 * own ClassOrderer.OrderAnnotation would sort every lab's task 1 before any task 2, interleaving
 * the labs of a run with regression labs; this one keeps each lab together.
 *
 * Used through the configuration parameter junit.jupiter.testclass.order.default (LabRunner sets
 * it). Not a Redis concept: it only shapes what the learner reads.
 */
package dev.rediscover.testing;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

import java.util.Comparator;

public final class LabClassOrderer implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor d) -> d.getTestClass().getPackageName())
                .thenComparingInt(d -> d.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT))
                .thenComparing(d -> d.getTestClass().getName()));
    }
}
