package org.ascore.pipeline;

import org.ascore.config.ModelCard;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputSizeCheckTest {
    private final ModelCard fmnist = ModelCard.load(Path.of("conf/models/fmnist-cnn.conf"));

    @Test
    void photosThroughTheDemoModelAreFlagged() {
        String w = InputSizeCheck.warning(1024, fmnist).orElseThrow();
        assertTrue(w.contains("1024 px") && w.contains("fmnist-cnn") && w.contains("28 px"), w);
    }

    @Test
    void tinyImagesThroughALargeModelAreFlagged() {
        assertTrue(InputSizeCheck.warning(6, fmnist).isPresent());
    }

    @Test
    void imagesNearTheCardsSizeAreNot() {
        assertFalse(InputSizeCheck.warning(28, fmnist).isPresent());
        assertFalse(InputSizeCheck.warning(28 * InputSizeCheck.FACTOR, fmnist).isPresent());
        assertFalse(InputSizeCheck.warning(28 / InputSizeCheck.FACTOR, fmnist).isPresent());
    }
}
