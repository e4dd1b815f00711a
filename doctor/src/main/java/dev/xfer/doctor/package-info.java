/**
 * {@code xfer doctor}: data problems found from a snapshot's cached features alone. {@link dev.xfer.doctor.Doctor}
 * runs the examination into a {@link dev.xfer.doctor.Diagnosis}; the conv base never runs here.
 */
package dev.xfer.doctor;
