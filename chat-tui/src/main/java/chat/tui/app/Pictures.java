package chat.tui.app;

import chat.tui.model.Picture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns pictures into pixels the terminal can draw, scaled to fit a box. A picture on disk is decoded with
 * subsampling, so a large photo costs memory for about the box's pixels, not for all of its own.
 */
final class Pictures {

    /** A picture's size in pixels, read from its header. */
    record Size(int width, int height) {
    }

    private Pictures() {
    }

    /** The picture in {@code bytes} scaled to fit {@code maxWidth x maxHeight} pixels; null when unreadable. */
    static Picture decode(byte[] bytes, int maxWidth, int maxHeight) {
        try {
            ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes));
            return in == null ? null : decode(in, maxWidth, maxHeight);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The picture in {@code file} scaled to fit {@code maxWidth x maxHeight} pixels; null when not a picture. */
    static Picture decode(Path file, int maxWidth, int maxHeight) {
        try {
            ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
            return in == null ? null : decode(in, maxWidth, maxHeight);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The size in pixels of the picture in {@code file}, from its header alone; null when not a picture. */
    static Size size(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(in);
            if (reader == null) {
                return null;
            }
            try {
                return new Size(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Picture decode(ImageInputStream in, int maxWidth, int maxHeight) throws IOException {
        try (in) {
            ImageReader reader = readerFor(in);
            if (reader == null) {
                return null;
            }
            BufferedImage image;
            try {
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                // every n-th pixel of every n-th row, keeping at least twice the box for a smooth scale below
                int step = Math.max(1, Math.min(width / Math.max(1, 2 * maxWidth),
                        height / Math.max(1, 2 * maxHeight)));
                param.setSourceSubsampling(step, step, 0, 0);
                image = reader.read(0, param);
            } finally {
                reader.dispose();
            }
            return image == null ? null : scaled(image, maxWidth, maxHeight);
        }
    }

    private static ImageReader readerFor(ImageInputStream in) {
        if (in == null) {
            return null;
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    private static Picture scaled(BufferedImage image, int maxWidth, int maxHeight) {
        double scale = Math.min(1.0, Math.min((double) maxWidth / image.getWidth(),
                (double) maxHeight / image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        int[] rgb = scaled.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return new Picture(width, height, rgb);
    }
}
