"""The fuzz suite's shared parts: budget and checks (`harness`), input mutations (`mutations`),
records from the JSON Schema (`schema`). The tests are tests/test_fuzz_*.py; `run.py` runs them
longer."""
