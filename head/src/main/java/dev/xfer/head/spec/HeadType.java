package dev.xfer.head.spec;

import dev.xfer.common.BadInputException;
import java.util.Arrays;
import java.util.List;

/** The head types, by the name users type ({@code --type svm-rbf}) and bundles record. */
public enum HeadType {
    LOGREG("logreg", false, true),
    SVM("svm", false, true),
    SVM_RBF("svm-rbf", false, true),
    RF("rf", true, false),
    GBT("gbt", false, false),
    KNN("knn", false, true),
    LDA("lda", true, true),
    DENSE("dense", true, false);

    private final String id;
    private final boolean classWeights;
    private final boolean standardises;

    HeadType(String id, boolean classWeights, boolean standardises) {
        this.id = id;
        this.classWeights = classWeights;
        this.standardises = standardises;
    }

    /** The name on the command line and in head.json. */
    public String id() {
        return id;
    }

    /** Whether the head can weight classes (the others refuse a --class-weight other than none). */
    public boolean takesClassWeights() {
        return classWeights;
    }

    /** Whether features are standardised before fitting (the scaler is stored with the head). */
    public boolean standardises() {
        return standardises;
    }

    /** Every name, in the order help lists them. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(HeadType::id).toList();
    }

    /** The type named {@code id}, or a one-line error listing the names. */
    public static HeadType of(String id) {
        for (HeadType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new BadInputException("unknown head '" + id + "': use one of " + String.join(", ", ids()));
    }

    @Override
    public String toString() {
        return id;
    }
}
