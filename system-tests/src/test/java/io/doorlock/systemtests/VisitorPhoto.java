package io.doorlock.systemtests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A 320×240 PNG of a figure at a door, as an ESP32-CAM might send: real pixels, so the browser can decode it. */
final class VisitorPhoto {

    private VisitorPhoto() {
    }

    static byte[] png() {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x9c, 0xb4, 0xcc));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(0x6b, 0x4f, 0x3a));
        g.fillRect(20, 20, 80, 220);
        g.setColor(new Color(0x37, 0x41, 0x51));
        g.fillOval(135, 45, 60, 70);
        g.fillRoundRect(110, 115, 110, 140, 50, 50);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
