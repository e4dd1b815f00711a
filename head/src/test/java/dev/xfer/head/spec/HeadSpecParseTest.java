package dev.xfer.head.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.training.ClassWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one reader of spec strings: the documented grammar, every type's keys, refusals that name what is wrong. */
class HeadSpecParseTest {

    @Test
    void readsTheGrammarTheHelpDocuments() {
        // dense[:HIDDEN,...][,dropout=R]: without hidden widths the first item follows a comma
        DenseSpec noDropout = (DenseSpec) HeadSpec.parse("dense,dropout=0");
        assertEquals(0.0, noDropout.dropout());
        assertArrayEquals(new int[0], noDropout.hidden());
        assertEquals(noDropout, HeadSpec.parse("dense:dropout=0"));
        DenseSpec layers = (DenseSpec) HeadSpec.parse("dense:256,128,dropout=0.3,output=sigmoid");
        assertArrayEquals(new int[] {256, 128}, layers.hidden());
        assertEquals(0.3, layers.dropout());
        assertEquals(DenseSpec.Output.SIGMOID, layers.output());
        assertEquals(DenseSpec.defaults(42), HeadSpec.parse("dense"));
        assertEquals(new LogregSpec(42, 0.1), HeadSpec.parse("logreg:C=0.1"));
        assertEquals(new LogregSpec(42, 0.1), HeadSpec.parse(" logreg : c = 0.1 "), "keys ignore case and spaces");
        assertEquals(new ForestSpec(42, 7), HeadSpec.parse("rf:trees=7"));
        DenseSpec sgd = (DenseSpec) HeadSpec.parse("dense:optimizer=sgd,batch-size=8,monitor=val_accuracy");
        assertEquals(DenseSpec.Optimizer.SGD, sgd.optimizer());
        assertEquals(8, sgd.batchSize());
        assertEquals(DenseSpec.Monitor.VAL_ACCURACY, sgd.monitor());
    }

    @Test
    void refusesWhatATypeDoesNotTakeNamingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> HeadSpec.parse("logreg:hidden=2"));
        assertEquals("'logreg:hidden=2': hidden does not apply to a logreg head (it takes C)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeadSpec.parse("knn:5"));
        assertTrue(e.getMessage().contains("'5' is not KEY=VALUE; a knn head takes k"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeadSpec.parse("dense:dropout=x"));
        assertEquals("'dense:dropout=x': dropout=x: not a number", e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeadSpec.parse("dense:output=tanh"));
        assertTrue(e.getMessage().contains("use softmax, sigmoid"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeadSpec.parse("forest"));
        assertTrue(e.getMessage().startsWith("unknown head 'forest'"), e.getMessage());

        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--hidden", "256");
        flags.put("--trees", "5");
        e = assertThrows(BadInputException.class, () -> HeadSpec.of(HeadType.LOGREG, 42, flags));
        assertEquals("--hidden, --trees do not apply to a logreg head (it takes --C)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeadSpec.of(HeadType.LDA, 42, Map.of("--C", "2")));
        assertEquals("--C does not apply to a lda head (it takes no hyperparameters)", e.getMessage());
        assertEquals(new KnnSpec(3, 9), HeadSpec.of(HeadType.KNN, 3, Map.of("--k", "9")));
    }

    @Test
    void fallbackValuesFillOnlyTheKeysATypeTakes() {
        Map<String, String> flags = Map.of("--C", "0.1", "--hidden", "64", "--lr", "0.01");
        assertEquals(new LogregSpec(5, 0.1), HeadSpec.parse("logreg", 5, flags));
        assertEquals(new LogregSpec(5, 2.0), HeadSpec.parse("logreg:C=2", 5, flags), "the text wins over a flag");
        DenseSpec d = (DenseSpec) HeadSpec.parse("dense,dropout=0", 5, flags);
        assertArrayEquals(new int[] {64}, d.hidden());
        assertEquals(0.01, d.lr());
        assertEquals(0.0, d.dropout());
        assertEquals(new KnnSpec(5, 5), HeadSpec.parse("knn", 5, flags));
    }

    @Test
    void eachTypeSaysWhichKeysItTakes() {
        assertEquals(List.of("C"), HeadSpec.keys(HeadType.LOGREG));
        assertEquals(List.of("trees"), HeadSpec.keys(HeadType.RF));
        assertEquals(List.of(), HeadSpec.keys(HeadType.LDA));
        assertEquals(List.of("hidden", "dropout", "output", "optimizer", "lr", "momentum", "nesterov", "batch_size",
                "epochs", "l2", "patience", "monitor"), HeadSpec.keys(HeadType.DENSE));
    }

    @Test
    void textReadsBackToTheSameSpecAndTheDigestTellsSpecsApart() {
        for (String s : List.of("logreg", "logreg:C=0.1", "svm-rbf:C=10.0", "rf:trees=7", "knn:k=3", "lda",
                "dense:256,128,dropout=0.3", "dense:optimizer=sgd,lr=0.01,nesterov=true", "dense:dropout=0.0")) {
            HeadSpec spec = HeadSpec.parse(s);
            assertEquals(spec, HeadSpec.parse(spec.text()), s + " -> " + spec.text());
        }
        assertEquals("logreg:C=0.1", HeadSpec.parse("logreg:C=0.1").text());
        assertEquals("dense:256,dropout=0.0", HeadSpec.parse("dense,256,dropout=0").text());
        assertEquals("logreg", HeadSpec.parse("logreg:C=1").text());

        String plain = HeadSpec.parse("logreg").digest();
        assertEquals(6, plain.length());
        assertEquals(plain, new LogregSpec(42, 1.0).digest());
        assertNotEquals(plain, HeadSpec.parse("logreg:C=0.1").digest());
        assertNotEquals(plain, new LogregSpec(7, 1.0).digest(), "another seed is another head");
        assertNotEquals(plain, new LinearSvmSpec(42, 1.0).digest(), "the type is part of it");
        assertNotEquals(plain, HeadSpec.parse("logreg").digest(ClassWeights.parse("balanced")));
        assertEquals(plain, HeadSpec.parse("logreg").digest(ClassWeights.NONE));
    }
}
