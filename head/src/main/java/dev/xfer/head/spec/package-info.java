/**
 * What a head is asked to be: one typed, validated specification per head type (a sealed family of records),
 * as it is stored in {@code head.json}'s {@code params} and shown on the leaderboard, and the one reader of spec
 * strings ({@link dev.xfer.head.spec.HeadSpec#parse}, {@code logreg:C=0.1}) every command's spec goes through.
 */
package dev.xfer.head.spec;
