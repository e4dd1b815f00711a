package dev.xfer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one JSON shape of a prediction, as predict --json (nulls left out by default) and serve write it. */
class PredictionJsonTest {
    private static final ObjectMapper SKIP_NULLS = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Test
    void anUnknownPhotoHasANullClassAndItsNearestClassAsAValue() throws Exception {
        Prediction p = Prediction.of(new double[] {0.2, 0.7, 0.1}, List.of("cat", "daisy", "dog"))
                .withOpenSet("daisy", 1.234567);
        assertEquals("{\"class\":null,\"predictions\":[{\"class\":\"daisy\",\"probability\":0.7}],"
                + "\"unknown\":true,\"nearest\":\"daisy\",\"distance_ratio\":1.2346}",
                SKIP_NULLS.writeValueAsString(p.json(1)));
        assertEquals("unknown (nearest: daisy)", p.answer(), "the sentence is the terminal's");
    }

    @Test
    void aKnownPhotoListsTheTopClassesAndNoOpenSetFieldsWhenNotChecked() throws Exception {
        Prediction p = Prediction.of(new double[] {0.25, 0.7, 0.05}, List.of("cat", "daisy", "dog"));
        assertEquals("{\"class\":\"daisy\",\"predictions\":[{\"class\":\"daisy\",\"probability\":0.7},"
                + "{\"class\":\"cat\",\"probability\":0.25}]}", SKIP_NULLS.writeValueAsString(p.json(2)));
        assertEquals(3, p.json(0).predictions().size(), "0: every class");
        assertEquals(3, p.json(10).predictions().size());
        assertThrows(IllegalArgumentException.class, () -> p.json(-1));
        PredictionRun run = new PredictionRun(ModelRef.model(java.nio.file.Path.of("models/x")),
                List.of(new PredictionRun.Image("a.jpg", p)), 1, 2.0);
        assertEquals("{\"model\":\"models/x\",\"results\":[{\"path\":\"a.jpg\",\"class\":\"daisy\","
                + "\"predictions\":[{\"class\":\"daisy\",\"probability\":0.7}]}],\"seconds\":2.0,"
                + "\"images_per_second\":0.5}", SKIP_NULLS.writeValueAsString(run));
    }
}
