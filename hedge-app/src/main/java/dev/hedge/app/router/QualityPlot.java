package dev.hedge.app.router;

import dev.hedge.core.router.RoutingMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws quality against the fraction of strong calls for the router, a random router and the oracle (PNG). */
public final class QualityPlot {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;
    private static final int MARGIN = 70;

    private QualityPlot() {}

    /** Writes the plot of {@code report} to {@code file}; {@code title} goes on top. */
    public static void write(RoutingMetrics.Report report, String title, Path file) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double low = Math.min(report.weakMean(), report.strongMean());
            double high = report.oracle().curve().stream().mapToDouble(RoutingMetrics.Point::quality).max().orElse(1);
            double pad = (high - low) * 0.05 + 1e-9;
            low -= pad;
            high += pad;
            axes(g, low, high);
            curve(g, report.oracle().curve(), low, high, new Color(0x2E7D32), "oracle (APGR %.3f)".formatted(report.oracle().apgr()), 0);
            curve(g, report.random().curve(), low, high, Color.GRAY, "random (APGR %.3f)".formatted(report.random().apgr()), 1);
            curve(g, report.router().curve(), low, high, new Color(0x1565C0), "router (APGR %.3f)".formatted(report.router().apgr()), 2);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, MARGIN, 30);
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
        } finally {
            g.dispose();
        }
    }

    private static void axes(Graphics2D g, double low, double high) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN);
        g.drawLine(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN);
        for (int i = 0; i <= 10; i++) {
            int x = x(i / 10.0);
            g.drawLine(x, HEIGHT - MARGIN, x, HEIGHT - MARGIN + 5);
            g.drawString(i * 10 + "%", x - 12, HEIGHT - MARGIN + 20);
            double q = low + (high - low) * i / 10;
            int y = y(q, low, high);
            g.drawLine(MARGIN - 5, y, MARGIN, y);
            g.drawString("%.3f".formatted(q), MARGIN - 50, y + 4);
        }
        g.drawString("fraction of calls to the strong model", WIDTH / 2 - 110, HEIGHT - 25);
        g.drawString("mean quality", 8, MARGIN - 12);
    }

    private static void curve(Graphics2D g, List<RoutingMetrics.Point> points, double low, double high, Color color,
            String label, int row) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < points.size(); i++) {
            RoutingMetrics.Point a = points.get(i - 1);
            RoutingMetrics.Point b = points.get(i);
            g.drawLine(x(a.strongFraction()), y(a.quality(), low, high), x(b.strongFraction()), y(b.quality(), low, high));
        }
        int legendY = HEIGHT - MARGIN - 70 + row * 20;
        g.drawLine(WIDTH - MARGIN - 230, legendY - 4, WIDTH - MARGIN - 200, legendY - 4);
        g.drawString(label, WIDTH - MARGIN - 190, legendY);
    }

    private static int x(double fraction) {
        return MARGIN + (int) Math.round(fraction * (WIDTH - 2 * MARGIN));
    }

    private static int y(double quality, double low, double high) {
        return HEIGHT - MARGIN - (int) Math.round((quality - low) / (high - low) * (HEIGHT - 2 * MARGIN));
    }
}
