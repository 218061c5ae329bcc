package org.ascore.pipeline;

/**
 * What produced a run's numbers, recorded in each of its summary rows.
 *
 * @param engine    DJL and libtorch versions the executors ran; null when no image was inferred
 * @param device    devices the executors ran the model on, e.g. {@code cpu}; null likewise
 * @param batchSize images per scoring batch
 * @param precision dtype of the model file (the card's precision)
 */
public record Provenance(String ascoreVersion, String engine, String device, int batchSize, String precision) {
}
