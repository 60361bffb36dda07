/**
 * The data layer: IDX file reading ({@link org.cram.experiments.data.IdxReader}), an in-memory image dataset
 * ({@link org.cram.experiments.data.InMemoryImageDataset}), the Fashion-MNIST loader
 * ({@link org.cram.experiments.data.FashionMnist}), seeded mini-batch iteration
 * ({@link org.cram.experiments.data.BatchLoader}, {@link org.cram.experiments.data.IndexSampling}) and image
 * augmentation ({@link org.cram.experiments.data.ImageAugmentation}).
 *
 * <p>Further formats of the paper's experiments:
 * <ul>
 *   <li>CIFAR-10 binary batches: {@link org.cram.experiments.data.Cifar10}, normalized with
 *       {@link org.cram.experiments.data.ChannelNormalization#CIFAR10};</li>
 *   <li>ImageNet-style class folders of JPEGs: {@link org.cram.experiments.data.ImageFolder} (file list),
 *       {@link org.cram.experiments.data.ImageDecoder} (bounded decoding),
 *       {@link org.cram.experiments.data.ImageNetTransforms} (torchvision's resize / crop / flip / normalize) and
 *       the lazily decoding {@link org.cram.experiments.data.ImageFolderDataset};</li>
 *   <li>text classification from CSV or JSONL: {@link org.cram.experiments.data.TextClassificationReader} into a
 *       {@link org.cram.experiments.data.TextDataset} of {@link org.cram.experiments.data.TextExample}s;</li>
 *   <li>the fine-food reviews of Debian's r-cran-modeldata: {@link org.cram.experiments.data.FineFoods}, read
 *       through R's lazy-load database format ({@link org.cram.experiments.data.RLazyLoadDatabase},
 *       {@link org.cram.experiments.data.RValue}, {@link org.cram.experiments.data.RDataFrame}).</li>
 * </ul>
 *
 * <p>Malformed or missing data files raise the unchecked {@link org.cram.experiments.data.DataFileException}, whose
 * message always names the offending file or directory. Readers check declared sizes against the real input before
 * allocating, so a small corrupt file cannot cause an {@link java.lang.OutOfMemoryError}.
 */
package org.cram.experiments.data;
