/**
 * What every xfer module shares: the {@link dev.xfer.common.Backbone} interface, the provenance record that
 * travels with every artifact on disk, and the small value types (pooling, preprocessing) they are made of.
 * Imports neither TensorFlow nor Smile, so heads and tools can depend on it without native libraries.
 */
package dev.xfer.common;
