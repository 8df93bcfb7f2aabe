"""Development helpers shared by the tests, the benchmark and the transcripts; nothing here ships
to Lambda."""
