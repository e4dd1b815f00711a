/**
 * What phase two shares between its heads and the command line: the {@link dev.xfer.common.head.Head}
 * interface, class weights, seeded splits and folds, and the metrics every head is judged by.
 */
package dev.xfer.common.head;
