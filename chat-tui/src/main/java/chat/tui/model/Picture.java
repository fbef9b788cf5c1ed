package chat.tui.model;

/** A small picture to draw in the terminal: {@code width x height} pixels, 0xRRGGBB, row by row. */
public record Picture(int width, int height, int[] rgb) {

    public Picture {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException("a picture needs width x height pixels");
        }
    }

    public int pixel(int x, int y) {
        return rgb[y * width + x];
    }
}
