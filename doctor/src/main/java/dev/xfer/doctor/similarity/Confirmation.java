package dev.xfer.doctor.similarity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * How candidate duplicate pairs (feature cosine at or above the threshold) were confirmed, for the report.
 *
 * @param by             {@code perceptual hash} or {@code features only}
 * @param threshold      the feature cosine a pair confirmed by the hash needs
 * @param featuresOnlyThreshold the feature cosine a pair needs when a photo cannot be read
 * @param hashThreshold  the perceptual-hash similarity threshold (null: features only)
 * @param photos         where the photos were read (null: features only)
 * @param photosHashed   photos of candidate pairs read for their hash
 * @param photosUnreadable of those, photos gone or undecodable: their pairs rest on the features alone
 * @param rejectedPairs  candidate pairs the hash turned down (similar photos that are not the same picture)
 * @param note           why features only, or null
 */
public record Confirmation(@JsonProperty("by") String by, @JsonProperty("threshold") double threshold,
                           @JsonProperty("features_only_threshold") double featuresOnlyThreshold,
                           @JsonProperty("hash_threshold") Double hashThreshold,
                           @JsonProperty("photos") String photos, @JsonProperty("photos_hashed") int photosHashed,
                           @JsonProperty("photos_unreadable") int photosUnreadable,
                           @JsonProperty("rejected_pairs") int rejectedPairs, @JsonProperty("note") String note) {

    /** The same with {@code why} as its note. */
    public Confirmation withNote(String why) {
        return new Confirmation(by, threshold, featuresOnlyThreshold, hashThreshold, photos, photosHashed,
                photosUnreadable, rejectedPairs, why);
    }

    static Confirmation featuresOnly(DuplicateRule rule, String why) {
        return new Confirmation("features only", rule.featuresOnlyThreshold(), rule.featuresOnlyThreshold(), null,
                null, 0, 0, 0, why);
    }

    static Confirmation hashed(DuplicateRule rule, Path root, int hashed, int unreadable, int rejected) {
        String note = unreadable == 0 ? null : unreadable + " of " + hashed + " photos in candidate pairs could not be "
                + "read under " + root + ": their pairs rest on the features alone (cosine >= "
                + rule.featuresOnlyThreshold() + ")";
        return new Confirmation("perceptual hash", rule.threshold(), rule.featuresOnlyThreshold(),
                rule.hashThreshold(), root.toString(), hashed, unreadable, rejected, note);
    }
}
