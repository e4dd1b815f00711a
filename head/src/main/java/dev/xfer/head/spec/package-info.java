/**
 * What a head is asked to be: one typed, validated specification per head type (a sealed family of records),
 * as it is stored in {@code head.json}'s {@code params} and shown on the leaderboard.
 */
package dev.xfer.head.spec;
