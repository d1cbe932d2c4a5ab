package dev.loupe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart line and scatter charts in the report's look: white background, light grid, a qualitative palette. */
public final class Charts {
    /** Ten distinguishable colours (Tableau 10), one per class. */
    public static final Color[] PALETTE = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2), new Color(0x59a14f),
        new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac)};

    private Charts() {
    }

    /** One line of a line chart. */
    public record Line(String name, double[] x, double[] y) {
        public Line {
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("line " + name + " needs as many x as y values, at least one");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    /** The colour of class or series {@code i}. */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** A line chart with markers, one series per line. */
    public static XYChart lines(String title, String xTitle, String yTitle, List<Line> lines, int width, int height) {
        XYChart chart = base(title, xTitle, yTitle, width, height);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            XYSeries s = chart.addSeries(l.name(), l.x(), l.y());
            s.setLineColor(color(i));
            s.setMarkerColor(color(i));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        chart.getStyler().setLegendVisible(lines.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        return chart;
    }

    /** An empty scatter chart; add one series per class with {@link #addScatter}. */
    public static XYChart scatter(String title, int width, int height) {
        XYChart chart = base(title, "", "", width, height);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    /** Adds the points of one class to a scatter chart, coloured by {@code colourIndex}. */
    public static void addScatter(XYChart chart, String name, double[] x, double[] y, int colourIndex) {
        if (x.length == 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color(colourIndex));
    }

    private static XYChart base(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0xcccccc));
        st.setPlotGridLinesColor(new Color(0xe6e6e6));
        st.setLegendBorderColor(new Color(0xdddddd));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setChartTitleBoxVisible(false);
        st.setAntiAlias(true);
        return chart;
    }
}
