"""The live benchmark: handlers on real servers, measured from the server's side.

``python -m benchmarks --live`` runs it (see :mod:`benchmarks.live.rounds`
for the method). The server (:mod:`benchmarks.live.server`) and the load
client (:mod:`benchmarks.live.client`) are processes of their own, each
pinned to a CPU where the platform allows.
"""
