"""Development helpers shared by the tests and the benchmark; nothing here ships to Lambda."""
