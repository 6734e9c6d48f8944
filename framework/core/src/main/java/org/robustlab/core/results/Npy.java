package org.robustlab.core.results;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.RobustlabException;

/**
 * NumPy {@code .npy} format version 1.0 (little-endian, C order) for float32, float64, int32 and
 * int64 arrays, so that {@code numpy.load} reads what robustlab writes and vice versa.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)([fiu])(\\d)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Serialises {@code array} (not modified). */
    public static void write(INDArray array, OutputStream out) throws IOException {
        DataType t = array.dataType();
        String descr;
        int width;
        switch (t) {
            case FLOAT -> { descr = "<f4"; width = 4; }
            case DOUBLE -> { descr = "<f8"; width = 8; }
            case INT -> { descr = "<i4"; width = 4; }
            case LONG -> { descr = "<i8"; width = 8; }
            default -> throw new IllegalArgumentException("npy: unsupported data type " + t);
        }
        long[] shape = array.shape();
        StringBuilder s = new StringBuilder("(");
        for (long d : shape) {
            s.append(d).append(", ");
        }
        if (shape.length > 1) {
            s.setLength(s.length() - 2);
        } else if (shape.length == 1) {
            s.setLength(s.length() - 1);
        }
        s.append(')');
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        int total = MAGIC.length + 4 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[]{1, 0, (byte) (header.length() & 0xFF), (byte) (header.length() >> 8)});
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        long n = array.length();
        INDArray c = org.robustlab.numerics.RowPasses.dense(array) && array.data().length() == n ? array : array.dup('c');
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            // the native buffer already holds the little-endian bytes: bulk copies, not one call per element (a 2000 ×
            // 3072 float32 array took ~0.4 s element by element, and checkpoints write two to three of them per epoch)
            ByteBuffer bytes = c.data().asNio();
            long bytesTotal = n * width;
            byte[] chunk = new byte[(int) Math.min(bytesTotal, 1 << 20)];
            for (long off = 0; off < bytesTotal; off += chunk.length) {
                int len = (int) Math.min(chunk.length, bytesTotal - off);
                bytes.get((int) off, chunk, 0, len);
                out.write(chunk, 0, len);
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(n * width, 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
        INDArray flat = c.reshape(n);
        for (long i = 0; i < n; i++) {
            if (buf.remaining() < width) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            switch (t) {
                case FLOAT -> buf.putFloat(flat.getFloat(i));
                case DOUBLE -> buf.putDouble(flat.getDouble(i));
                case INT -> buf.putInt(flat.getInt((int) i));
                default -> buf.putLong(flat.getLong(i));
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Serialises to bytes. */
    public static byte[] toBytes(INDArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(array, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads an {@code .npy} file written by robustlab or NumPy. */
    public static INDArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new RobustlabException(file + ": cannot read .npy (" + e.getMessage() + ")");
        }
    }

    /** Reads {@code .npy} content from a stream; {@code source} names it in errors. */
    public static INDArray read(InputStream raw, String source) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = in.readNBytes(6);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new RobustlabException(source + ": not a NumPy .npy file (bad magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLen;
        if (major == 1) {
            headerLen = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
        } else {
            byte[] b = in.readNBytes(4);
            headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        String header = new String(in.readNBytes(headerLen), StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher sh = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !sh.find()) {
            throw new RobustlabException(source + ": unreadable .npy header " + header.trim());
        }
        boolean bigEndian = d.group(1).equals(">");
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        long[] shape = Arrays.stream(sh.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        byte[] data = in.readNBytes(Math.toIntExact(n * width));
        if (data.length != n * width) {
            throw new RobustlabException(source + ": truncated .npy (" + data.length + " of " + n * width + " data bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        INDArray out;
        if (kind == 'f' && width == 4) {
            float[] v = new float[(int) n];
            buf.asFloatBuffer().get(v);
            out = Nd4j.create(v, shape.length == 0 ? new long[]{1} : shape, DataType.FLOAT);
        } else if (kind == 'f' && width == 8) {
            double[] v = new double[(int) n];
            buf.asDoubleBuffer().get(v);
            out = Nd4j.create(v, shape.length == 0 ? new long[]{1} : shape, DataType.DOUBLE);
        } else if (kind == 'i' && width == 4) {
            int[] v = new int[(int) n];
            buf.asIntBuffer().get(v);
            out = Nd4j.createFromArray(v).reshape(shape.length == 0 ? new long[]{1} : shape);
        } else if (kind == 'i' && width == 8) {
            long[] v = new long[(int) n];
            buf.asLongBuffer().get(v);
            out = Nd4j.createFromArray(v).reshape(shape.length == 0 ? new long[]{1} : shape);
        } else {
            throw new RobustlabException(source + ": unsupported .npy dtype " + d.group());
        }
        if (o.group(1).equals("True")) {
            long[] rev = shape.clone();
            for (int i = 0; i < rev.length / 2; i++) {
                long tmp = rev[i];
                rev[i] = rev[rev.length - 1 - i];
                rev[rev.length - 1 - i] = tmp;
            }
            out = out.reshape(rev).permute(reverseAxes(shape.length)).dup('c');
        }
        return out;
    }

    private static int[] reverseAxes(int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = rank - 1 - i;
        }
        return axes;
    }
}
