"""Demo kinds: each builds a DemoBook."""
