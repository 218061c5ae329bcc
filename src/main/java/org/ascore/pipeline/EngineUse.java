package org.ascore.pipeline;

import ai.djl.Device;
import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;
import org.ascore.model.EngineInfo;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which engines and devices the executors scored with, gathered from the tasks (not from the
 * configuration: {@code auto} or a cluster's GPU assignment decide on the executors).
 */
public final class EngineUse implements Serializable {
    private final Distinct engines = new Distinct();
    private final Distinct devices = new Distinct();

    /** Registers the accumulators with the driver's context. */
    public EngineUse(SparkContext sc) {
        sc.register(engines, "ascore.engines");
        sc.register(devices, "ascore.devices");
    }

    /** On an executor: a batch went through the model on this device. */
    void record(Device device) {
        engines.add(EngineInfo.engine());
        devices.add(EngineInfo.device(device));
    }

    /** On the driver after the job: the engines used, sorted and comma-separated; null when no image was inferred. */
    String engines() {
        return joined(engines.value());
    }

    /** On the driver after the job: the devices used, like {@link #engines()}. */
    String devices() {
        return joined(devices.value());
    }

    private static String joined(Set<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** The set of distinct strings added on any executor. */
    static final class Distinct extends AccumulatorV2<String, Set<String>> {
        private final TreeSet<String> values = new TreeSet<>();

        @Override
        public boolean isZero() {
            synchronized (values) {
                return values.isEmpty();
            }
        }

        @Override
        public Distinct copy() {
            Distinct c = new Distinct();
            synchronized (values) {
                c.values.addAll(values);
            }
            return c;
        }

        @Override
        public void reset() {
            synchronized (values) {
                values.clear();
            }
        }

        @Override
        public void add(String v) {
            synchronized (values) {
                values.add(v);
            }
        }

        @Override
        public void merge(AccumulatorV2<String, Set<String>> other) {
            Set<String> theirs = other.value();
            synchronized (values) {
                values.addAll(theirs);
            }
        }

        @Override
        public Set<String> value() {
            synchronized (values) {
                return new TreeSet<>(values);
            }
        }
    }
}
