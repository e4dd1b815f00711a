/**
 * The little dense linear algebra the heads need (products of row-major matrices, a Cholesky solve), written
 * so the JIT vectorises the inner loops: no native BLAS is needed and results do not depend on thread timing.
 */
package dev.xfer.head.math;
