"""The demo network (real geography, fictional people) and the scale generator.

plan.py computes what the network should hold, sync.py writes it by natural keys,
checks.py proves the model rules on the database, scale.py builds the benchmark network."""
