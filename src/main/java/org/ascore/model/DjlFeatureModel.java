package org.ascore.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A TorchScript feature model run by DJL's PyTorch engine.
 *
 * <p>How input gradients are obtained: the file is loaded with
 * {@code trainParam=true} so its parameters are ordinary (not inference) tensors, the parameters are
 * then frozen so backward computes no weight gradients, and the module is put in eval mode once.
 * Every forward passes {@code training=true} to DJL, which then never toggles the module's mode (a
 * toggle would flip a scripted BatchNorm into train mode for good) and leaves autograd to libtorch's
 * thread-local grad mode, which this class sets explicitly around each call. This avoids DJL's
 * JVM-wide {@code GradientCollector}, so two models on two devices can run gradients at once.
 *
 * <p>Not thread-safe: one thread at a time (see {@link ModelRegistry}).
 */
public final class DjlFeatureModel implements FeatureModel {
    private static final Logger LOG = LoggerFactory.getLogger(DjlFeatureModel.class);

    private final String name;
    private final int[] inputShape;
    private final int featureDim;
    private final int forwardBatch;
    private final DataType dataType;
    private final Model model;
    private final PtSymbolBlock block;
    private final NDManager constants;
    private final NDArray mean;
    private final NDArray std;

    private DjlFeatureModel(ModelSpec spec, Model model, int forwardBatch) {
        this.name = spec.name();
        this.inputShape = spec.inputShape();
        this.featureDim = spec.featureDim();
        this.forwardBatch = forwardBatch;
        this.dataType = spec.float64() ? DataType.FLOAT64 : DataType.FLOAT32;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        this.constants = model.getNDManager().newSubManager();
        Shape perChannel = new Shape(1, inputShape[0], 1, 1);
        this.mean = constants.create(spec.mean(), perChannel).toType(dataType, false);
        this.std = constants.create(spec.std(), perChannel).toType(dataType, false);
    }

    /**
     * Loads a local TorchScript file (whose checksum the caller has verified) on a device.
     *
     * @param forwardBatch the most images sent through the network in one call; larger inputs
     *                     to {@link #features} are split, so memory stays bounded
     */
    public static DjlFeatureModel load(Path file, ModelSpec spec, Device device, int forwardBatch) {
        if (forwardBatch < 1) {
            throw new IllegalArgumentException("forwardBatch must be >= 1, got " + forwardBatch);
        }
        Model model = Model.newInstance(spec.name(), device, "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("cannot load TorchScript model " + file + " for card " + spec.name()
                    + ": " + e.getMessage(), e);
        }
        if (!(model.getBlock() instanceof PtSymbolBlock)) {
            model.close();
            throw new ModelLoadException(file + " did not load as a TorchScript module");
        }
        DjlFeatureModel m = new DjlFeatureModel(spec, model, forwardBatch);
        m.prepare(device);
        return m;
    }

    private void prepare(Device device) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        JniUtils.enableInferenceMode(block);
        // The first forward of a PtSymbolBlock initializes it and is not thread-safe
        // (DJL initializes it lazily); running it here, inside the registry's load lock, keeps it off the task threads.
        try (NDManager m = newManager()) {
            NDArray probe = m.zeros(new Shape(1, inputShape[0], inputShape[1], inputShape[2]), dataType);
            NDArray f = features(probe);
            if (f.getShape().dimension() != 2 || f.getShape().get(1) != featureDim) {
                throw new ModelLoadException("model " + name + " returned features of shape " + f.getShape()
                        + " for one " + inputShape[0] + "x" + inputShape[1] + "x" + inputShape[2]
                        + " image; the card says feature_dim = " + featureDim);
            }
        } catch (ModelLoadException e) {
            close();
            throw e;
        } catch (RuntimeException e) {
            close();
            throw new ModelLoadException("model " + name + " failed on a " + inputShape[0] + "x" + inputShape[1]
                    + "x" + inputShape[2] + " input (does the card's channels/crop match the model?): "
                    + e.getMessage(), e);
        }
        LOG.info("Loaded feature model {} on {} (forward batch {})", name, device, forwardBatch);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public NDManager newManager() {
        return model.getNDManager().newSubManager();
    }

    @Override
    public NDArray features(NDArray x) {
        long n = x.getShape().get(0);
        JniUtils.setGradMode(false);
        if (n <= forwardBatch) {
            return forward(x);
        }
        List<NDArray> parts = new ArrayList<>();
        for (long start = 0; start < n; start += forwardBatch) {
            parts.add(forward(x.get(new NDIndex("{}:{}", start, Math.min(n, start + forwardBatch)))));
        }
        return NDArrays.concat(new NDList(parts.toArray(new NDArray[0])), 0);
    }

    @Override
    public NDArray inputGradient(NDArray x, UnaryOperator<NDArray> loss) {
        NDArray leaf = x.duplicate();
        JniUtils.setGradMode(true);
        try {
            leaf.setRequiresGradient(true);
            NDArray value = loss.apply(forward(leaf));
            if (value.getShape().size() != 1) {
                throw new IllegalArgumentException("loss must be a scalar, got shape " + value.getShape());
            }
            NDArray seed = value.onesLike();
            JniUtils.backward((PtNDArray) value, (PtNDArray) seed, false, false);
            return leaf.getGradient().duplicate();
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    private NDArray forward(NDArray x) {
        NDArray normalized = x.sub(mean).div(std);
        NDList out = block.forward(new ParameterStore(x.getManager(), false), new NDList(normalized), true);
        return out.singletonOrThrow();
    }

    @Override
    public void close() {
        constants.close();
        model.close();
    }
}
