/**
 * The HTML report: one self-contained folder ({@code index.html}, PNG figures, SVG and CSV for charts, inline CSS,
 * no network) with a section per seed experiment of Zeiler &amp; Fergus (2014), Simonyan et al. (2014), Springenberg
 * et al. (2015), Bach et al. (2015), Selvaraju et al. (2017), DeepDream and t-SNE (van der Maaten &amp; Hinton, 2008).
 *
 * <ul>
 *   <li>{@link dev.loupe.report.Report#write}: the entry point, fed a {@link dev.loupe.report.ReportInput} (model,
 *       classes, input normalisation, datasets, optional {@link dev.loupe.report.TrainingHistory}) and
 *       {@link dev.loupe.report.ReportOptions} (folder, {@link dev.loupe.report.ReportSize}, seed, threads);</li>
 *   <li>{@link dev.loupe.report.Section}: one experiment; {@link dev.loupe.report.Sections} lists them in report
 *       order. A section fills a {@link dev.loupe.report.SectionContent} with paragraphs, parameter tables, figures
 *       and tables, and says why with {@link dev.loupe.report.SectionUnavailable} when it cannot run;</li>
 *   <li>{@link dev.loupe.report.HtmlPage} turns the contents into the page; {@link dev.loupe.report.FigureStore}
 *       writes the images; {@link dev.loupe.report.Charts} draws XChart line and scatter charts.</li>
 * </ul>
 */
package dev.loupe.report;
