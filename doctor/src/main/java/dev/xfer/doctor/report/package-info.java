/** What {@code xfer doctor --out} writes: doctor.json and a self-contained report.html with a map and thumbnails. */
package dev.xfer.doctor.report;
