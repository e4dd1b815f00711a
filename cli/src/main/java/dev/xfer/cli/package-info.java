/**
 * The {@code xfer} command line: one picocli command class per verb, each returning an exit code and writing
 * to the streams it is given (0 ok, 1 failure, 2 bad usage or bad input), so tests run them in-process.
 */
package dev.xfer.cli;
