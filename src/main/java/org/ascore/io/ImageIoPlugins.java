package org.ascore.io;

import com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;

/**
 * The TwelveMonkeys ImageIO plugins: registered, and chosen over the JDK's readers for the same
 * format.
 *
 * <p>ImageIO registers plugins once per JVM, from the service files visible to the thread's
 * context class loader at its first use. In a Spark executor the application jars are in a child
 * class loader, and whatever touched ImageIO first (another library, a thread of the system class
 * loader) leaves the TwelveMonkeys readers unregistered: WebP would be "unsupported" and CMYK JPEG
 * would fall to the JDK reader. So the decoder checks that the plugins are registered and, if not,
 * rescans with this class's loader as the context loader, as TwelveMonkeys advises for
 * application servers ({@code ImageIO.scanForPlugins()}).
 */
final class ImageIoPlugins {
    private static final List<Class<?>> READERS = List.of(JPEGImageReaderSpi.class, WebPImageReaderSpi.class,
            TIFFImageReaderSpi.class, BMPImageReaderSpi.class);
    private static final String PREFERRED_PACKAGE = "com.twelvemonkeys.";

    private ImageIoPlugins() {
    }

    /** Registers the plugins when a reader is missing; cheap when they are there. */
    static void ensureRegistered() {
        if (allRegistered()) {
            return;
        }
        synchronized (ImageIoPlugins.class) {
            if (allRegistered()) {
                return;
            }
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(ImageIoPlugins.class.getClassLoader());
            try {
                ImageIO.scanForPlugins();
            } finally {
                thread.setContextClassLoader(before);
            }
        }
    }

    static boolean allRegistered() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        return READERS.stream().allMatch(spi -> registry.getServiceProviderByClass(spi) != null);
    }

    /**
     * A reader for the stream's content, a TwelveMonkeys one where several accept it (the JDK's JPEG
     * reader refuses CMYK, its BMP reader some headers); null when none does.
     */
    static ImageReader readerFor(ImageInputStream in) throws IOException {
        ImageReader chosen = null;
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            if (chosen == null || (preferred(r) && !preferred(chosen))) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = r;
            } else {
                r.dispose();
            }
        }
        return chosen;
    }

    private static boolean preferred(ImageReader reader) {
        return reader.getClass().getName().startsWith(PREFERRED_PACKAGE);
    }
}
