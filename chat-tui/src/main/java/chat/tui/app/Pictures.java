package chat.tui.app;

import chat.tui.model.Picture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Turns picture bytes into pixels the terminal can draw, scaled to fit a box. */
final class Pictures {

    private Pictures() {
    }

    /** The picture in {@code bytes} scaled to fit {@code maxWidth x maxHeight} pixels; null when unreadable. */
    static Picture decode(byte[] bytes, int maxWidth, int maxHeight) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                return null;
            }
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
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
