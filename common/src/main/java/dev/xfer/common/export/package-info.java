/**
 * Writing a feature cache out for other tools: NumPy {@code .npy} arrays, CSV and Parquet, each written to a
 * temporary name and renamed so an interrupted export never leaves a half file under the final name.
 */
package dev.xfer.common.export;
