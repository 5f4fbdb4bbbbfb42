package dev.loadlab.lab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Colours and line styles, the same in every chart and table. Variant colours come from the Okabe-Ito
 * palette, which stays distinguishable for the common colour-vision deficiencies: blocking is vermillion,
 * virtual blue, async bluish green, eventloop reddish purple; other variants (--target names) take the remaining
 * colours in order.
 */
final class Palette {

    static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
    static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    static final Color BLUISH_GREEN = new Color(0x00, 0x9E, 0x73);
    static final Color ORANGE = new Color(0xE6, 0x9F, 0x00);
    static final Color SKY_BLUE = new Color(0x56, 0xB4, 0xE9);
    static final Color REDDISH_PURPLE = new Color(0xCC, 0x79, 0xA7);
    static final Color BLACK = new Color(0x22, 0x22, 0x22);
    static final Color YELLOW = new Color(0xF0, 0xE4, 0x42);
    /** Bound lines: not data, so grey and dashed. */
    static final Color BOUND_GREY = new Color(0x6E, 0x6E, 0x6E);

    private static final Map<String, Color> NAMED = Map.of(
            "blocking", VERMILLION, "virtual", BLUE, "async", BLUISH_GREEN, "eventloop", REDDISH_PURPLE);
    private static final List<Color> OTHERS = List.of(ORANGE, SKY_BLUE, BLACK, YELLOW);

    static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DOTTED = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {1f, 5f}, 0f);
    static final BasicStroke LONG_DASH = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {11f, 5f}, 0f);
    static final BasicStroke DASH_DOT = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {9f, 4f, 2f, 4f}, 0f);
    /** Bounds and reference lines. */
    static final BasicStroke BOUND = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);

    /** How the runs of a comparison differ on a chart: A solid with circles, B long dashes with squares... */
    static final List<BasicStroke> RUN_STROKES = List.of(SOLID, LONG_DASH, DOTTED, DASH_DOT);
    static final List<Marker> RUN_MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP);

    // Where the variants coincide (all below the pool's bound, the others near the Little bound) each is drawn
    // over the one before: blocking's square, virtual's diamond, async's circle and eventloop's triangle get
    // smaller in that order, so all four stay visible, one inside the other.
    private static final Map<String, Marker> NAMED_MARKERS = Map.of(
            "blocking", new Enlarged(SeriesMarkers.SQUARE, 1.9), "virtual", new Enlarged(SeriesMarkers.DIAMOND, 1.7),
            "async", new Enlarged(SeriesMarkers.CIRCLE, 1.3), "eventloop", SeriesMarkers.TRIANGLE_UP);
    private static final List<Marker> OTHER_MARKERS = List.of(SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND);

    private final Map<String, Color> colours = new LinkedHashMap<>();
    private final Map<String, Marker> markers = new LinkedHashMap<>();

    /** Assigns colours to the variants of one report or comparison (so the same variant never changes colour). */
    Palette(List<String> variants) {
        int next = 0;
        for (String v : variants) {
            Color named = NAMED.get(v);
            if (named != null) {
                colours.put(v, named);
                markers.put(v, NAMED_MARKERS.get(v));
            } else {
                colours.put(v, OTHERS.get(next % OTHERS.size()));
                markers.put(v, OTHER_MARKERS.get(next % OTHER_MARKERS.size()));
                next++;
            }
        }
    }

    /**
     * Each variant's marker shape in a single-run chart, so variants differ by shape as well as colour
     * (and stay visible where their lines coincide).
     */
    Marker marker(String variant) {
        return markers.getOrDefault(variant, SeriesMarkers.CIRCLE);
    }

    Color of(String variant) {
        return colours.getOrDefault(variant, BLACK);
    }

    static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** A marker drawn larger than the chart's marker size. */
    private static final class Enlarged extends Marker {
        private final Marker marker;
        private final double factor;

        Enlarged(Marker marker, double factor) {
            this.marker = marker;
            this.factor = factor;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            marker.paint(g, x, y, (int) Math.round(markerSize * factor));
        }
    }
}
