package chat.server.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks a picture and makes its thumbnail, safely: the size in pixels is read from the header before anything is
 * decoded, and a picture over the pixel limit is refused (a decompression bomb of a few KiB can claim gigapixels).
 * Decoding reads every n-th pixel only, so memory stays small whatever the picture. A truncated or damaged picture
 * is refused rather than shown half.
 */
public final class ImageInspector {

    /** What a picture is; {@code thumbnailPng} is null for one too large to decode. */
    public record Picture(int width, int height, byte[] thumbnailPng) {
    }

    /** A picture that is not one, or is too large. */
    public static final class BadImage extends Exception {
        public BadImage(String message) {
            super(message, null, false, false);
        }
    }

    private final long maxPixels;
    private final long maxThumbnailPixels;
    private final int thumbnailSize;

    /**
     * @param maxPixels the most pixels (width x height) a picture may claim
     * @param maxThumbnailPixels the most pixels of a picture that is decoded for a thumbnail; a larger one is
     *     measured from its header only and has none (decoding reads every pixel, whatever the subsampling: a
     *     40-megapixel PNG takes over a second)
     * @param thumbnailSize the longest side of a thumbnail, in pixels
     */
    public ImageInspector(long maxPixels, long maxThumbnailPixels, int thumbnailSize) {
        this.maxPixels = maxPixels;
        this.maxThumbnailPixels = maxThumbnailPixels;
        this.thumbnailSize = thumbnailSize;
    }

    /** Inspects the picture in {@code file} (the first frame of a GIF). */
    public Picture inspect(Path file) throws BadImage, IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new BadImage("not a picture");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new BadImage("not a picture this server reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                boolean[] damaged = {false};
                reader.addIIOReadWarningListener((source, warning) -> damaged[0] = true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new BadImage("the picture has no size");
                }
                if ((long) width * height > maxPixels) {
                    throw new BadImage("the picture is " + width + "x" + height + " pixels; at most " + maxPixels
                            + " are allowed");
                }
                if ((long) width * height > maxThumbnailPixels) {
                    return new Picture(width, height, null);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (thumbnailSize * 4));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (damaged[0]) {
                    throw new BadImage("the picture is damaged or cut short");
                }
                return new Picture(width, height, thumbnail(image));
            } catch (IOException | RuntimeException e) {
                throw new BadImage("the picture is damaged or cut short");
            } finally {
                reader.dispose();
            }
        }
    }

    private byte[] thumbnail(BufferedImage image) throws IOException {
        double scale = Math.min(1.0, (double) thumbnailSize / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(small, "png", png);
        return png.toByteArray();
    }
}
