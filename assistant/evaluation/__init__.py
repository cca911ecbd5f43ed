"""Scripted evaluation: question sets in, figures and a readable report out.

`runner` asks every question through the same `Assistant` the UI uses,
`metrics` scores one answer at a time (pure functions), `report` aggregates and
renders, `compare` puts two runs side by side and `squad` imports SQuAD-format
sets. `command` is the thin glue behind `assistant eval`.
"""
