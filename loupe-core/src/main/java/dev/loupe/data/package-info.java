/**
 * Datasets for Loupe: reading, finding and downloading labelled images.
 *
 * <ul>
 *   <li>{@link dev.loupe.data.Dataset}: images [N, C, H, W] in [0, 1] with labels and class names.</li>
 *   <li>{@link dev.loupe.data.Idx}: the IDX format of MNIST, Fashion-MNIST, KMNIST and EMNIST (gzip or raw).</li>
 *   <li>{@link dev.loupe.data.ImageFolder}: one sub-folder of PNG/JPEG images per class.</li>
 *   <li>{@link dev.loupe.data.KnownDatasets} and {@link dev.loupe.data.DatasetFamily}: names, classes, files, download
 *       URLs and SHA-256 sums.</li>
 *   <li>{@link dev.loupe.data.DatasetLocator}: {@code --data}, then the cache, then Debian's Fashion-MNIST, then a
 *       verified download ({@link dev.loupe.data.Downloader}, reporting to a
 *       {@link dev.loupe.data.DownloadProgress}).</li>
 *   <li>{@link dev.loupe.data.Normalization}: per-channel mean and standard deviation.</li>
 * </ul>
 * Everything here uses only the JDK. Every user-facing failure is a one-line {@link dev.loupe.LoupeException}.
 */
package dev.loupe.data;
