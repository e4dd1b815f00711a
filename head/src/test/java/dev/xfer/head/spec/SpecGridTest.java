package dev.xfer.head.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid grammar: where entries split, what '|' expands to, and the one-line refusals. */
class SpecGridTest {
    private static List<String> specs(String text) {
        return SpecGrid.parse(text, "--heads").specs();
    }

    @Test
    void theIssuesExampleIsTwoHeadsAndFiveConfigurations() {
        assertEquals(List.of("logreg:C=0.01", "logreg:C=0.1", "logreg:C=1", "svm-rbf:C=1", "svm-rbf:C=10"),
                specs("logreg:C=0.01|0.1|1,svm-rbf:C=1|10"));
    }

    @Test
    void plainListsSemicolonsAndParametersSplitWhereTheyShould() {
        assertEquals(List.of("logreg", "svm", "rf", "knn", "dense"), specs("logreg,svm,rf,knn,dense"));
        assertEquals(List.of("svm", "svm-rbf:C=2"), specs("svm,svm-rbf:C=2"), "svm is a prefix of svm-rbf");
        assertEquals(List.of("logreg:C=1", "knn:k=3", "knn:k=7"), specs("logreg:C=1; knn:k=3|7"));
        assertEquals(List.of("dense:256,dropout=0.3", "dense:256,dropout=0.5", "dense:512,dropout=0.3",
                "dense:512,dropout=0.5"), specs("dense:256|512,dropout=0.3|0.5"), "the cartesian product, in order");
        assertEquals(List.of("dense:dropout=0", "rf:trees=50"), specs("dense,dropout=0,rf:trees=50"),
                "a comma after the type starts its parameters too");
    }

    @Test
    void aGridFileHoldsOneSpecPerLineWithComments() {
        SpecGrid g = SpecGrid.ofLines(List.of("# a small search", "logreg:C=0.1|1", "", "  svm-rbf:C=1|10  "),
                "grid.txt");
        assertEquals(List.of("logreg:C=0.1", "logreg:C=1", "svm-rbf:C=1", "svm-rbf:C=10"), g.specs());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SpecGrid.ofLines(List.of("logreg", "knn:k=3||5"), "grid.txt"));
        assertTrue(e.getMessage().startsWith("grid.txt line 2 'knn:k=3||5'"), e.getMessage());
        assertThrows(BadInputException.class, () -> SpecGrid.ofLines(List.of("# nothing"), "grid.txt"));
    }

    @Test
    void badGridsAreRefusedInOneLine() {
        for (String bad : new String[] {"", "logreg:C=0.1||1", "logreg:C=", "logreg:", "lgreg:C=1", "logreg,,svm",
                "logreg;;svm", "logreg:C=1,logreg:C=1", "logreg:=1", "C=1", "knn:k=" + "1|".repeat(600) + "2"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> specs(bad), bad);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith("--heads"), e.getMessage());
        }
        assertTrue(assertThrows(BadInputException.class, () -> specs("lgreg:C=1")).getMessage()
                .contains("use one of logreg, svm, svm-rbf"));
    }
}
