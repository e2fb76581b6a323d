"""vta: employer needs, participant profiles, matching and follow-up for VTA employer coordinators."""
import os

# The embedding model's threads (OpenMP) busy-wait between operations by default. Beside a server
# answering requests that burns a core for nothing: measured on 2 busy cores, 114 ms of CPU per
# encoded text instead of 27 ms, with the same vectors bit for bit. Set before torch is loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# Likewise numpy's BLAS (OpenBLAS) threads: after each matrix product they busy-wait for about a
# tenth of a second before they sleep. A match run of 10,000 x 5,000 spent a quarter of its CPU time
# so: 1.8 -> 1.3 CPU seconds with this (2 cores), the same results bit for bit, no slower. Set before
# numpy is loaded.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
