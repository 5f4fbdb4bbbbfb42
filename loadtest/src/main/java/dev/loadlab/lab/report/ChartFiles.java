package dev.loadlab.lab.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.knowm.xchart.ChartEncoder;

/** Writes a chart as {@code charts/<name>.png} and {@code .svg} (each atomically) and returns the PNG bytes. */
final class ChartFiles {

    static {
        // Charts are drawn off screen; never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFiles() {
    }

    static byte[] write(ChartSpec spec, Path chartsDir) {
        try {
            Files.createDirectories(chartsDir);
            byte[] png = png2x(spec);
            // SVG goes through VectorGraphics2D (an optional dependency of XChart, declared in loadtest/pom.xml)
            byte[] svg = ChartEncoder.getBytes(spec.chart(), "svg");
            writeAtomically(chartsDir.resolve(spec.name() + ".png"), png);
            writeAtomically(chartsDir.resolve(spec.name() + ".svg"), svg);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + spec.name() + " to " + chartsDir, e);
        }
    }

    /** The chart drawn at twice its size, so its text stays sharp when a browser scales it. */
    private static byte[] png2x(ChartSpec spec) throws IOException {
        int width = spec.chart().getWidth();
        int height = spec.chart().getHeight();
        BufferedImage image = new BufferedImage(width * 2, height * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(2, 2);
            spec.chart().paint(g, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
