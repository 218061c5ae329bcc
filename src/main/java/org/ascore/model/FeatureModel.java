package org.ascore.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.function.UnaryOperator;

/**
 * The feature model M of docs/metric.md: a batch of images in [0, 1] pixel space, shape [B, C, H, W],
 * to a feature matrix [B, d]. Any mean/std normalization is part of M, so gradients and attack
 * budgets are in pixel units.
 *
 * <p>Implementations are not required to be thread-safe; callers serialize access (see
 * {@link ModelRegistry}).
 */
public interface FeatureModel extends AutoCloseable {

    /** Name of the model card, also the {@code feature_model} column of the scores table. */
    String name();

    /** Expected input shape of one image: channels, height, width. */
    int[] inputShape();

    /** The dtype inputs must have and features come in. */
    DataType dataType();

    /** A fresh manager on the model's device; close it to free every array made under it. */
    NDManager newManager();

    /** M(x) without recording gradients. The result is attached to {@code x}'s manager. */
    NDArray features(NDArray x);

    /**
     * The gradient of {@code loss(M(x))} with respect to {@code x}, where {@code loss} maps the
     * feature matrix to a scalar. The result is detached and attached to {@code x}'s manager.
     */
    NDArray inputGradient(NDArray x, UnaryOperator<NDArray> loss);

    @Override
    void close();
}
