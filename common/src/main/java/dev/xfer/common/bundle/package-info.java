/**
 * What every trained artifact on disk has in common, whichever module wrote it: a folder (a head bundle under
 * {@code heads/} or a fine-tuned model under {@code models/}) with a {@code head.json} that names the snapshot of
 * features it was trained on. Garbage collection reads those names here without knowing heads or models.
 */
package dev.xfer.common.bundle;
