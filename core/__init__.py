"""Small pieces every package needs: typed errors, atomic writes, progress, shared paths."""
