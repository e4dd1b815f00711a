/** Self-contained HTML reports of head training and comparison, with PNG figures (XChart) inlined. */
package dev.xfer.head.report;
