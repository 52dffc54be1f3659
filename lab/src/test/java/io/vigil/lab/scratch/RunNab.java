package io.vigil.lab.scratch;

import io.vigil.lab.eval.NabEvaluation;
import java.nio.file.Path;

public class RunNab {
    public static void main(String[] a) {
        NabEvaluation.run(Path.of(a[0]), Path.of("/tmp/nab-e.json"), a.length > 1 ? a[1] : "standard", Path.of("/tmp/nab.png"), System.out);
    }
}
