/**
 * Pictures of explanation results, for the CLI, the HTML report and the web explorer. JDK only (java.awt.image,
 * javax.imageio); everything draws off-screen, so it runs headless.
 *
 * <ul>
 *   <li>{@link dev.loupe.render.Colormap}: diverging (bwr, seismic) and sequential (inferno, viridis, gray, jet)
 *       colormaps, looked up by name;</li>
 *   <li>{@link dev.loupe.render.Heatmap} with {@link dev.loupe.render.HeatmapStyle}: a map tensor (NCHW, or a plane
 *       [H, W]) to a colour image, normalised as {@link dev.loupe.render.RangeMode} says;
 *       {@link dev.loupe.render.ColorBar} draws the matching legend;</li>
 *   <li>{@link dev.loupe.render.Overlay}: a heatmap over the (de-normalised) input;</li>
 *   <li>{@link dev.loupe.render.Upscale}: nearest-neighbour for images, bilinear for maps;</li>
 *   <li>{@link dev.loupe.render.Mosaic}: labelled grids of tiles with captions above each tile;</li>
 *   <li>{@link dev.loupe.render.Png}: PNG files with text metadata, written atomically;</li>
 *   <li>{@link dev.loupe.render.ImageConversion}: image tensors in [0, 1] to and from images.</li>
 * </ul>
 */
package dev.loupe.render;
