package org.robustlab.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.core.testkit.Python;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripEveryType() throws Exception {
        for (DataType t : List.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT, DataType.LONG)) {
            INDArray a = Nd4j.linspace(-5, 6, 12, DataType.DOUBLE).reshape(3, 4).castTo(t);
            Path f = dir.resolve(t + ".npy");
            Files.write(f, Npy.toBytes(a));
            INDArray back = Npy.read(f);
            assertEquals(a, back, t.toString());
        }
        INDArray vector = Nd4j.createFromArray(1.5f, 2.5f);
        Files.write(dir.resolve("v.npy"), Npy.toBytes(vector));
        assertEquals(vector, Npy.read(dir.resolve("v.npy")));
    }

    /** Views, transposes and column-major arrays are written in C order, each type through the bulk path. */
    @Test
    void viewsAndColumnMajorArraysAreWrittenInCOrder() throws Exception {
        for (DataType t : List.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT, DataType.LONG)) {
            INDArray base = Nd4j.linspace(1, 30, 30, DataType.DOUBLE).reshape(5, 6).castTo(t);
            INDArray transposed = base.transpose();
            INDArray fOrder = base.dup('f');
            INDArray rows = base.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4), org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray cols = base.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));
            for (INDArray a : List.of(transposed, fOrder, rows, cols)) {
                Path f = dir.resolve("view.npy");
                Files.write(f, Npy.toBytes(a));
                INDArray back = Npy.read(f);
                assertEquals(a.dup('c'), back, t + " " + java.util.Arrays.toString(a.shape()));
            }
        }
    }

    @Test
    void headerIsAlignedTo64Bytes() {
        byte[] b = Npy.toBytes(Nd4j.create(DataType.FLOAT, 2, 3));
        int headerLen = (b[8] & 0xFF) | ((b[9] & 0xFF) << 8);
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals('\n', b[10 + headerLen - 1]);
    }

    @Test
    void numpyReadsWhatWeWriteAndWeReadWhatItWrites() throws Exception {
        assumeTrue(Python.hasNumpy(), "skipped: python3 with numpy not installed (apt-get install python3-numpy)");
        INDArray a = Nd4j.linspace(0, 1, 6, DataType.DOUBLE).reshape(2, 3).castTo(DataType.FLOAT);
        Files.write(dir.resolve("a.npy"), Npy.toBytes(a));
        // numpy: a.sum() of linspace(0,1,6) = 3.0; also writes a Fortran-ordered int64 array for us to read
        assertTrue(Python.run("-c", "import numpy as np; a=np.load('" + dir.resolve("a.npy") + "'); assert a.shape==(2,3) and a.dtype==np.float32;"
                + " assert abs(a.sum()-3.0)<1e-6 and abs(a[1,2]-1.0)<1e-7;"
                + " np.save('" + dir.resolve("f.npy") + "', np.asfortranarray(np.arange(6,dtype=np.int64).reshape(2,3)))"));
        INDArray f = Npy.read(dir.resolve("f.npy"));
        assertEquals(Nd4j.createFromArray(new long[][]{{0, 1, 2}, {3, 4, 5}}), f);
    }
}
