"""vta: employer needs, participant profiles, matching and follow-up for VTA employer coordinators."""
import os

# The embedding model's threads (OpenMP) busy-wait between operations by default. Beside a server
# answering requests that burns a core for nothing: measured on 2 busy cores, 114 ms of CPU per
# encoded text instead of 27 ms, with the same vectors bit for bit. Set before torch is loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
