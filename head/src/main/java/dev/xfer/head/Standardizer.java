package dev.xfer.head;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Zero mean, unit variance per feature, fitted on training rows only; constant features are left centred. */
public record Standardizer(@JsonProperty("mean") double[] mean, @JsonProperty("scale") double[] scale) {

    /** Fitted on {@code rows} rows of a row-major float matrix. */
    public static Standardizer fit(float[] x, int rows, int dim) {
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += x[i * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= rows;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                double e = x[i * dim + j] - mean[j];
                var[j] += e * e;
            }
        }
        double[] scale = new double[dim];
        for (int j = 0; j < dim; j++) {
            double sd = Math.sqrt(var[j] / rows);
            scale[j] = sd > 1e-12 ? sd : 1;
        }
        return new Standardizer(mean, scale);
    }

    /** Every row of a row-major float matrix, standardised, row-major. */
    public double[] applyAll(float[] x, int rows, int dim) {
        double[] z = new double[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                z[i * dim + j] = (x[i * dim + j] - mean[j]) / scale[j];
            }
        }
        return z;
    }

    /** Every row, standardised, in single precision (for the matrix products of kNN and kernel heads). */
    public float[] applyAllFloat(float[] x, int rows, int dim) {
        float[] z = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                z[i * dim + j] = (float) ((x[i * dim + j] - mean[j]) / scale[j]);
            }
        }
        return z;
    }

    /** Row {@code i} of a row-major float matrix, standardised. */
    public double[] apply(float[] x, int i, int dim) {
        double[] r = new double[dim];
        for (int j = 0; j < dim; j++) {
            r[j] = (x[i * dim + j] - mean[j]) / scale[j];
        }
        return r;
    }
}
