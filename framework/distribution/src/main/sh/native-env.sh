# The native libraries' settings for robustlab's JVM, sourced by the ./robustlab launcher and by .ci/run (so the
# tests run the kernels and thread settings studies run on). Each is read when the library loads, so Java cannot
# set it; a value the user exported wins.

# OpenBLAS picks its kernels from the CPU model. On a model it does not know (this project's KVM
# guest reports "Intel(R) Xeon(R) Processor") it falls back to SSE3 "Prescott" kernels: a float32
# GEMM took 396 ms on one core there, 153 ms with the AVX2 "Haswell" kernels and 80 ms with the
# AVX-512 "SkylakeX" ones. OpenBLAS 0.3.19 (bundled until 2026-12-01) returned wrong eigenvectors with
# its AVX-512 kernels; 0.3.21, bundled now, returns right ones (docs/performance.md). So unless the user
# chose: SkylakeX on a CPU with the AVX-512 subsets those kernels use, else Haswell with AVX2 + FMA.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo || true) "
  has() { for f in "$@"; do case "$cpu_flags" in *" $f "*) ;; *) return 1 ;; esac; done; }
  if has avx512f avx512cd avx512bw avx512dq avx512vl; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif has avx2 fma; then
    export OPENBLAS_CORETYPE=Haswell
  fi
fi

# When a BLAS call ends, OpenBLAS's threads spin for the next one for about 2^28 cycles (~0.1 s), and OpenMP's
# (ND4J's native loops) spin too; on a machine with few cores they take the cores the Java row passes between the
# GEMMs need. Measured on 2 cores (docs/performance.md): an MLP training step 1.31-1.36x its two GEMMs by default,
# 1.18-1.21x with OpenMP threads passive and OpenBLAS's spin cut to 2^4 cycles; but 2^4 made LAPACK's
# eigendecomposition (many small BLAS calls) 15-20 % slower, 2^16 (~20 us) did not. Neither setting changes a
# result, only how idle threads wait. Unless the user chose:
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-16}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
