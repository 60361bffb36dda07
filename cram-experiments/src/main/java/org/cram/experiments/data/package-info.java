/**
 * The data layer: IDX file reading ({@link org.cram.experiments.data.IdxReader}), an in-memory image dataset
 * ({@link org.cram.experiments.data.InMemoryImageDataset}), the Fashion-MNIST loader
 * ({@link org.cram.experiments.data.FashionMnist}), seeded mini-batch iteration
 * ({@link org.cram.experiments.data.BatchLoader}, {@link org.cram.experiments.data.IndexSampling}) and image
 * augmentation ({@link org.cram.experiments.data.ImageAugmentation}).
 *
 * <p>Malformed or missing data files raise the unchecked {@link org.cram.experiments.data.DataFileException}, whose
 * message always names the offending file or directory.
 */
package org.cram.experiments.data;
