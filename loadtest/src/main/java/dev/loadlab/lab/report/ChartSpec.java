package dev.loadlab.lab.report;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One chart of a report: {@code name} is the file name under {@code charts/} (without extension),
 * {@code caption} tells a reader what to look for. Line charts mostly; a stacked bar chart for CPU by layer.
 */
record ChartSpec(String name, String title, String caption, Chart<?, ?> chart) {
}
