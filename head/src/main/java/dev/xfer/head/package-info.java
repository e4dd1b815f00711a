/**
 * Phase two: heads trained, compared and used on cached features. {@link dev.xfer.head.Heads} fits or loads any
 * head type, {@link dev.xfer.head.HeadTraining} splits and scores one, {@link dev.xfer.head.CrossValidation}
 * ranks several on the same folds by a {@link dev.xfer.head.Metric} (with a {@link dev.xfer.head.NestedScore}
 * for the choice), {@link dev.xfer.head.HeadBundle} writes and reads {@code heads/NAME/}.
 * Never builds or runs the conv base.
 */
package dev.xfer.head;
