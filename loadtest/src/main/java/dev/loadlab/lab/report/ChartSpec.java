package dev.loadlab.lab.report;

import org.knowm.xchart.XYChart;

/**
 * One chart of a report: {@code name} is the file name under {@code charts/} (without extension),
 * {@code caption} tells a reader what to look for.
 */
record ChartSpec(String name, String title, String caption, XYChart chart) {
}
